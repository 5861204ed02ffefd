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

/**
 * The folder between `root` and the file at `rel` (from the root, forward slashes) that holds a
 * `.git` of its own, the one nearest the file: a project inside this one (a submodule, a vendored
 * repository). Null when there is none. Run from that folder, a run names the same file, and keeps
 * its locks, backups and recovery in that project, out of sight of this one's.
 */
export function nestedProjectOf(root: string, rel: string): string | null {
  const folders = rel.split("/").slice(0, -1);
  for (let n = folders.length; n > 0; n--) {
    const dir = folders.slice(0, n).join("/");
    if (existsSync(join(root, dir, ".git"))) return dir;
  }
  return null;
}

/** Where the plugin keeps its own files in a project: specs, backups, ledger, jobs, locks. */
export function dataDir(root: string): string {
  return join(root, ".claude", "local-delegate");
}
