import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { describeThrown, fail, ok, type Failure, type Result } from "../errors.js";
import { resolveInProject, type ProjectPath } from "../project/safe-path.js";
import { checkKind, checkModelOutput, isFile } from "../spec/load.js";
import { readNamedFile } from "../spec/read-file.js";
import { describeZodError } from "../util/zod-errors.js";
import { fileLockKey } from "../write/file-lock.js";
import { ancestors, graphProblem } from "./graph.js";
import { PLAN_FIELDS, PlanSchema, outputFiles, type Plan } from "./schema.js";

export const MAX_PLAN_BYTES = 1024 * 1024;

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
  return readNamedFile(path, "plan", MAX_PLAN_BYTES, () => `plan file is over ${MAX_PLAN_BYTES / 1024} KB`);
}

/** Every task each task depends on, directly or through others (`ancestors`). */
type Ancestors = ReadonlyMap<string, ReadonlySet<string>>;

export interface ValidateOptions {
  /**
   * `run`: every local task must be runnable now (one output file). `check` lets a local task
   * with several files through, since saying so is `plan check`'s job.
   */
  mode: "check" | "run";
}

/**
 * Validates a plan against the project: fields, ids, dependencies (unknown, cycles), paths (inside
 * the project; a local task's file by the run's own rules), and that every context file a local
 * task reads, and a refactor's file, is a file or is written by a task it depends on. What a run
 * would refuse, it refuses first. Nothing is written; every error names the field, like a spec's.
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

  const writes = resolveWrites(plan, root, opts);
  if (!writes.ok) return writes;
  const before = ancestors(plan.tasks);
  const reads = checkReads(plan, writes.value, before, root);
  if (!reads.ok) return reads;
  const order = checkWriterOrder(plan, writes.value, reads.value, before);
  if (!order.ok) return order;
  return ok({ plan, text, id: plan.name ?? `plan-${createHash("sha256").update(plan.request).digest("hex").slice(0, 12)}` });
}

/**
 * Every file each task writes, resolved once ("src/a.ts" and "./src/a.ts" are the same file), and
 * a local task's through the rules the run applies to the model's file.
 */
function resolveWrites(plan: Plan, root: string, opts: ValidateOptions): Result<Map<string, ProjectPath[]>> {
  const writes = new Map<string, ProjectPath[]>();
  for (const [i, t] of plan.tasks.entries()) {
    const files: ProjectPath[] = [];
    for (const [j, f] of outputFiles(t).entries()) {
      const field = typeof t.output_file === "string" ? `tasks[${i}].output_file` : `tasks[${i}].output_file[${j}]`;
      const p = resolveInProject(root, f, field);
      if (!p.ok) return p;
      // Claude writes its own files where Claude Code asks the user; the model's go through the run's rules.
      const target = t.owner === "local" ? checkModelOutput(root, p.value, f) : ok(undefined);
      if (!target.ok) return atField(target.error, field);
      files.push(p.value);
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
  return ok(writes);
}

/**
 * What a local task needs is there when it runs, by the rules its spec is held to then: each
 * context file, and a refactor's own file, is a file now or is written by a task it depends on;
 * and a Claude task it waits for names the files that say when Claude is done. Returns each local
 * task's context files, resolved, in their order.
 */
function checkReads(plan: Plan, writes: ReadonlyMap<string, ProjectPath[]>, before: Ancestors, root: string): Result<Map<string, ProjectPath[]>> {
  const reads = new Map<string, ProjectPath[]>();
  const owner = new Map(plan.tasks.map((t) => [t.task_id, t.owner]));
  for (const [i, t] of plan.tasks.entries()) {
    if (t.owner !== "local") continue;
    const silent = t.depends_on.findIndex((d) => owner.get(d) === "claude" && !writes.get(d)?.length);
    if (silent >= 0) {
      return fail("SPEC_INVALID", `"${t.depends_on[silent]}" is a Claude task that names no file, so no run can tell it is done`, {
        field: `tasks[${i}].depends_on[${silent}]`,
        hint: "give that task the output_file Claude writes, or leave it out of depends_on",
      });
    }
    const upstream = new Set([...(before.get(t.task_id) ?? [])].flatMap((id) => (writes.get(id) ?? []).map(fileLockKey)));
    const there = (p: ProjectPath) => isFile(p.abs) || upstream.has(fileLockKey(p));
    const read: ProjectPath[] = [];
    for (const [j, c] of t.context_files.entries()) {
      const field = `tasks[${i}].context_files[${j}]`;
      const p = resolveInProject(root, c, field);
      if (!p.ok) return p;
      if (!there(p.value)) return fail("SPEC_INVALID", `no such file: ${c}, and no task "${t.task_id}" depends on writes it`, { field, hint: "add the task that writes it to depends_on" });
      read.push(p.value);
    }
    reads.set(t.task_id, read);
    const kind = checkKind(t, there(writes.get(t.task_id)![0]!));
    if (!kind.ok) return atField(kind.error, `tasks[${i}].${kind.error.field}`);
  }
  return ok(reads);
}

/**
 * Two tasks writing one file must run one after the other, or the second undoes the first; and a
 * local task reading a file another task writes must run after it or before it, or which text
 * its prompt holds would depend on which of the two the run happened to start first.
 */
function checkWriterOrder(plan: Plan, writes: ReadonlyMap<string, ProjectPath[]>, reads: ReadonlyMap<string, ProjectPath[]>, before: Ancestors): Result<void> {
  const ordered = (a: string, b: string) => Boolean(before.get(a)?.has(b) || before.get(b)?.has(a));
  // One file by the key its runs lock it by: `src/a.ts` and `lib/a.ts` through a linked folder,
  // or `A.ts` and `a.ts` on macOS, are one file, and the second run would write over the first.
  const keys = (id: string) => (writes.get(id) ?? []).map(fileLockKey);
  for (const [i, t] of plan.tasks.entries()) {
    for (const [k, u] of plan.tasks.slice(0, i).entries()) {
      const mine = writes.get(t.task_id)?.find((f) => keys(u.task_id).includes(fileLockKey(f)));
      if (!mine || ordered(t.task_id, u.task_id)) continue;
      const theirs = writes.get(u.task_id)!.find((f) => fileLockKey(f) === fileLockKey(mine))!;
      const same = theirs.rel === mine.rel ? mine.rel : `${mine.rel} (the file ${theirs.rel} is)`;
      return fail("SPEC_INVALID", `writes ${same}, as tasks[${k}] ("${u.task_id}") does, and neither depends on the other`, {
        field: `tasks[${i}].output_file`,
        hint: `add "${u.task_id}" to its depends_on, or merge the two tasks`,
      });
    }
  }
  for (const [i, t] of plan.tasks.entries()) {
    for (const [j, p] of (reads.get(t.task_id) ?? []).entries()) {
      const k = plan.tasks.findIndex((u) => u !== t && keys(u.task_id).includes(fileLockKey(p)) && !ordered(t.task_id, u.task_id));
      if (k < 0) continue;
      const u = plan.tasks[k]!.task_id;
      return fail("SPEC_INVALID", `reads ${p.rel}, which tasks[${k}] ("${u}") writes, and neither depends on the other`, {
        field: `tasks[${i}].context_files[${j}]`,
        hint: `add "${u}" to its depends_on to read what that task writes, or "${t.task_id}" to that task's to read the file as it is now`,
      });
    }
  }
  return ok(undefined);
}

/** A spec's failure, named where it is in the plan. */
function atField(f: Failure, field: string): { ok: false; error: Failure } {
  return fail(f.code, f.message, { field, ...(f.hint ? { hint: f.hint } : {}) });
}

function invalid(message: string): { ok: false; error: Failure } {
  return fail("SPEC_INVALID", message);
}
