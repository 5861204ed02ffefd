import type { Category, Reason, Verdict } from "../classify/criteria.js";
import { describeCategory } from "../classify/content.js";
import { classifyDescription } from "../classify/description.js";
import { outputFiles, type Plan, type PlanTask } from "./schema.js";

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
 * kind. Pure: the record comes in through `route`.
 */
export function checkPlan(plan: Plan, route: Router = (v) => v): PlanCheck {
  const tasks = plan.tasks.map((t) => checkTask(t, route));
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

export function checkTask(t: PlanTask, route: Router = (v) => v): TaskCheck {
  const files = outputFiles(t);
  const staticVerdict = classifyDescription({
    description: t.description,
    kind: t.kind,
    lines: t.lines,
    imports: t.imports,
    files: files.length || undefined,
    // A task that writes logic is checked by running something; doc, test and type tasks are not.
    hasTest: Boolean(t.test_command),
  });
  const v = route(staticVerdict, t.kind);
  const out: TaskCheck = { id: t.task_id, owner: t.owner, verdict: v.verdict, category: v.category };
  if (v.verdict === "claude") out.breaks = v.reasons.filter((r) => !r.ok).map((r) => describeReason(r, v.category));
  if (t.owner === "local" && v.verdict === "claude") out.fix = FIX;
  if (t.owner === "claude" && v.verdict === "local") out.note = "meets the atomic criteria: the local model could write it";
  return out;
}

const FIX = "split it into atomic tasks, or make it owner: claude";

const STATEFUL: ReadonlySet<Category> = new Set(["react-hook", "reducer", "state"]);

function describeReason(r: Reason, category: Category): string {
  if (r.criterion !== "category") return `${r.criterion}: ${r.detail}`;
  const label = STATEFUL.has(category) ? "state" : category === "integration" ? "integration" : category === "bugfix" ? "bugfix" : "category";
  return `${label}: ${describeCategory(category)}`;
}
