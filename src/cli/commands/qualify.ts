import { randomUUID } from "node:crypto";
import { recordFromLedgerFile, recordReason, thresholdsFromConfig } from "../../classify/adaptive.js";
import { exitCodeFor } from "../../engine/result.js";
import { formatFailure } from "../../errors.js";
import { jobServer, startInBackground } from "../../jobs/background.js";
import { appendJsonLine, ledgerPath } from "../../ledger/append.js";
import { createBackends } from "../../model/endpoints.js";
import { BackendPool } from "../../model/pool.js";
import { renderReport, routingRow, type QualifyReport } from "../../qualify/render.js";
import { runSuite, type SuiteRun } from "../../qualify/run-suite.js";
import { SUITE_VERSION, suiteFor } from "../../qualify/suite/index.js";
import { kindFigures, qualifyEntry, taskFigures } from "../../qualify/summary.js";
import { parseKinds } from "../../qualify/kinds.js";
import { TASK_KINDS } from "../../spec/schema.js";
import { parse } from "../args.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate qualify [--model M] [--kinds code,test,doc,refactor] [--json] [--keep] [--background]";

/** The suite's checks are small; a check still running after this has hung. */
const SUITE_TEST_TIMEOUT_MS = 60_000;

/**
 * Runs the built-in suite against the configured model (or --model), records every task in the
 * ledger as a `qualify` line, and prints the rates per kind and where each kind is now routed.
 */
export async function qualifyCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, {
    help: { type: "boolean", short: "h" },
    json: { type: "boolean" },
    keep: { type: "boolean" },
    model: { type: "string" },
    kinds: { type: "string" },
    background: { type: "boolean" },
  });
  if (!args.ok) return usageError(io, args.error.message);
  const v = args.value.values;
  if (v.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (args.value.positionals.length) return usageError(io, `unexpected argument ${args.value.positionals[0]}`);
  const kinds = parseKinds(typeof v.kinds === "string" ? v.kinds : null);
  if (typeof kinds === "string") return usageError(io, kinds);
  const model = typeof v.model === "string" && v.model.trim() ? v.model.trim() : null;

  const ctx = commandContext(io);
  const cfg = configFor(io, ctx);
  if (!cfg.ok) {
    io.stderr(`local-delegate: ${formatFailure(cfg.error)}\n`);
    return 2;
  }
  // Every task gets exactly one retry, whatever the user's setting, so "by the second try" means
  // the same for every model; --model applies to every kind, over any per-kind models.
  const config = {
    ...cfg.value.config,
    retries: 1,
    test_timeout_ms: Math.min(cfg.value.config.test_timeout_ms, SUITE_TEST_TIMEOUT_MS),
    ...(model ? { model, models: undefined, endpoints: cfg.value.config.endpoints?.map((e) => ({ ...e, model: undefined, models: undefined })) } : {}),
  };
  const tasks = suiteFor(kinds);
  // The suite takes minutes on a laptop model, longer than one Bash call may last: as a job, the
  // same command runs detached and its --json line becomes the job's result.
  if (v.background) {
    const fg = [...argv.filter((a) => a !== "--background" && a !== "--json"), "--json"];
    return startInBackground(io, ctx, { kind: "qualify", label: model ?? "qualify", argv: ["qualify", ...fg], server: jobServer(config), maxJobsPerServer: config.max_jobs_per_server ?? 1 });
  }
  // One pool for the whole suite, as a plan has: an embedded model loads once, a dead server is
  // known dead for the next task, and a relative model_path means the user's project, not the
  // throwaway one each task runs in.
  const backends = createBackends(config, ctx.root);
  if (!backends.ok) {
    io.stderr(`local-delegate: ${formatFailure(backends.error)}\n`);
    return 2;
  }
  const pool = new BackendPool(backends.value, { stateDir: ctx.stateDir, lockWaitMs: config.lock_wait_ms, contextLength: config.context_length });
  const session = randomUUID();
  const ledger = ledgerPath(ctx.data);
  const tty = io.stderrIsTTY;
  io.onProgress?.({ done: 0, total: tasks.length, current: tasks[0]?.id ?? null });

  let suite: SuiteRun;
  try {
    suite = await runSuite(tasks, {
      config,
      pool,
      stateDir: ctx.stateDir,
      signal: io.signal,
      keep: v.keep === true,
      onEvent: (_task, e) => io.onEvent?.(e),
      onTaskDone: (run, i, total) => {
        const f = taskFigures(run);
        if (f.judged) {
          const w = appendJsonLine(ledger, qualifyEntry(run, session));
          if (!w.ok) io.stderr(`local-delegate: warning: ${w.error.message}\n`);
        }
        io.onProgress?.({ done: i + 1, total, current: tasks[i + 1]?.id ?? null });
        if (tty) io.stderr(`  [${i + 1}/${total}] ${f.suite_task} ${f.first_pass ? "passed" : f.second_pass ? "passed on the retry" : f.status}\n`);
      },
    });
  } finally {
    await pool.dispose();
  }
  const results = suite.runs.map(taskFigures);
  const measuredModel = suite.runs.map((r) => r.outcome.model).find((m): m is string => !!m) ?? model ?? config.model ?? null;
  const thresholds = thresholdsFromConfig(config);
  const record = measuredModel ? recordFromLedgerFile(ledger, measuredModel, thresholds.window) : null;
  const routing = TASK_KINDS.filter((k) => results.some((t) => t.kind === k)).map((k) => routingRow(k, recordReason(record, k, thresholds)));
  const stopped = suite.stopped?.result ?? null;
  const report: QualifyReport = {
    status: suite.failure ? "failed" : stopped ? "stopped" : "done",
    model: measuredModel,
    server: suite.runs[0]?.outcome.server ?? config.base_url,
    suite: SUITE_VERSION,
    tasks: results.length,
    ms: results.reduce((n, t) => n + t.ms, 0),
    kinds: kindFigures(results),
    routing,
    results,
    ...(suite.failure ? { error: suite.failure.message } : stopped?.error ? { error: stopped.error } : {}),
    ...(stopped?.hint ? { hint: stopped.hint } : {}),
    ...(suite.dir ? { dir: suite.dir } : {}),
  };
  if (v.json) printJson(io, report);
  else io.stdout(renderReport(report));
  if (suite.failure) return 1;
  return stopped ? exitCodeFor(stopped.status) : 0;
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`local-delegate: ${message}\nusage: ${usage}\n`);
  return 2;
}
