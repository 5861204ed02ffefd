import { randomUUID } from "node:crypto";
import { configuredServer, recordFromLedgerFile, recordReason, thresholdsFromConfig, userRecordSource, type ModelRecord } from "../classify/adaptive.js";
import type { Config } from "../config/schema.js";
import { loadConfig } from "../config/load.js";
import { exitCodeFor } from "../engine/result.js";
import { ok, type Result } from "../errors.js";
import { ledgerPath } from "../ledger/append.js";
import { appendJudged } from "../ledger/record.js";
import { createBackends } from "../model/endpoints.js";
import { BackendPool } from "../model/pool.js";
import type { CommandContext } from "../project/context.js";
import { routingRow, type QualifyReport } from "../qualify/render.js";
import { runSuite, type SuiteRun, type TaskRun } from "../qualify/run-suite.js";
import { SUITE_VERSION, suiteFor, type SuiteTask } from "../qualify/suite/index.js";
import { kindFigures, qualifyEntry, taskFigures, type TaskFigures } from "../qualify/summary.js";
import { runnableTasks, toolchainCheck, type SkippedTask } from "../qualify/toolchains.js";
import { TASK_KINDS } from "../spec/schema.js";
import type { Done, RequestHooks } from "./io.js";
import type { QualifyRequest } from "./qualify-request.js";

export type { QualifyRequest };

/** The suite's checks are small; a check still running after this has hung. */
const SUITE_TEST_TIMEOUT_MS = 60_000;

export interface PreparedQualify {
  request: QualifyRequest;
  config: Config;
  tasks: SuiteTask[];
}

/**
 * The config the suite runs with: exactly one retry for every task, whatever the user's setting,
 * so "by the second try" means the same for every model; a model asked for applies to every kind,
 * over any per-kind models.
 */
export function prepareQualify(request: QualifyRequest, ctx: CommandContext, env: NodeJS.ProcessEnv): Result<PreparedQualify> {
  const cfg = loadConfig({ root: ctx.root, env });
  if (!cfg.ok) return cfg;
  const base = cfg.value.config;
  const { model } = request;
  const config: Config = {
    ...base,
    retries: 1,
    test_timeout_ms: Math.min(base.test_timeout_ms, SUITE_TEST_TIMEOUT_MS),
    ...(model ? { model, models: undefined, endpoints: base.endpoints?.map((e) => ({ ...e, model: undefined, models: undefined })) } : {}),
  };
  return ok({ request, config, tasks: suiteFor(request.kinds) });
}

export interface QualifyHooks extends RequestHooks {
  /** A task of the suite ended (for a person's terminal: one line each). */
  onTaskDone?: ((figures: TaskFigures, index: number, total: number) => void) | undefined;
}

/**
 * Runs the suite against the model, records every judged task in the ledger as a `qualify` line,
 * and reports the rates per kind and where each kind is now routed. Fails only when the backends
 * cannot be set up.
 */
export async function executeQualify(p: PreparedQualify, ctx: CommandContext, hooks: QualifyHooks): Promise<Result<Done<QualifyReport>>> {
  const { config } = p;
  // Toolchains are probed here, not when the request is prepared: `--background` answers at once.
  // In the environment the checks will run in: the engine starts test commands with this process's.
  const { tasks, skipped } = await runnableTasks(p.tasks, toolchainCheck(process.env, process.platform, hooks.signal));
  // One pool for the whole suite, as a plan has: an embedded model loads once, a dead server is
  // known dead for the next task, and a relative model_path means the user's project, not the
  // throwaway one each task runs in.
  const backends = createBackends(config, ctx.root);
  if (!backends.ok) return backends;
  const pool = new BackendPool(backends.value, { stateDir: ctx.stateDir, lockWaitMs: config.lock_wait_ms, contextLength: config.context_length });
  const session = randomUUID();
  const ledger = ledgerPath(ctx.data);
  hooks.onProgress?.({ done: 0, total: tasks.length, current: tasks[0]?.id ?? null });
  // The ledger line is written at once; the model's per-user record waits for its lock meanwhile.
  const recording: Promise<void>[] = [];
  const record = (run: TaskRun) => {
    const kept = appendJudged(ledger, qualifyEntry(run, session), { dir: ctx.records, project: ctx.root });
    recording.push(kept.then((w) => (w.ok ? undefined : hooks.warn(w.error.message))));
  };
  let suite: SuiteRun;
  try {
    suite = await runSuite(tasks, {
      config,
      pool,
      stateDir: ctx.stateDir,
      signal: hooks.signal,
      keep: p.request.keep,
      onEvent: (_task, e) => hooks.onEvent?.(e),
      onTaskDone: (run, i, total) => {
        const f = taskFigures(run);
        if (f.judged) record(run);
        hooks.onProgress?.({ done: i + 1, total, current: tasks[i + 1]?.id ?? null });
        hooks.onTaskDone?.(f, i, total);
      },
    });
  } finally {
    await pool.dispose();
    await Promise.all(recording);
  }
  const report = qualifyReport(suite, p, ctx, skipped);
  const stopped = suite.stopped?.result ?? null;
  return ok({ value: report, exitCode: suite.failure ? 1 : stopped ? exitCodeFor(stopped.status) : 0 });
}

function qualifyReport(suite: SuiteRun, p: PreparedQualify, ctx: CommandContext, skipped: SkippedTask[]): QualifyReport {
  const { config } = p;
  const results = suite.runs.map(taskFigures);
  const measuredModel = suite.runs.map((r) => r.outcome.model).find((m): m is string => !!m) ?? p.request.model ?? config.model ?? null;
  const thresholds = thresholdsFromConfig(config);
  const kinds = TASK_KINDS.filter((k) => results.some((t) => t.kind === k));
  // A config with a model per kind (`models: {doc: …}`) runs each kind on its own model, and
  // routing judges each kind by its own model's record: so does this report.
  const models: Record<string, string | null> = Object.fromEntries(kinds.map((k) => [k, suite.runs.find((r) => r.task.kind === k && r.outcome.model)?.outcome.model ?? measuredModel]));
  const records = new Map<string, ModelRecord>();
  const recordOf = (model: string | null): ModelRecord | null => {
    if (!model) return null;
    if (!records.has(model)) records.set(model, recordFromLedgerFile(ledgerPath(ctx.data), model, thresholds.window, userRecordSource(config, ctx.records, ctx.root)));
    return records.get(model)!;
  };
  const routing = kinds.map((k) => routingRow(k, recordReason(recordOf(models[k] ?? null), k, thresholds)));
  const named = Object.entries(models).filter((e): e is [string, string] => !!e[1]);
  const several = new Set(named.map(([, m]) => m)).size > 1;
  const stopped = suite.stopped?.result ?? null;
  return {
    status: suite.failure ? "failed" : stopped ? "stopped" : "done",
    model: measuredModel,
    ...(several ? { models: Object.fromEntries(named) } : {}),
    server: suite.runs[0]?.outcome.server ?? configuredServer(config),
    suite: SUITE_VERSION,
    tasks: results.length,
    ms: results.reduce((n, t) => n + t.ms, 0),
    kinds: kindFigures(results),
    routing,
    results,
    skipped,
    ...(suite.failure ? { error: suite.failure.message } : stopped?.error ? { error: stopped.error } : {}),
    ...(stopped?.hint ? { hint: stopped.hint } : {}),
    ...(suite.dir ? { dir: suite.dir } : {}),
  };
}
