// Tasks of one plan that write the same file one after the other, and what that says about a
// Claude task being done. Reads only the files and the plan's step state.
import { existsSync } from "node:fs";
import { resolveInProject } from "../project/safe-path.js";
import { fileLockKey } from "../write/file-lock.js";
import type { SeenFiles } from "./claude-seen.js";
import { ancestors } from "./graph.js";
import { outputFiles, type PlanTask } from "./schema.js";
import { planFileKey } from "./share.js";
import { fileHash, readStepState } from "./state.js";

/**
 * For each local task, the later tasks, local or Claude's, that write its file over it: they
 * depend on it (a validated plan orders every two writers of one file).
 */
export function laterWriters(tasks: readonly PlanTask[], local: readonly PlanTask[], root: string): Map<PlanTask, PlanTask[]> {
  const before = ancestors(tasks);
  const keys = (t: PlanTask) => outputFiles(t).map((f) => planFileKey(root, f));
  return new Map(
    local.map((t) => {
      const file = keys(t)[0];
      return [t, tasks.filter((u) => u !== t && before.get(u.task_id)?.has(t.task_id) && keys(u).includes(file!))];
    }),
  );
}

/**
 * Claude has done its task when every file it names is there, none is still the very file a
 * local task before it wrote (the local model's work, not Claude's change to it yet), and none
 * that was there when the plan first saw the task is still as it was then (`seen`: a change to
 * an existing file is the change, not the file); a rerun after Claude's turn then goes on with
 * the local tasks that waited for it. `earlier` are the local tasks it depends on, directly or not.
 */
export function claudeTaskDone(t: PlanTask, earlier: readonly PlanTask[], root: string, data: string, seen: SeenFiles | null): boolean {
  const written = (key: string) =>
    earlier.flatMap((w) => {
      const s = outputFiles(w).some((f) => planFileKey(root, f) === key) ? readStepState(data, w.task_id) : null;
      return s ? [s.output] : [];
    });
  const files = outputFiles(t);
  return files.length > 0 && files.every((f) => {
    const p = resolveInProject(root, f, "output_file");
    if (!p.ok || !existsSync(p.value.abs)) return false;
    const now = fileHash(p.value.abs) ?? "";
    const localOnes = written(fileLockKey(p.value));
    if (localOnes.length) return !localOnes.includes(now);
    const then = seen?.[p.value.rel];
    return typeof then !== "string" || then !== now;
  });
}
