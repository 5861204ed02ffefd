import { isAbsolute, join } from "node:path";
import { parseSpecText, readSpecFile, saveSpecCopy, validateSpec } from "../../spec/load.js";
import { formatFailure, type Failure, type Result } from "../../errors.js";
import { runTask } from "../../engine/run.js";
import { exitCodeFor, statusForFailure, type CompactResult } from "../../engine/result.js";
import { recordRun } from "../../ledger/record.js";
import { ledgerPath } from "../../ledger/store.js";
import { parse } from "../args.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";
import { progressLine } from "../progress.js";
import { INPUT_TOKEN, jobServer, startInBackground } from "../../jobs/background.js";

export const usage = "local-delegate run SPEC.json [--background]   (or - to read the spec from stdin)";

/** `run SPEC`: one task, one JSON line on stdout, an exit code Claude and scripts can act on. */
export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { help: { type: "boolean", short: "h" }, background: { type: "boolean" } });
  if (!args.ok) return invalid(io, args.error, null);
  if (args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const [specPath, ...extra] = args.value.positionals;
  if (!specPath || extra.length) return invalid(io, { code: "USAGE", message: `expected one spec file; usage: ${usage}` }, null);

  const ctx = commandContext(io);
  const raw = await readSpec(specPath, io);
  if (!raw.ok) return invalid(io, raw.error, null);
  const taskId = typeof (raw.value.json as { task_id?: unknown })?.task_id === "string" ? ((raw.value.json as { task_id: string }).task_id) : null;
  const spec = validateSpec(raw.value.json, ctx.root);
  if (!spec.ok) return invalid(io, spec.error, taskId);
  const cfg = configFor(io, ctx);
  if (!cfg.ok) return invalid(io, cfg.error, taskId);
  if (specPath === "-") saveSpecCopy(ctx.data, spec.value.task_id, raw.value.json);

  // --background (issue 8): the same command, checked above, runs in a detached worker; one line now.
  if (args.value.values.background) return startInBackground(io, ctx, { kind: "run", label: spec.value.task_id, argv: ["run", INPUT_TOKEN], input: raw.value.text, server: jobServer(cfg.value.config), maxJobsPerServer: cfg.value.config.max_jobs_per_server ?? 1 });

  io.onProgress?.({ done: 0, total: 1, current: spec.value.task_id });
  const progress = io.stderrIsTTY ? progressLine(io.stderr, spec.value.task_id) : null;
  const outcome = await runTask(spec.value, raw.value.text, {
    config: cfg.value.config,
    stateDir: ctx.stateDir,
    signal: io.signal,
    onEvent: progress?.onEvent ?? io.onEvent,
    onWriteStep: io.onWriteStep,
  });
  progress?.done();
  io.onProgress?.({ done: outcome.result.status === "cancelled" ? 0 : 1, total: 1, current: null });
  const recorded = await recordRun(ledgerPath(ctx.data), outcome);
  if (!recorded.ok) io.stderr(`local-delegate: warning: ${recorded.error.message}\n`);
  printJson(io, outcome.result);
  return exitCodeFor(outcome.result.status);
}

async function readSpec(path: string, io: CliIO): Promise<Result<{ json: unknown; text: string }>> {
  if (path === "-") return parseSpecText(await io.readStdin());
  return readSpecFile(isAbsolute(path) ? path : join(io.cwd, path));
}

function invalid(io: CliIO, f: Failure, taskId: string | null): number {
  const status = statusForFailure(f);
  const result: CompactResult = {
    status,
    task_id: taskId,
    file: null,
    attempts: 0,
    tests: "none",
    well_formed: null,
    error: formatFailure({ ...f, hint: undefined }),
    ...(f.hint ? { hint: f.hint } : {}),
    ms: 0,
  };
  printJson(io, result);
  return exitCodeFor(status);
}
