import { dirname } from "node:path";
import type { RunOutcome } from "../engine/result.js";
import { describeThrown, type Result } from "../errors.js";
import { CLAUDE_TOKEN_FACTOR, TOKENIZER_NAME, countClaudeTokensMany } from "../tokens/claude.js";
import { measureDelegation, readTranscript } from "../tokens/transcript.js";
import { claudeFigures } from "./accounting.js";
import type { ClaudeEstimate, ClaudeMeasured, RollbackEntry, RunEntry } from "./entry.js";
import { readSessionPointer } from "./session.js";
import { appendEntry } from "./store.js";
import { appendJsonLine } from "./append.js";
import { userRecordLine, type JudgedSource } from "./user-record.js";
import { appendUserRecord } from "./user-record-append.js";

export interface RecordOptions {
  now?: Date;
  /** The calibration factor from cl100k_base to Claude tokens. */
  factor?: number;
  /** Look for the delegation in the session transcript named by the session pointer (default true). */
  measure?: boolean;
  /** The user's model records (project/records-dir.ts) and this project's root: a judged run is added to its model's record too. */
  userRecord?: UserRecordPlace | undefined;
}

export interface UserRecordPlace {
  dir: string;
  project: string;
}

/**
 * The ledger line, then the same attempt in its model's per-user record when it was judged. The
 * ledger's failure is the one reported when both fail: it is what the project's report reads.
 */
export async function appendJudged(path: string, entry: JudgedSource, place: UserRecordPlace | undefined): Promise<Result<void>> {
  const written = appendJsonLine(path, entry);
  const line = place ? userRecordLine(entry, place.project) : null;
  const kept = line && place ? await appendUserRecord(place.dir, line) : null;
  return !written.ok || !kept ? written : kept;
}


/** The tokenizer estimate of what this run cost Claude and what writing the file would have. */
export async function claudeEstimate(o: RunOutcome, factor = CLAUDE_TOKEN_FACTOR): Promise<ClaudeEstimate> {
  const kept = o.result.status === "success" && o.content !== null;
  // Exactly the line `run` prints, newline included.
  const [spec, result, file] = await countClaudeTokensMany([o.specText, `${JSON.stringify(o.result)}\n`, kept ? o.content! : ""], factor);
  const figures = claudeFigures({ spec: spec!, result: result!, file: kept ? file! : null });
  return { ...figures, tokenizer: TOKENIZER_NAME, factor };
}

/** The ledger line for a `run`. */
export function runEntry(o: RunOutcome, now: Date, claude: ClaudeEstimate | null, measured: ClaudeMeasured | null = null): RunEntry {
  const r = o.result;
  return {
    v: 1,
    ts: now.toISOString(),
    event: "run",
    task_id: r.task_id,
    kind: o.kind,
    file: r.file,
    status: r.status,
    model: o.model,
    server: o.server,
    attempts: r.attempts,
    tests: r.tests,
    well_formed: r.well_formed,
    failure_kind: o.failureKind,
    code: o.code,
    error: r.error ?? null,
    local: o.usage ? { prompt_tokens: o.usage.prompt, completion_tokens: o.usage.completion } : null,
    ...(o.promptCache.length ? { prompt_cache: o.promptCache } : {}),
    wall_ms: o.ms,
    lines_written: r.lines ?? 0,
    run_id: o.runId,
    // What the run noticed on the way (files of an interrupted run put back, context cut to
    // signatures): kept for people reading the ledger, never shown to Claude.
    ...(o.notes.length ? { notes: o.notes.slice(0, 10) } : {}),
    claude,
    claude_measured: measured,
  };
}

/**
 * What the session transcript shows Claude really spent on this delegation, when a hook has told
 * us which session works in this project. The responses must be recent (started within this run's
 * time plus a margin), so a stale pointer to an old session never lends its figures to a new run.
 */
export function measuredFor(dataDir: string, o: RunOutcome, now: Date): ClaudeMeasured | null {
  if (!o.result.task_id) return null;
  const s = readSessionPointer(dataDir);
  if (!s) return null;
  const text = readTranscript(s.transcript_path);
  if (!text.ok) return null;
  const since = now.getTime() - o.ms - MEASURE_MARGIN_MS;
  const m = measureDelegation(text.value, o.result.task_id, since);
  return m ? { source: "transcript", output_tokens: m.output_tokens, responses: m.responses, session_id: m.session_id ?? s.session_id } : null;
}

/** How long before the run started its Bash call and spec may have been written. */
const MEASURE_MARGIN_MS = 10 * 60_000;

/** Appends the run's line; `path` is `ledgerPath(dataDir)`, whose folder also holds the session pointer. */
export async function recordRun(path: string, o: RunOutcome, opts: RecordOptions = {}): Promise<Result<void>> {
  return appendJudged(path, await buildRunEntry(path, o, opts), opts.userRecord);
}

async function buildRunEntry(path: string, o: RunOutcome, opts: RecordOptions): Promise<RunEntry> {
  const now = opts.now ?? new Date();
  const measured = opts.measure === false ? null : measuredFor(dirname(path), o, now);
  // The file is written by now: an estimate that cannot be made (a damaged token table) costs the
  // line its figures, never the run its result or the ledger its line.
  let claude: ClaudeEstimate | null;
  try {
    claude = await claudeEstimate(o, opts.factor);
  } catch (e) {
    return runEntry({ ...o, notes: [...o.notes, `no Claude-token estimate: ${describeThrown(e)}`] }, now, null, measured);
  }
  return runEntry(o, now, claude, measured);
}

/** A plan step that ran: the same line as a run, marked with its plan and step. Record it instead of (not as well as) `recordRun`. */
export async function recordPlanStep(path: string, o: RunOutcome, step: { plan_id: string; step: number | string }, opts: RecordOptions = {}): Promise<Result<void>> {
  const entry: RunEntry = { ...(await buildRunEntry(path, o, opts)), event: "plan-step", plan_id: step.plan_id, step: step.step };
  return appendJudged(path, entry, opts.userRecord);
}

/** A plan step that never ran (a step it depends on failed): counted as skipped, not as a task. */
export function recordPlanStepSkipped(
  path: string,
  s: { plan_id: string; step: number | string; task_id: string; kind: string | null; file: string | null; reason: string },
  now = new Date(),
): Result<void> {
  return appendEntry(path, { v: 1, ts: now.toISOString(), event: "plan-step", plan_id: s.plan_id, step: s.step, task_id: s.task_id, kind: s.kind, file: s.file, status: "skipped", error: s.reason, claude: null, claude_measured: null });
}

export function recordRollback(path: string, r: Omit<RollbackEntry, "v" | "ts" | "event">, now = new Date()): Result<void> {
  return appendEntry(path, { v: 1, ts: now.toISOString(), event: "rollback", ...r });
}
