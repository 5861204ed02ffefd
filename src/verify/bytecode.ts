// Python runs a module from its cached bytecode (__pycache__/<stem>.cpython-XY.pyc) when the
// source's size and mtime, in whole seconds, match what the cache recorded. A retry that writes a
// fix of the same size within the same second as the last attempt would be tested against the
// last attempt's code, and a correct fix reported as failing. So before the checks run, the
// written file's cached bytecode goes (Python then compiles the file as it is), and the checks
// run with PYTHONDONTWRITEBYTECODE so they leave none behind for the next attempt, nor litter the
// user's tree. A fresh PYTHONPYCACHEPREFIX per attempt would do too, but would recompile every
// module of every dependency on each attempt. Jest's and Go's caches are keyed by content: no
// such problem there.
import { readdirSync, realpathSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** For every lint and test command: Python writes no bytecode cache. */
export const NO_BYTECODE_ENV: Readonly<Record<string, string>> = { PYTHONDONTWRITEBYTECODE: "1" };

/**
 * Removes the cached bytecode of the Python file at `rel` (under `root`), wherever this Python
 * would look for it: `__pycache__` beside it, or under PYTHONPYCACHEPREFIX when that is set.
 * Returns the paths removed. A cache that cannot be removed is left (best effort): a folder we
 * cannot write to is one the commands we run cannot have written stale bytecode to either.
 */
export function dropBytecode(root: string, rel: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const m = /^(.+)\.pyw?$/.exec(basename(rel));
  if (!m) return [];
  const stem = m[1]!;
  const dir = dirname(resolve(root, rel));
  const dirs = new Set([dir, realDir(dir)]);
  const places = [...dirs].map((d) => join(d, "__pycache__"));
  // Under a prefix the cache mirrors the source's absolute folder, with no __pycache__ level.
  const prefix = env.PYTHONPYCACHEPREFIX;
  if (prefix) for (const d of dirs) places.push(join(resolve(root, prefix), d));
  const removed: string[] = [];
  for (const place of places) {
    for (const name of namesIn(place)) {
      // <stem>.<tag>.pyc and <stem>.<tag>.opt-N.pyc: module names hold no dot, so no other module's.
      if (!name.startsWith(`${stem}.`) || !name.endsWith(".pyc")) continue;
      try {
        rmSync(join(place, name), { force: true });
        removed.push(join(place, name));
      } catch {
        // Best effort, see above.
      }
    }
  }
  return removed;
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
