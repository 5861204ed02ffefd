import { formatFailure } from "../../errors.js";
import { jobServer } from "../../jobs/queue.js";
import { renderReport } from "../../qualify/render.js";
import { parseKinds } from "../../qualify/kinds.js";
import { executeQualify, prepareQualify } from "../../requests/qualify.js";
import { parse } from "../args.js";
import { startInBackground } from "../background.js";
import { commandContext } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate qualify [--model M] [--kinds code,test,doc,refactor] [--json] [--keep] [--background]";

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
  const prepared = prepareQualify({ kinds, model, keep: v.keep === true }, ctx, io.env);
  if (!prepared.ok) {
    io.stderr(`local-delegate: ${formatFailure(prepared.error)}\n`);
    return 2;
  }
  // The suite takes minutes on a laptop model, longer than one Bash call may last: as a job, the
  // same request runs detached and its report becomes the job's result (`status` prints it as --json does).
  if (v.background) {
    const { config } = prepared.value;
    const fg = [...argv.filter((a) => a !== "--background" && a !== "--json"), "--json"];
    return startInBackground(io, ctx, { request: { kind: "qualify", ...prepared.value.request }, label: model ?? "qualify", argv: ["qualify", ...fg], server: jobServer(config), maxJobsPerServer: config.max_jobs_per_server ?? 1 });
  }
  const tty = io.stderrIsTTY;
  const done = await executeQualify(prepared.value, ctx, {
    signal: io.signal,
    warn: (m) => io.stderr(`local-delegate: warning: ${m}\n`),
    onTaskDone: (f, i, total) => {
      if (tty) io.stderr(`  [${i + 1}/${total}] ${f.suite_task} ${f.first_pass ? "passed" : f.second_pass ? "passed on the retry" : f.status}\n`);
    },
  });
  if (!done.ok) {
    io.stderr(`local-delegate: ${formatFailure(done.error)}\n`);
    return 2;
  }
  if (v.json) printJson(io, done.value.value);
  else io.stdout(renderReport(done.value.value));
  return done.value.exitCode;
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`local-delegate: ${message}\nusage: ${usage}\n`);
  return 2;
}
