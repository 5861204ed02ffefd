import type { Result } from "../errors.js";
import { scanLines } from "./scan.js";
import { parseLedgerLines, type LedgerLines, type SkippedLine } from "./tail.js";
import { appendJsonLine } from "./append.js";
export { ledgerPath } from "./append.js";
import { parseEntry, type LedgerEntry, type ParsedEntry } from "./entry.js";

/** Appends one entry as one line; safe when several processes append at once (see append.ts). */
export function appendEntry(path: string, entry: LedgerEntry): Result<void> {
  return appendJsonLine(path, entry);
}

export type { SkippedLine };

export interface LedgerRead {
  entries: ParsedEntry[];
  /** 1-based line numbers that could not be read; each is skipped, never fatal. */
  skipped: number[];
  /** The same lines, with why each was skipped. */
  problems: SkippedLine[];
}

/** The whole-ledger read the report makes: what was read, and what was not. */
export interface FullLedgerRead extends LedgerRead {
  /** The ledger's size in bytes (0 when there is none). */
  size: number;
  /** Where reading began: above 0 when the ledger was larger than the report reads (its older lines are left out). */
  from: number;
  /** Why the ledger could not be read at all. */
  error?: string;
}

/** The most of the ledger the report reads: its last 64 MB, about 100,000 runs (measured: 6 s and 270 MB resident on a loaded 2-core machine). */
export const REPORT_MAX_BYTES = 64 * 1024 * 1024;
/** A line this long was not written by the ledger (its lines are at most MAX_LINE_BYTES): skipped unread. */
const READ_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Every readable entry of the ledger's last `maxBytes`, in file (= append) order, read a chunk at a
 * time. A missing ledger is an empty one; anything not read is said in the result, never dropped silently.
 */
export function readLedger(path: string, maxBytes = REPORT_MAX_BYTES): FullLedgerRead {
  const entries: ParsedEntry[] = [];
  const problems: SkippedLine[] = [];
  const scan = scanLines(path, { maxBytes, maxLineBytes: READ_MAX_LINE_BYTES }, (line, n) => {
    if (line === null) problems.push({ line: n, reason: `longer than ${READ_MAX_LINE_BYTES / 1024 / 1024} MB (not a line the ledger writes)` });
    else parseLine(line, n, entries, problems);
  });
  return { entries, skipped: problems.map((p) => p.line), problems, size: scan.size, from: scan.from, ...(scan.error ? { error: scan.error } : {}) };
}

/** The ledger's text, every line checked against the entry schemas. */
export function parseLedgerText(text: string): LedgerRead {
  return entriesOf(parseLedgerLines(text));
}

/**
 * Lines as read (`readLedgerTail` in tail.ts, the one reader of a long ledger's end) checked
 * against the entry schemas: what the status line, `classify` and `plan check` count.
 */
export function entriesOf(read: LedgerLines): LedgerRead {
  const entries: ParsedEntry[] = [];
  const problems: SkippedLine[] = [...read.problems];
  for (const { line, value } of read.lines) {
    const parsed = parseEntry(value);
    if (parsed.ok) entries.push(parsed.entry);
    else problems.push({ line, reason: parsed.reason });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, skipped: problems.map((p) => p.line), problems };
}

function parseLine(line: string, n: number, entries: ParsedEntry[], problems: SkippedLine[]): void {
  if (!line.trim()) return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    problems.push({ line: n, reason: "not JSON (a torn or hand-edited line)" });
    return;
  }
  const parsed = parseEntry(value);
  if (parsed.ok) entries.push(parsed.entry);
  else problems.push({ line: n, reason: parsed.reason });
}

/**
 * What the report did not read, one line each for stderr (and the JSON's `warnings`): a ledger it
 * could not open, the older part of one too large to read whole, and the first `max` skipped lines.
 */
export function ledgerWarnings(path: string, read: FullLedgerRead, max = 5): string[] {
  const out: string[] = [];
  if (read.error) out.push(`could not read ${path}: ${read.error}; the report has no figures from it`);
  if (read.from > 0) {
    out.push(`${path} is ${mb(read.size)}: the report reads its last ${mb(read.size - read.from)} only; the ${mb(read.from)} before are left out (move the file aside to start a new ledger)`);
  }
  const at = read.from > 0 ? ` (counted from where reading began)` : "";
  out.push(...read.problems.slice(0, max).map((p) => `skipped line ${p.line}${at} of ${path}: ${p.reason}`));
  if (read.problems.length > max) out.push(`… and ${read.problems.length - max} more unreadable lines in ${path}`);
  return out;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
