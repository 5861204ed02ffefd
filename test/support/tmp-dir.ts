import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TmpDir {
  /** Real (symlink-resolved) path of the folder. */
  path: string;
  /** Writes a file (creating folders) and returns its absolute path. */
  write(rel: string, content: string | Uint8Array): string;
  join(...parts: string[]): string;
  cleanup(): void;
}

/** A throwaway folder for one test; `cleanup` removes it whatever it holds. */
export function tmpDir(prefix = "ld-unit-"): TmpDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    path,
    write(rel, content) {
      const abs = join(path, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    join: (...parts) => join(path, ...parts),
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** True when permission bits do not stop this process (root, or CAP_DAC_OVERRIDE). */
export const IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;
