import type { RunOutcome } from "../engine/result.js";
import type { Result } from "../errors.js";
import type { LedgerEntry } from "./entry.js";
import { appendEntry } from "./store.js";

/** The ledger line for a `run`. */
export function runEntry(o: RunOutcome, now = new Date()): LedgerEntry {
  const r = o.result;
  return {
    v: 1,
    ts: now.toISOString(),
    event: "run",
    task_id: r.task_id,
    kind: o.kind,
    file: r.file,
    status: r.status,
    model: r.model ?? null,
    server: o.server,
    attempts: r.attempts,
    tests: r.tests,
    well_formed: r.well_formed,
    failure_kind: o.failureKind,
    code: o.code,
    error: r.error ?? null,
    local: r.local_tokens ? { prompt_tokens: r.local_tokens.prompt, completion_tokens: r.local_tokens.completion } : null,
    wall_ms: r.ms,
    lines_written: r.lines ?? 0,
    claude: null,
  };
}

export function recordRun(path: string, o: RunOutcome): Result<void> {
  return appendEntry(path, runEntry(o));
}
