import { readFileSync } from "node:fs";
import type { Result } from "../errors.js";
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

/** Every readable entry, in file (= append) order. A missing ledger is an empty one. */
export function readLedger(path: string): LedgerRead {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { entries: [], skipped: [], problems: [] };
  }
  return parseLedgerText(text);
}

/** The ledger's text, every line checked against the entry schemas. */
export function parseLedgerText(text: string): LedgerRead {
  return entriesOf(parseLedgerLines(text));
}

/**
 * Lines as read (`readLedger`, or `readLedgerTail` in tail.ts for the end of a long ledger)
 * checked against the entry schemas: what the report and the status line count.
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

/** One warning line per skipped ledger line, for stderr. */
export function skippedWarnings(path: string, read: LedgerRead, max = 5): string[] {
  const out = read.problems.slice(0, max).map((p) => `warning: skipped line ${p.line} of ${path}: ${p.reason}`);
  if (read.problems.length > max) out.push(`warning: … and ${read.problems.length - max} more unreadable lines in ${path}`);
  return out;
}
