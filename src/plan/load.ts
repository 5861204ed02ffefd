import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { describeThrown, fail, ok, type Failure, type Result } from "../errors.js";
import { resolveInProject } from "../project/safe-path.js";
import { checkModelOutput } from "../spec/load.js";
import { describeZodError } from "../util/zod-errors.js";
import { ancestors, graphProblem } from "./graph.js";
import { PLAN_FIELDS, PlanSchema, outputFiles, type Plan } from "./schema.js";

const MAX_PLAN_BYTES = 1024 * 1024;

export interface LoadedPlan {
  plan: Plan;
  /** The text as read: a background job hands this to its worker. */
  text: string;
  /** Names the plan in the ledger: `name`, else a hash of the request, stable across reruns. */
  id: string;
}

/** A plan's text, YAML or JSON (JSON is YAML), as data. */
export function parsePlanText(text: string): Result<unknown> {
  if (Buffer.byteLength(text) > MAX_PLAN_BYTES) return invalid(`plan is over ${MAX_PLAN_BYTES / 1024} KB`);
  if (!text.trim()) return invalid("plan is empty");
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    return invalid(`plan is not valid YAML: ${describeThrown(e).split("\n")[0]}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return invalid("plan must be a YAML mapping with `request` and `tasks`");
  return ok(doc);
}

export function readPlanFile(path: string): Result<string> {
  try {
    if (statSync(path).size > MAX_PLAN_BYTES) return invalid(`plan file is over ${MAX_PLAN_BYTES / 1024} KB`);
    return ok(readFileSync(path, "utf8"));
  } catch (e) {
    return invalid(`cannot read plan file ${path}: ${describeThrown(e)}`);
  }
}

export interface ValidateOptions {
  /**
   * `run`: every local task must be runnable now (one output file). `check` lets a local task
   * with several files through, since saying so is `plan check`'s job.
   */
  mode: "check" | "run";
}

/**
 * Validates a plan against the project: fields, ids, dependencies (unknown, cycles), paths (inside
 * the project), and that every context file a local task reads exists or is written by a task it
 * depends on. Nothing is written; every error names the field, like a spec's.
 */
export function validatePlan(raw: unknown, text: string, root: string, opts: ValidateOptions): Result<LoadedPlan> {
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error, PLAN_FIELDS, raw);
    return fail("SPEC_INVALID", message, { field });
  }
  const plan = parsed.data;
  const graph = graphProblem(plan.tasks);
  if (graph) return fail("SPEC_INVALID", graph.message, { field: graph.field });

  // Every file named, resolved once: "src/a.ts" and "./src/a.ts" are the same file.
  const writes = new Map<string, string[]>();
  for (const [i, t] of plan.tasks.entries()) {
    const files: string[] = [];
    for (const [j, f] of outputFiles(t).entries()) {
      const field = typeof t.output_file === "string" ? `tasks[${i}].output_file` : `tasks[${i}].output_file[${j}]`;
      const p = resolveInProject(root, f, field);
      if (!p.ok) return p;
      // Claude writes its own files where Claude Code asks the user; the model's go through the run's rules.
      const target = t.owner === "local" ? checkModelOutput(root, p.value) : ok(undefined);
      if (!target.ok) return fail(target.error.code, target.error.message, { field, ...(target.error.hint ? { hint: target.error.hint } : {}) });
      files.push(p.value.rel);
    }
    writes.set(t.task_id, files);
    if (t.owner !== "local") continue;
    if (files.length === 0) return fail("SPEC_INVALID", "is required for a local task: the one file the model writes", { field: `tasks[${i}].output_file` });
    if (files.length > 1 && opts.mode === "run") {
      return fail("SPEC_INVALID", `a local task writes one file, this one names ${files.length}`, {
        field: `tasks[${i}].output_file`,
        hint: "split it into one task per file, or make it owner: claude (`plan check` lists every task that breaks the atomic criteria)",
      });
    }
  }

  const before = ancestors(plan.tasks);
  const written = (ids: Iterable<string>) => new Set([...ids].flatMap((id) => writes.get(id) ?? []));
  for (const [i, t] of plan.tasks.entries()) {
    if (t.owner !== "local") continue;
    const upstream = written(before.get(t.task_id) ?? []);
    for (const [j, c] of t.context_files.entries()) {
      const field = `tasks[${i}].context_files[${j}]`;
      const p = resolveInProject(root, c, field);
      if (!p.ok) return p;
      if (!existsSync(p.value.abs) && !upstream.has(p.value.rel)) {
        return fail("SPEC_INVALID", `no such file: ${c}, and no task "${t.task_id}" depends on writes it`, { field, hint: "add the task that writes it to depends_on" });
      }
    }
  }

  // Two tasks writing one file must run one after the other, or the second undoes the first.
  for (const [i, t] of plan.tasks.entries()) {
    for (const [k, u] of plan.tasks.slice(0, i).entries()) {
      const shared = (writes.get(t.task_id) ?? []).find((f) => (writes.get(u.task_id) ?? []).includes(f));
      if (!shared) continue;
      if (before.get(t.task_id)?.has(u.task_id) || before.get(u.task_id)?.has(t.task_id)) continue;
      return fail("SPEC_INVALID", `writes ${shared}, as tasks[${k}] ("${u.task_id}") does, and neither depends on the other`, {
        field: `tasks[${i}].output_file`,
        hint: `add "${u.task_id}" to its depends_on, or merge the two tasks`,
      });
    }
  }
  return ok({ plan, text, id: plan.name ?? `plan-${createHash("sha256").update(plan.request).digest("hex").slice(0, 12)}` });
}

function invalid(message: string): { ok: false; error: Failure } {
  return fail("SPEC_INVALID", message);
}
