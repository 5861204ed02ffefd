import { createHash } from "node:crypto";
import { join } from "node:path";

/** The lock every writer of a project file holds: a run, a rollback, a job's undo. */
export function fileLockPath(dataDir: string, rel: string): string {
  return join(dataDir, "locks", `file-${createHash("sha256").update(rel).digest("hex").slice(0, 16)}.lock`);
}
