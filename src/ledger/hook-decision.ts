// The hook's way into the ledger. node:fs only (through append.ts) and type-only imports, so the
// hook bundle stays small: no zod, no tokenizer.
import type { Result } from "../errors.js";
import { appendJsonLine } from "./append.js";
import type { HookDecision, HookEntry } from "./entry.js";

export interface HookDecisionInput {
  decision: HookDecision;
  /** The classifier's category for the file; null when there is none. */
  category: string | null;
  /** hook_mode in force (nudge | enforce | off). */
  mode: string;
  /** Project-relative path of the file being written (an absolute path is made relative by the report). */
  file: string | null;
  session_id: string | null;
  /** The tool Claude was calling (Write, Edit…). */
  tool?: string | null;
  transcript_path?: string | null;
}

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
