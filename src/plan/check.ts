import type { Category, Reason, Verdict } from "../classify/criteria.js";
import { describeCategory } from "../classify/content.js";
import { classifyDescription } from "../classify/description.js";
import { isTestFile } from "../lang/languages.js";
import { ancestors } from "./graph.js";
import { outputFiles, type Plan, type PlanTask } from "./schema.js";
import { planRel } from "./share.js";

/** Overrules a static verdict with the model's measured record (src/plan/route.ts); identity without one. */
export type Router = (v: Verdict, kind: string) => Verdict;

export interface TaskCheck {
  id: string;
  owner: "local" | "claude";
  verdict: "local" | "claude";
  category: Category;
  /** What keeps the task from being atomic, one "criterion: detail" each, whenever the verdict is claude. */
  breaks?: string[];
  /** Only on a local task that breaks the criteria: what Claude should do about it. */
  fix?: string;
  /** A Claude task the classifier would hand to the local model. */
  note?: string;
}

export interface PlanCheck {
  /** `ok`: every local task meets the atomic criteria. `issues`: some do not; split or reassign them. */
  status: "ok" | "issues";
  tasks: TaskCheck[];
  totals: { local: number; claude: number; breaking: number; could_delegate: number };
}

/**
 * Each task against the atomic criteria (≤ 50 lines, ≤ 2 imports, one file, stateless, tested),
 * from its description, its files and its size hints, then against this model's record on the
 * kind. The record comes in through `route`; `root` only resolves the plan's paths.
 */
export function checkPlan(plan: Plan, root: string, route: Router = (v) => v): PlanCheck {
  const tests = testedBy(plan, root);
  const tasks = plan.tasks.map((t) => checkTask(t, route, tests.get(t.task_id)));
  const breaking = tasks.filter((t) => t.fix).length;
  return {
    status: breaking ? "issues" : "ok",
    tasks,
    totals: {
      local: tasks.filter((t) => t.owner === "local").length,
      claude: tasks.filter((t) => t.owner === "claude").length,
      breaking,
      could_delegate: tasks.filter((t) => t.note).length,
    },
  };
}

/**
 * One task against the criteria. `tester` is the id of a later task of the same plan that writes
 * its tests: "has existing tests or gets new tests" is met either way.
 */
export function checkTask(t: PlanTask, route: Router = (v) => v, tester?: string): TaskCheck {
  const files = outputFiles(t);
  const staticVerdict = classifyDescription({
    description: t.description,
    kind: writesTests(t) ? "test" : t.kind,
    lines: t.lines,
    imports: t.imports,
    files: files.length || undefined,
    // A task that writes logic is checked by running something; doc, test and type tasks are not.
    hasTest: Boolean(t.test_command),
    testedBy: tester,
  });
  const v = route(staticVerdict, t.kind);
  const out: TaskCheck = { id: t.task_id, owner: t.owner, verdict: v.verdict, category: v.category };
  if (v.verdict === "claude") out.breaks = v.reasons.filter((r) => !r.ok).map((r) => describeReason(r, v.category));
  if (t.owner === "local" && v.verdict === "claude") out.fix = FIX;
  if (t.owner === "claude" && v.verdict === "local") out.note = "meets the atomic criteria: the local model could write it";
  return out;
}

/** A test task: its kind says so, or every file it writes is a test file by its ecosystem's convention. */
function writesTests(t: PlanTask): boolean {
  const files = outputFiles(t);
  return t.kind === "test" || (files.length > 0 && files.every(isTestFile));
}

/**
 * For each task, the first test task of the plan that covers it: one that depends on it, or that
 * reads a file it writes (`context_files`) and does not run before it. Paths compare as the run
 * resolves them.
 */
export function testedBy(plan: Plan, root: string): Map<string, string> {
  const norm = (p: string) => planRel(root, p);
  const before = ancestors(plan.tasks);
  const covered = new Map<string, string>();
  for (const u of plan.tasks) {
    if (!writesTests(u)) continue;
    const reads = new Set(u.context_files.map(norm));
    for (const t of plan.tasks) {
      if (t === u || covered.has(t.task_id) || writesTests(t) || before.get(t.task_id)?.has(u.task_id)) continue;
      if (u.depends_on.includes(t.task_id) || outputFiles(t).some((f) => reads.has(norm(f)))) covered.set(t.task_id, u.task_id);
    }
  }
  return covered;
}

const FIX = "split it into atomic tasks, or make it owner: claude";

const STATEFUL: ReadonlySet<Category> = new Set(["react-hook", "reducer", "state"]);

function describeReason(r: Reason, category: Category): string {
  if (r.criterion !== "category") return `${r.criterion}: ${r.detail}`;
  const label = STATEFUL.has(category) ? "state" : category === "concurrency" ? "concurrency" : category === "integration" ? "integration" : category === "bugfix" ? "bugfix" : "category";
  return `${label}: ${describeCategory(category)}`;
}
