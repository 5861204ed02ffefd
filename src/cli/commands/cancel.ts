import { cancelJob } from "../../jobs/cancel.js";
import { resolveJobId } from "../../jobs/store.js";
import { formatFailure, type Failure } from "../../errors.js";
import { parse } from "../args.js";
import { commandContext } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate cancel JOB [--json]";

/**
 * `cancel JOB`: stops the job's worker and every process it started (test commands included),
 * puts back every file the job changed, finished tasks included, and marks it `cancelled`.
 * Prints one JSON line: `{"job","status":"cancelled","restored":[…]}`.
 */
export async function cancelCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (!args.ok) return refuse(io, null, args.error);
  if (args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const [given, ...extra] = args.value.positionals;
  if (!given || extra.length) return refuse(io, null, { code: "USAGE", message: `expected one job id; usage: ${usage}` });
  const ctx = commandContext(io);
  const id = resolveJobId(ctx.data, given);
  if (!id.ok) return refuse(io, given, id.error);
  const r = await cancelJob(ctx.data, ctx.root, id.value, io.signal);
  if (!r.ok && r.error.code === "CANCELLED") {
    printJson(io, { job: id.value, status: "interrupted", error: r.error.message, hint: r.error.hint });
    return 130;
  }
  if (!r.ok) return refuse(io, id.value, r.error);
  const end = r.value.result?.kind === "job" ? r.value.result.value : { job: id.value, status: "cancelled" as const };
  printJson(io, end);
  return end.not_restored || end.error ? 1 : 0;
}

function refuse(io: CliIO, job: string | null, f: Failure): number {
  printJson(io, { ...(job ? { job } : {}), status: "invalid", error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}) });
  return f.code === "IO" ? 1 : 2;
}
