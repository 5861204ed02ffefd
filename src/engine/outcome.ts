import { formatFailure, type Failure } from "../errors.js";
import type { TaskSpec } from "../spec/load.js";
import { countLines } from "../util/lines.js";
import type { CheckFailure } from "./checks.js";
import type { CompactResult, RunOutcome, RunStatus } from "./result.js";
import type { RunState } from "./state.js";

export interface OutcomeExtra {
  failure?: Failure | null;
  checkFailure?: CheckFailure | null;
  tests?: "passed" | "failed" | "none";
  /** What a success's reader should know (a failure's hint comes with the failure). */
  hint?: string;
  /** A failed restore: where the original of the first file not put back is kept. */
  unrestored?: { backup: string | null } | null;
  /** Versions of the run's files that someone else made while it ran, kept before the originals went back. */
  kept?: string[];
}

/** The run's outcome from what it learned. Pure: `now` is passed in. */
export function buildOutcome(spec: Pick<TaskSpec, "task_id" | "kind" | "output">, specText: string, state: RunState, status: RunStatus, extra: OutcomeExtra, now: number): RunOutcome {
  const f = extra.failure ?? null;
  const success = status === "success" && state.content !== null;
  return {
    result: compactResult(spec, state, status, extra, success),
    kind: spec.kind,
    code: f?.code ?? (extra.checkFailure ? "VERIFY_FAILED" : null),
    failureKind: extra.checkFailure?.kind ?? null,
    server: state.server,
    model: state.model,
    usage: state.usage,
    promptCache: state.promptCache,
    ms: now - state.started,
    notes: state.notes,
    content: success ? state.content : null,
    specText,
    runId: state.runId,
  };
}

function compactResult(spec: Pick<TaskSpec, "task_id" | "output">, state: RunState, status: RunStatus, extra: OutcomeExtra, success: boolean): CompactResult {
  const f = extra.failure ?? null;
  const err = f ? formatFailure({ ...f, hint: undefined }) : extra.checkFailure?.message;
  const unchecked = success && state.checked !== null && state.checked.syntax === "none" && !state.checked.commands;
  return {
    status,
    task_id: spec.task_id,
    file: spec.output.rel,
    attempts: state.attempts,
    tests: extra.tests ?? "none",
    ...(success ? {} : { well_formed: state.wellFormed }),
    ...(success ? { lines: countLines(state.content!) } : {}),
    ...(unchecked ? { checked: "none" as const } : {}),
    ...(success && state.updated.length ? { updated: state.updated } : {}),
    ...(err ? { error: err } : {}),
    ...(f?.hint ? { hint: f.hint } : extra.hint ? { hint: extra.hint } : {}),
    ...(extra.kept?.length ? { kept: extra.kept } : {}),
    ...(state.recovered.length ? { recovered: state.recovered } : {}),
    ...(extra.unrestored ? { restored: false as const, ...(extra.unrestored.backup ? { backup: extra.unrestored.backup } : {}) } : {}),
  };
}
