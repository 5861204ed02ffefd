import type { Config } from "../config/schema.js";
import { loadConfig } from "../config/load.js";
import { runTask } from "../engine/run.js";
import { exitCodeFor, statusForFailure, verboseResult, type CompactResult } from "../engine/result.js";
import { formatFailure, ok, type Failure, type Result } from "../errors.js";
import { recordRun } from "../ledger/record.js";
import { ledgerPath } from "../ledger/store.js";
import type { CommandContext } from "../project/context.js";
import { validateSpec, type TaskSpec } from "../spec/load.js";
import type { Done, RequestHooks } from "./io.js";

/** A spec checked against the project, and the config it runs with: ready to run, here or as a job. */
export interface PreparedRun {
  spec: TaskSpec;
  /** The spec's text as read, for the ledger's token figures. */
  text: string;
  config: Config;
}

/** The task id a spec names, even when the spec is refused: the refusal says which task it was. */
export function specTaskId(json: unknown): string | null {
  const id = (json as { task_id?: unknown } | null)?.task_id;
  return typeof id === "string" ? id : null;
}

/** Validates the spec, then loads the config, in that order (a bad spec is named before a bad config). */
export function prepareRun(source: { json: unknown; text: string }, ctx: CommandContext, env: NodeJS.ProcessEnv): Result<PreparedRun> {
  const spec = validateSpec(source.json, ctx.root);
  if (!spec.ok) return spec;
  const cfg = loadConfig({ root: ctx.root, env });
  if (!cfg.ok) return cfg;
  return ok({ spec: spec.value, text: source.text, config: cfg.value.config });
}

/** The run's result line when it never started: what `run` prints for a bad spec or config. */
export function refusedRun(f: Failure, taskId: string | null): Done<CompactResult> {
  const status = statusForFailure(f);
  const value: CompactResult = {
    status,
    task_id: taskId,
    file: null,
    attempts: 0,
    tests: "none",
    well_formed: null,
    error: formatFailure({ ...f, hint: undefined }),
    ...(f.hint ? { hint: f.hint } : {}),
  };
  return { value, exitCode: exitCodeFor(status) };
}

/**
 * One task through the engine, recorded in the ledger: the result line `run` prints (with
 * `verbose`, the model, its token counts and the time added for a person).
 */
export async function executeRun(p: PreparedRun, ctx: CommandContext, hooks: RequestHooks, verbose = false): Promise<Done<CompactResult>> {
  hooks.onProgress?.({ done: 0, total: 1, current: p.spec.task_id });
  const outcome = await runTask(p.spec, p.text, { config: p.config, stateDir: ctx.stateDir, signal: hooks.signal, onEvent: hooks.onEvent, onWriteStep: hooks.onWriteStep });
  hooks.onProgress?.({ done: outcome.result.status === "cancelled" ? 0 : 1, total: 1, current: null });
  const recorded = await recordRun(ledgerPath(ctx.data), outcome, { userRecord: { dir: ctx.records, project: ctx.root } });
  if (!recorded.ok) hooks.warn(recorded.error.message);
  return { value: verbose ? verboseResult(outcome) : outcome.result, exitCode: exitCodeFor(outcome.result.status) };
}
