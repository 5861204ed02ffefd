import { createHash } from "node:crypto";
import { join } from "node:path";
import { ok, type Result } from "../errors.js";
import { acquireLock, type Release } from "../util/lock.js";

/** A project file as a lock names it: its path as written, and from the real root when links make that differ. */
export interface LockedFile {
  rel: string;
  real?: string | undefined;
}

/**
 * What a file's lock is keyed on: its path from the project's real root. Two spellings of one file
 * (`src/a.ts` and `alias/a.ts` through a linked folder) must share a lock, or two runs write it at
 * once. So must `Button.tsx` and `button.tsx`, one file on macOS's and Windows' file systems by
 * default (APFS also ignores how accents are composed): the key is folded, and where the file
 * system tells them apart, two runs on such names only wait for each other.
 */
export function fileLockKey(f: LockedFile): string {
  return (f.real ?? f.rel).normalize("NFC").toLowerCase();
}

/** The path a lock key stands for, as `files` spell it, for messages. */
export function spelledAs(files: readonly LockedFile[], key: string): string {
  return files.find((f) => fileLockKey(f) === key)?.rel ?? key;
}

/** The lock every writer of a project file holds: a run, a rollback, a job's undo, a prune. */
export function fileLockPath(dataDir: string, f: LockedFile): string {
  return join(dataDir, "locks", `file-${createHash("sha256").update(fileLockKey(f)).digest("hex").slice(0, 16)}.lock`);
}

/** The lock keys of `files`, each once, sorted: the order every taker of several locks takes them in. */
export function lockKeys(files: readonly LockedFile[]): string[] {
  return [...new Set(files.map(fileLockKey))].sort();
}

/**
 * The locks of several files, all or none, in `lockKeys` order: two takers that need some of the
 * same files then never each hold one the other waits for. Each lock waits up to `waitMs`.
 */
export async function lockFiles(dataDir: string, files: readonly LockedFile[], opts: { what: (key: string) => string; waitMs: number; pollMs?: number }): Promise<Result<Release>> {
  const held: Release[] = [];
  const release = () => {
    for (const r of held.splice(0)) r();
  };
  for (const key of lockKeys(files)) {
    const l = await acquireLock(fileLockPath(dataDir, { rel: key }), { what: opts.what(spelledAs(files, key)), waitMs: opts.waitMs, ...(opts.pollMs ? { pollMs: opts.pollMs } : {}) });
    if (!l.ok) {
      release();
      return l;
    }
    held.push(l.value);
  }
  return ok(release);
}
