// Which context files a plan's local tasks share, and in what order to start ready tasks so that
// one sharing a prompt prefix with the task before it runs right after it. Files are never read:
// only their paths resolved, by the one resolver a spec goes through.
import { resolveInProject } from "../project/safe-path.js";
import { fileLockKey } from "../write/file-lock.js";
import type { PlanTask } from "./schema.js";

/**
 * A path of the plan as the run resolves it: project-relative with forward slashes, `./x`, `a/../x`
 * and an absolute path into the project (through a symlinked folder too) all one name. Every
 * comparison of a plan's paths goes through this. A path the resolver refuses (a validated plan
 * has none) stays as written, equal to itself only.
 */
export function planRel(root: string, f: string): string {
  const p = resolveInProject(root, f, "path");
  return p.ok ? p.value.rel : f;
}

/**
 * A file a plan's tasks write, as the runs lock it: `planRel`, and one key for the names a link in
 * the project or macOS's case-insensitive folders make of one file. Which tasks write the same
 * file is asked with this.
 */
export function planFileKey(root: string, f: string): string {
  const p = resolveInProject(root, f, "path");
  return p.ok ? fileLockKey(p.value) : f;
}

/** A task's context files as project-relative paths with forward slashes, as a spec resolves them. */
export function contextOf(t: Pick<PlanTask, "context_files">, root: string): string[] {
  return [...new Set(t.context_files.map((f) => planRel(root, f)))];
}

/**
 * The context files more than one task reads, in the order every prompt lists them first: the
 * most widely read first (the longest prefix the most prompts can share), then by path.
 */
export function sharedContext(tasks: readonly Pick<PlanTask, "context_files">[], root: string): string[] {
  const readers = new Map<string, number>();
  for (const t of tasks) for (const rel of contextOf(t, root)) readers.set(rel, (readers.get(rel) ?? 0) + 1);
  return [...readers]
    .filter(([, n]) => n > 1)
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0))
    .map(([rel]) => rel);
}

/** How many shared files two tasks' prompts begin with alike: their shared files, in `shared`'s order, compared from the start. */
export function commonPrefixFiles(a: readonly string[], b: readonly string[], shared: readonly string[]): number {
  const lead = (files: readonly string[]) => shared.filter((rel) => files.includes(rel));
  const x = lead(a);
  const y = lead(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * The order to start ready tasks in: those whose prompt begins like the last started task's first
 * (most files in common first), the others in plan order. Only ready tasks are reordered, and
 * only among themselves: no task waits for another that it does not depend on.
 */
export function startOrder<T>(ready: readonly T[], last: T | null, contextFiles: (t: T) => readonly string[], shared: readonly string[]): T[] {
  if (last === null || shared.length === 0) return [...ready];
  const lastFiles = contextFiles(last);
  const score = new Map(ready.map((t) => [t, commonPrefixFiles(lastFiles, contextFiles(t), shared)]));
  // Array.prototype.sort is stable: equal scores keep plan order.
  return [...ready].sort((a, b) => score.get(b)! - score.get(a)!);
}
