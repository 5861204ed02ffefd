import { ledgerTailMentions, readLedgerTail, type LedgerLines } from "../ledger/tail.js";
import { hasUserRecord, latestUserModel, readUserRecord } from "../ledger/user-record.js";
import { normalizeModel, serverKey } from "../util/model-id.js";

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

/** The events that are attempts of a model: what its record is made of. */
export const COUNTED_EVENTS: ReadonlySet<string> = new Set(["run", "plan-step", "qualify"]);

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

/**
 * The id a model's attempts are on record under. Given a name no listed id is exactly, a run asks
 * for the listed model whose id holds it (discover.ts chooseModel: Ollama's `qwen2.5-coder:latest`
 * for `qwen2.5-coder`), and the ledger and the user's record keep the id that answered: the name's
 * record is the latest such id's, on `server` when given. The name itself when an attempt has
 * exactly it, or none has an id holding it.
 */
export function recordedModel(model: string, entries: readonly RecordEntry[], user?: UserRecordSource | null): string {
  const name = normalizeModel(model);
  const key = user ? serverKey(user.server) : null;
  let holding: string | null = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const { event, model: id, server } = entries[i]!;
    if (!COUNTED_EVENTS.has(String(event)) || typeof id !== "string") continue;
    if (key !== null && typeof server === "string" && serverKey(server) !== key) continue;
    if (normalizeModel(id) === name) return model;
    holding ??= normalizeModel(id).includes(name) ? id : null;
  }
  if (!user) return holding ?? model;
  if (hasUserRecord(user.dir, user.server, model)) return model;
  return holding ?? latestUserModel(user.dir, user.server, model) ?? model;
}
