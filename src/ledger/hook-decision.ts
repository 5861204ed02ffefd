// The hook's way into the ledger. node:fs only (through append.ts) and type-only imports, so the
// hook bundle stays small: no zod, no tokenizer.
import type { Result } from "../errors.js";
import { appendJsonLine } from "./append.js";
import type { HookDecision, HookEntry } from "./entry.js";

/** A hook entry without what appending adds (version, time, event). */
export type HookDecisionInput = Omit<HookEntry, "v" | "ts" | "event">;

export function hookEntry(d: HookDecisionInput, now = new Date()): HookEntry {
  return {
    v: 1,
    ts: now.toISOString(),
    event: "hook",
    decision: d.decision,
    category: d.category,
    mode: d.mode,
    file: d.file,
    session_id: d.session_id,
    ...(d.tool ? { tool: d.tool } : {}),
    ...(d.transcript_path ? { transcript_path: d.transcript_path } : {}),
  };
}

/** Appends the hook's decision to the ledger at `path` (`ledgerPath(dataDir)`). */
export function recordHookDecision(path: string, d: HookDecisionInput, now = new Date()): Result<void> {
  return appendJsonLine(path, hookEntry(d, now));
}
