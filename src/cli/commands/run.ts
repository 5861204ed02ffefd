import { isAbsolute, join } from "node:path";
import { MAX_SPEC_BYTES, parseSpecText, readSpecFile, saveSpecCopy } from "../../spec/load.js";
import type { Failure, Result } from "../../errors.js";
import type { CompactResult } from "../../engine/result.js";
import type { Done } from "../../requests/io.js";
import { executeRun, prepareRun, refusedRun, specTaskId } from "../../requests/run.js";
import { INPUT_TOKEN } from "../../jobs/start.js";
import { jobServer } from "../../jobs/queue.js";
import { parse } from "../args.js";
import { startInBackground } from "../background.js";
import { waitSeconds } from "./status.js";
import { commandContext } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";
import { progressLine } from "../progress.js";

export const usage = "local-delegate run SPEC.json [--background | --wait SECONDS] [--verbose]   (or - to read the spec from stdin; --verbose adds the model, its token counts and the time; --wait runs it as a job and waits that long for its line)";

/** `run SPEC`: one task, one JSON line on stdout, an exit code Claude and scripts can act on. */
export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { help: { type: "boolean", short: "h" }, background: { type: "boolean" }, wait: { type: "string" }, verbose: { type: "boolean", short: "v" } });
  if (!args.ok) return invalid(io, args.error, null);
  if (args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const [specPath, ...extra] = args.value.positionals;
  if (!specPath || extra.length) return invalid(io, { code: "USAGE", message: `expected one spec file; usage: ${usage}` }, null);

  const waitS = waitSeconds(args.value.values.wait);
  if (!waitS.ok) return invalid(io, waitS.error, null);
  const ctx = commandContext(io);
  const raw = await readSpec(specPath, io);
  if (!raw.ok) return invalid(io, raw.error, null);
  const prepared = prepareRun(raw.value, ctx, io.env);
  if (!prepared.ok) return invalid(io, prepared.error, specTaskId(raw.value.json));
  const { spec, config } = prepared.value;
  if (specPath === "-") saveSpecCopy(ctx.data, spec.task_id, raw.value.json);

  // --background (issue 8): the same request, checked above, runs in a detached worker; one line now.
  // --wait: the same job, waited on here, so that a run longer than a Bash call may last is not lost to Claude.
  if (args.value.values.background || waitS.value !== null) {
    const job = { request: { kind: "run" as const, spec: raw.value.text }, label: spec.task_id, argv: ["run", INPUT_TOKEN], server: jobServer(config), maxJobsPerServer: config.max_jobs_per_server ?? 1 };
    return startInBackground(io, ctx, job, waitS.value ?? undefined);
  }
  const progress = io.stderrIsTTY ? progressLine(io.stderr, spec.task_id) : null;
  const done = await executeRun(prepared.value, ctx, { signal: io.signal, onEvent: progress?.onEvent, warn: (m) => io.stderr(`local-delegate: warning: ${m}\n`), onWriteStep: io.onWriteStep }, args.value.values.verbose === true);
  progress?.done();
  return print(io, done);
}

async function readSpec(path: string, io: CliIO): Promise<Result<{ json: unknown; text: string }>> {
  if (path === "-") {
    const text = await io.readStdin({ what: "spec", maxBytes: MAX_SPEC_BYTES });
    return text.ok ? parseSpecText(text.value) : text;
  }
  return readSpecFile(isAbsolute(path) ? path : join(io.cwd, path));
}

function invalid(io: CliIO, f: Failure, taskId: string | null): number {
  return print(io, refusedRun(f, taskId));
}

function print(io: CliIO, done: Done<CompactResult>): number {
  printJson(io, done.value);
  return done.exitCode;
}
