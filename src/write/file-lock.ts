import { createHash } from "node:crypto";
import { join } from "node:path";

/** A project file as a lock names it: its path as written, and from the real root when links make that differ. */
export interface LockedFile {
  rel: string;
  real?: string | undefined;
}

/**
 * What a file's lock is keyed on: its path from the project's real root. Two spellings of one file
 * (`src/a.ts` and `alias/a.ts` through a linked folder) must share a lock, or two runs write it at once.
 */
export function fileLockKey(f: LockedFile): string {
  return f.real ?? f.rel;
}

/** The lock every writer of a project file holds: a run, a rollback, a job's undo, a prune. */
export function fileLockPath(dataDir: string, f: LockedFile): string {
  return join(dataDir, "locks", `file-${createHash("sha256").update(fileLockKey(f)).digest("hex").slice(0, 16)}.lock`);
}
