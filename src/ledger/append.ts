// Appending one ledger line, with nothing but node:fs: the hook imports this, and the hook runs on
// every Write Claude makes, so it must stay small (no zod, no tokenizer).
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Result } from "../errors.js";
import { makeFolders } from "../util/fs.js";

/** `<project>/.claude/local-delegate/ledger.jsonl`, given the data folder (`dataDir(root)`). */
export function ledgerPath(dataDir: string): string {
  return join(dataDir, "ledger.jsonl");
}

/** A line longer than this is refused rather than risk a write the kernel might split. */
export const MAX_LINE_BYTES = 16 * 1024;
/** Strings in a line are clipped to this many characters (an error message, a long path). */
const MAX_STRING = 2_000;

/**
 * Appends `value` as one JSON line with a single write(2) on a file opened O_APPEND. On Linux and
 * macOS local filesystems the kernel serialises O_APPEND writes to a regular file, so lines from
 * several processes never interleave; each line is kept far below any size where a write could be
 * short. A short write (disk full) is reported, never retried, so no half line is followed by
 * another.
 */
export function appendJsonLine(path: string, value: unknown): Result<void> {
  const line = Buffer.from(`${JSON.stringify(value, clipStrings)}\n`, "utf8");
  if (line.length > MAX_LINE_BYTES) return { ok: false, error: { code: "IO", message: `ledger line too long (${line.length} bytes); not written` } };
  let fd: number | null = null;
  try {
    makeFolders(dirname(path));
    // Not through a link: the ledger is a file in the project, and a cloned repository may carry
    // one that leads out (to ~/.bashrc, where a shell would run the `$(…)` of a file name in a line).
    fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    // A crash (power loss) can leave a last line without its newline; starting a new line keeps
    // this one readable. If another process appends in between, the cost is one blank line.
    const buf = endsMidLine(fd) ? Buffer.concat([NEWLINE, line]) : line;
    const n = writeSync(fd, buf, 0, buf.length);
    if (n !== buf.length) return { ok: false, error: { code: "IO", message: `short write to the ledger ${path} (${n} of ${buf.length} bytes)` } };
    return { ok: true, value: undefined };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ELOOP" ? "it is a symlink, not followed" : (err.code ?? err.message);
    return { ok: false, error: { code: "IO", message: `cannot append to the ledger ${path}: ${why}` } };
  } finally {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already reported or harmless */
      }
    }
  }
}

const NEWLINE = Buffer.from("\n");

function endsMidLine(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

function clipStrings(_key: string, v: unknown): unknown {
  return typeof v === "string" && v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…` : v;
}
