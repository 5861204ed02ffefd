import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { LedgerEntrySchema, type LedgerEntry } from "./entry.js";

export function ledgerPath(dataDir: string): string {
  return join(dataDir, "ledger.jsonl");
}

/**
 * Appends one entry as one line with one O_APPEND write, so runs in several processes at once
 * never interleave their lines. Notes are capped to keep each line well under a page.
 */
export function appendEntry(path: string, entry: LedgerEntry): Result<void> {
  const line = `${JSON.stringify(entry)}\n`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, line, { encoding: "utf8", flag: "a" });
    return ok(undefined);
  } catch (e) {
    return fail("IO", `cannot append to the ledger ${path}: ${describeThrown(e)}`);
  }
}

export interface LedgerRead {
  entries: LedgerEntry[];
  /** 1-based line numbers that could not be read; each is skipped, never fatal. */
  skipped: number[];
}

export function readLedger(path: string): LedgerRead {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { entries: [], skipped: [] };
  }
  const entries: LedgerEntry[] = [];
  const skipped: number[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const parsed = LedgerEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else skipped.push(i + 1);
    } catch {
      skipped.push(i + 1);
    }
  });
  return { entries, skipped };
}
