import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";

// The one reader of the ledger's end: the hook (routing, a file's last run), `classify`, `plan
// check` and the status line all read through `readLedgerTail`, so their cost stays flat however
// long the ledger grows. node:fs only: the hook reads through this, and a line is only JSON here;
// checking lines against the entry schemas (zod) is `entriesOf` in store.ts, for the commands.

/** Enough for hundreds of recent entries; adaptive routing's window never needs more. */
export const TAIL_BYTES = 256 * 1024;

export interface SkippedLine {
  /** 1-based line number in the part of the file that was read. */
  line: number;
  reason: string;
}

export interface LedgerLines {
  /** Each readable line's JSON value, in file (= append) order. */
  lines: { line: number; value: unknown }[];
  /** Lines that are not JSON (a torn or hand-edited line): each is skipped, never fatal. */
  problems: SkippedLine[];
}

/**
 * The ledger's last `maxBytes`, whole lines only (a tail that starts mid-file drops its first,
 * partial line), each parsed as JSON; nothing when there is no ledger. `skip` leaves lines unparsed
 * that the caller has no use for (hook decisions are most of a ledger and none of a model's record).
 */
export function readLedgerTail(path: string, maxBytes = TAIL_BYTES, skip?: (line: string) => boolean): LedgerLines {
  return parseLedgerLines(readTailText(path, maxBytes), skip);
}

/**
 * Whether the ledger's last `maxBytes` may name `text`, case aside: a search, where parsing the
 * lines to find that a model has no record costs a session start more than the rest of its work
 * (hundreds of hook lines). Text a JSON line may hold escaped (quotes, backslashes, control and
 * non-ASCII characters) is always "maybe": the caller then parses.
 */
export function ledgerTailMentions(path: string, text: string, maxBytes = TAIL_BYTES): boolean {
  if (mayBeEscaped(text)) return true;
  return readTailText(path, maxBytes).toLowerCase().includes(text.toLowerCase());
}

/** Whether a JSON line may hold `text` escaped (quotes, backslashes, control and non-ASCII characters): a search for it cannot say "no". */
export function mayBeEscaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

export function parseLedgerLines(text: string, skip?: (line: string) => boolean): LedgerLines {
  const lines: LedgerLines["lines"] = [];
  const problems: SkippedLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const parsed = parseLedgerLine(raw, skip);
    if (parsed === "skipped") return;
    if (parsed) lines.push({ line: i + 1, value: parsed.value });
    else problems.push({ line: i + 1, reason: "not JSON (a torn or hand-edited line)" });
  });
  return { lines, problems };
}

/** One line: its JSON value; "skipped" when blank or left by `skip`; null when it is not JSON. */
export function parseLedgerLine(raw: string, skip?: (line: string) => boolean): { value: unknown } | "skipped" | null {
  if (!raw.trim() || skip?.(raw)) return "skipped";
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return null;
  }
}

/** The ledger's last `maxBytes` as text, whole lines only; "" when there is no ledger. */
function readTailText(path: string, maxBytes: number): string {
  // A ledger within the limit is read whole: every Node process has readFileSync and statSync
  // compiled already (its module loader and the config snapshot use them), while the calls on a
  // descriptor (readRange) cost a session start 2% of a Node start to compile.
  let size: number | undefined;
  try {
    size = statSync(path, { throwIfNoEntry: false })?.size;
    if (size === undefined) return "";
    if (size <= maxBytes) return readFileSync(path, "utf8");
  } catch {
    return "";
  }
  // The last maxBytes as the stat found them: a line appended since is the next reader's.
  const start = Math.max(0, size - maxBytes);
  const buf = readRange(path, start, size - start);
  if (!buf) return "";
  const text = buf.toString("utf8");
  return start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
}

/** Up to `length` bytes of the file from `from` (fewer at its end); null when it cannot be read. */
export function readRange(path: string, from: number, length: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buf, read, length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
