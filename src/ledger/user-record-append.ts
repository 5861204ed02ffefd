import { readFileSync, statSync } from "node:fs";
import { fail, ok, type Result } from "../errors.js";
import { acquireLock } from "../util/lock.js";
import { writeFileAtomic } from "../write/atomic.js";
import { appendJsonLine } from "./append.js";
import { userRecordFile, type UserRecordLine } from "./user-record.js";

// Writing a model's per-user record (user-record.ts). Each append is one O_APPEND write
// (append.ts) taken under the record's lock, because the file is kept short by rewriting it: an
// append made while another process rewrites would be lost, and a rewrite must not cut a line
// another process is writing.

export interface RecordLimits {
  /** A record past this size is cut back to its last `keepBytes`, whole lines. */
  maxBytes: number;
  keepBytes: number;
  /** How long an append waits for another process's. */
  waitMs: number;
}

/** About 2,000 attempts before a cut, 1,000 after: routing counts the last 20 per kind (at most 1,000). */
export const RECORD_LIMITS: RecordLimits = { maxBytes: 512 * 1024, keepBytes: 256 * 1024, waitMs: 30_000 };

/** Appends one line to its model's record, under the record's lock; cuts the record back when it has grown past the limit. */
export async function appendUserRecord(dir: string, line: UserRecordLine, limits: RecordLimits = RECORD_LIMITS): Promise<Result<void>> {
  const file = userRecordFile(dir, line.server, line.model);
  const lock = await acquireLock(`${file}.lock`, { what: `recording ${line.model}`, waitMs: limits.waitMs });
  if (!lock.ok) return fail(lock.error.code, `the model's record was not updated: ${lock.error.message}`);
  try {
    const w = appendJsonLine(file, line);
    if (!w.ok) return w;
    return statSync(file).size > limits.maxBytes ? cutBack(file, limits.keepBytes) : ok(undefined);
  } catch (e) {
    return fail("IO", `the model's record ${file} was not updated: ${(e as Error).message}`);
  } finally {
    lock.value();
  }
}

/** Keeps the last `keep` bytes, whole lines, replacing the file atomically (the caller holds the lock). */
function cutBack(file: string, keep: number): Result<void> {
  const text = readFileSync(file, "utf8");
  const tail = text.slice(-keep);
  return writeFileAtomic(file, tail.slice(tail.indexOf("\n") + 1));
}

