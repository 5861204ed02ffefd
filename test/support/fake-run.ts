import { resolveInProject } from "../../src/project/safe-path.js";
import { Transaction } from "../../src/write/transaction.js";

/**
 * What the engine does for one run of `taskId`, without a model: back up, write `writes`, then
 * commit (a kept run) or restore (an escalated one). Returns the run's backup folder.
 */
export function fakeRun(proj: { root: string; data: string }, taskId: string, writes: Record<string, string>, end: "commit" | "restore" = "commit"): string {
  const t = Transaction.open(proj.root, proj.data, taskId);
  if (!t.ok) throw new Error(t.error.message);
  for (const [rel, content] of Object.entries(writes)) {
    const p = resolveInProject(proj.root, rel, "file");
    if (!p.ok) throw new Error(p.error.message);
    const w = t.value.write(p.value, content);
    if (!w.ok) throw new Error(w.error.message);
  }
  if (end === "commit") {
    const r = t.value.commit();
    if (!r.ok) throw new Error(r.error.message);
  } else if (t.value.restore().failed.length) throw new Error("restore failed");
  return t.value.dir;
}
