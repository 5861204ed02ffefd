import { ledgerTailMentions, readLedgerTail, type LedgerLines } from "../ledger/tail.js";
import { readUserRecord } from "../ledger/user-record.js";

// Where a model's record is read from (adaptive.ts judges it): the project's ledger, from its tail,
// and the user's record of the model from elsewhere (ledger/user-record.ts). node:fs only, through
// the tail reader: the hook reads through this.

/** The fields of a ledger line this module reads; anything else on the line is ignored. */
export interface RecordEntry {
  event?: unknown;
  kind?: unknown;
  status?: unknown;
  model?: unknown;
  /** The backend that answered: a base URL, or `embedded:<file>`. */
  server?: unknown;
  attempts?: unknown;
  failure_kind?: unknown;
  qualify?: unknown;
}

/** Hook decisions are most of a ledger and none of a model's record: not worth parsing here. */
export const isHookLine = (line: string): boolean => line.includes('"event":"hook"');

/** The lines of the ledger's tail (`readLedgerTail`) a model's record is made of, unchecked. */
export function recordEntries(read: LedgerLines): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const { value } of read.lines) {
    const entry = recordEntryOf(value);
    if (entry) out.push(entry);
  }
  return out;
}

/** A ledger line's value as a record entry: any object; null for anything else. */
export function recordEntryOf(value: unknown): RecordEntry | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as RecordEntry) : null;
}

/** The recent runs and qualify attempts of a ledger file, from its tail; nothing for a missing one. */
export function readRecordEntries(ledgerFile: string): RecordEntry[] {
  return recordEntries(readLedgerTail(ledgerFile, undefined, isHookLine));
}

/** What the hook asks of a project's ledger: its record entries, and whether its tail may name a model. */
export interface LedgerReader {
  records(file: string): RecordEntry[];
  mentions(file: string, text: string): boolean;
}

/** The ledger read afresh for each question, as a hook's own process does (the resident helper keeps it: kept-records.ts). */
export const freshLedgers: LedgerReader = { records: readRecordEntries, mentions: (file, text) => ledgerTailMentions(file, text) };

/** Where a model's per-user record is read: the user's records folder, the server tasks go to first, and the asking project (its own lines are its ledger's). */
export interface UserRecordSource {
  dir: string;
  server: string;
  project: string;
}

/** The user's attempts of a model made outside this project (qualification, other projects), oldest first. */
export function elsewhereEntries(src: UserRecordSource | null | undefined, model: string): RecordEntry[] {
  return src ? readUserRecord(src.dir, src.server, model, { except: src.project }) : [];
}
