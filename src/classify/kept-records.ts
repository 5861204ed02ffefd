import { statSync, type Stats } from "node:fs";
import { isHookLine, recordEntryOf, type LedgerReader, type RecordEntry } from "./record-source.js";
import { mayBeEscaped, parseLedgerLine, readRange, TAIL_BYTES } from "../ledger/tail.js";

// The ledgers' tails as the hook's resident helper keeps them between events: what
// `readRecordEntries` and `ledgerTailMentions` (tail.ts) give, from lines read once. A ledger only
// grows by appended lines, so an event reads what was appended since the last one; a hook's own
// process reads and parses up to 256 kB for each Write it judges and each session start.

interface Line {
  /** Byte offset of the line's start in the file. */
  start: number;
  raw: string;
  /** The line as a record entry (null: none), once asked. */
  record?: RecordEntry | null;
  lower?: string;
}

interface Kept {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** Bytes read into whole lines: the offset after the last newline. */
  end: number;
  /** The bytes just before `end`, to tell an appended file from a rewritten one. */
  check: Buffer;
  lines: Line[];
  /** A last line not yet ended by a newline (a line being appended, or a hand edit): read again next time. */
  partial: Line | null;
}

/** Ledgers of this many projects are kept; the helper answers for all of a user's. */
const MAX_FILES = 32;
const CHECK_BYTES = 64;

/** The same answers as `freshLedgers` (record-source.ts), from the lines kept. */
export function keptLedgers(maxBytes = TAIL_BYTES): LedgerReader {
  const kept = new Map<string, Kept>();
  const tail = (file: string): Line[] => {
    const k = refreshed(kept.get(file), file, maxBytes);
    kept.delete(file);
    if (!k) return [];
    kept.set(file, k);
    if (kept.size > MAX_FILES) kept.delete(kept.keys().next().value!);
    return k.partial ? [...k.lines, k.partial] : k.lines;
  };
  return {
    records(file) {
      const out: RecordEntry[] = [];
      for (const line of tail(file)) {
        if (line.record === undefined) line.record = recordOf(line.raw);
        if (line.record) out.push(line.record);
      }
      return out;
    },
    mentions(file, text) {
      if (mayBeEscaped(text)) return true;
      const wanted = text.toLowerCase();
      return tail(file).some((line) => (line.lower ??= line.raw.toLowerCase()).includes(wanted));
    },
  };
}

/** A line as readRecordEntries takes it: a JSON object that is not a hook decision. */
function recordOf(raw: string): RecordEntry | null {
  const parsed = parseLedgerLine(raw, isHookLine);
  return parsed && parsed !== "skipped" ? recordEntryOf(parsed.value) : null;
}

/** The file's tail now: what was kept, with what was appended since; read anew when it was replaced or rewritten. */
function refreshed(k: Kept | undefined, file: string, maxBytes: number): Kept | null {
  let st: Stats | undefined;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!st?.isFile()) return null;
  if (k && k.dev === st.dev && k.ino === st.ino && k.size === st.size && k.mtimeMs === st.mtimeMs) return k;
  const grown = k && k.dev === st.dev && k.ino === st.ino && st.size >= k.end ? appended(k, file, st, maxBytes) : null;
  return grown ?? whole(file, st, maxBytes);
}

/** The last `maxBytes` read anew: whole lines only, as tail.ts reads them. */
function whole(file: string, st: Stats, maxBytes: number): Kept | null {
  const from = Math.max(0, st.size - maxBytes);
  const buf = readRange(file, from, st.size - from);
  if (!buf) return null;
  const k: Kept = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, end: from, check: Buffer.alloc(0), lines: [], partial: null };
  // A tail that starts mid-file drops its first line, whole or not.
  const skip = from > 0 ? buf.indexOf(0x0a) + 1 : 0;
  if (from > 0 && skip === 0) return { ...k, end: st.size };
  addLines(k, buf, skip, from);
  return k;
}

/** What was appended since `k` was read, added to it; null when the bytes before its end changed (a rewrite). */
function appended(k: Kept, file: string, st: Stats, maxBytes: number): Kept | null {
  const before = Math.min(k.end, CHECK_BYTES);
  const buf = readRange(file, k.end - before, st.size - k.end + before);
  if (!buf || !buf.subarray(0, before).equals(k.check)) return null;
  const next: Kept = { ...k, size: st.size, mtimeMs: st.mtimeMs, lines: [...k.lines], partial: null };
  addLines(next, buf, before, k.end - before);
  // Lines now further back than the tail reaches, as tail.ts would not read them.
  if (st.size > maxBytes) next.lines = next.lines.filter((l) => l.start > st.size - maxBytes);
  return next;
}

/** Splits `buf` (which starts at file offset `at`) into lines from `pos`; keeps the bytes before the new end to check. */
function addLines(k: Kept, buf: Buffer, pos: number, at: number): void {
  for (let nl = buf.indexOf(0x0a, pos); nl !== -1; pos = nl + 1, nl = buf.indexOf(0x0a, pos)) {
    k.lines.push({ start: at + pos, raw: buf.toString("utf8", pos, nl) });
  }
  k.end = at + pos;
  k.partial = pos < buf.length ? { start: at + pos, raw: buf.toString("utf8", pos) } : null;
  k.check = Buffer.from(buf.subarray(Math.max(0, pos - CHECK_BYTES), pos));
}
