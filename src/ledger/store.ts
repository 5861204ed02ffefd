import { readFileSync } from "node:fs";
import type { Result } from "../errors.js";
import { readTailText } from "./tail.js";
import { appendJsonLine } from "./append.js";
export { ledgerPath } from "./append.js";
import { parseEntry, type LedgerEntry, type ParsedEntry } from "./entry.js";

/** Appends one entry as one line; safe when several processes append at once (see append.ts). */
export function appendEntry(path: string, entry: LedgerEntry): Result<void> {
  return appendJsonLine(path, entry);
}

export interface SkippedLine {
  /** 1-based line number in the part of the file that was read. */
  line: number;
  reason: string;
}

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

/**
 * The entries in the last `maxBytes` of the ledger: for the status line, which must stay fast on
 * a ledger that has grown for months. The first (probably partial) line of the tail is dropped.
 */
export function readLedgerTail(path: string, maxBytes: number): LedgerRead {
  return parseLedgerText(readTailText(path, maxBytes));
}

export function parseLedgerText(text: string): LedgerRead {
  const entries: ParsedEntry[] = [];
  const problems: SkippedLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ line: i + 1, reason: "not JSON (a torn or hand-edited line)" });
      return;
    }
    const parsed = parseEntry(value);
    if (parsed.ok) entries.push(parsed.entry);
    else problems.push({ line: i + 1, reason: parsed.reason });
  });
  return { entries, skipped: problems.map((p) => p.line), problems };
}

/** One warning line per skipped ledger line, for stderr. */
export function skippedWarnings(path: string, read: LedgerRead, max = 5): string[] {
  const out = read.problems.slice(0, max).map((p) => `warning: skipped line ${p.line} of ${path}: ${p.reason}`);
  if (read.problems.length > max) out.push(`warning: … and ${read.problems.length - max} more unreadable lines in ${path}`);
  return out;
}
