import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest folder at or above `start` holding `.git` (a folder, or a worktree's file); else `start`. */
export function findProjectRoot(start: string): string {
  const from = resolve(start);
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** Where the plugin keeps its own files in a project: specs, backups, ledger, jobs, locks. */
export function dataDir(root: string): string {
  return join(root, ".claude", "local-delegate");
}
