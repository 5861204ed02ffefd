import { reconcile } from "../../jobs/liveness.js";
import { sleep } from "../../jobs/proc.js";
import { isActive } from "../../jobs/schema.js";
import { readJob, resolveJobId } from "../../jobs/store.js";
import { formatFailure, type Failure } from "../../errors.js";
import { parse } from "../args.js";
import { commandContext } from "../context.js";
import { statusExitCode, statusView } from "../job-view.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate status [JOB] [--wait SECONDS] [--json]";

/** A Bash call must end before Claude Code's longest limit (10 minutes, when the call sets its timeout), whatever --wait asks. */
export const MAX_WAIT_S = 540;
const POLL_MS = 250;

/**
 * `status JOB`: one JSON line. A finished job prints its result, the same object the foreground
 * command prints, with its exit code; a queued or running one prints where it is, exit 75.
 * `--wait S` blocks until the job ends or S seconds pass (at most 540). With no JOB: the newest.
 */
export async function statusCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { wait: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (!args.ok) return refuse(io, null, args.error);
  if (args.value.values.help) {
    io.stdout(`${usage}\n  exit: the job's own exit code once it ended (0 success, 1 failed/escalated/interrupted, 2 invalid, 3 unavailable, 130 cancelled); 75 while it is queued or running\n`);
    return 0;
  }
  const [given, ...extra] = args.value.positionals;
  if (extra.length) return refuse(io, null, { code: "USAGE", message: `one job at a time; usage: ${usage}` });
  let waitS = 0;
  const rawWait = args.value.values.wait;
  if (typeof rawWait === "string") {
    waitS = Number(rawWait);
    if (!Number.isFinite(waitS) || waitS < 0) return refuse(io, given ?? null, { code: "USAGE", field: "--wait", message: "must be a number of seconds" });
    waitS = Math.min(waitS, MAX_WAIT_S);
  }

  const ctx = commandContext(io);
  const id = resolveJobId(ctx.data, given);
  if (!id.ok) return refuse(io, given ?? null, id.error);
  const deadline = Date.now() + waitS * 1000;
  for (;;) {
    const read = readJob(ctx.data, id.value);
    if (!read.ok) return refuse(io, id.value, read.error);
    const job = await reconcile(ctx.data, ctx.root, read.value, io.signal);
    const left = deadline - Date.now();
    if (!isActive(job) || left <= 0 || io.signal?.aborted) {
      printJson(io, statusView(job));
      return statusExitCode(job);
    }
    await sleep(Math.min(POLL_MS, left));
  }
}

function refuse(io: CliIO, job: string | null, f: Failure): number {
  printJson(io, { ...(job ? { job } : {}), status: "invalid", error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}) });
  return f.code === "IO" ? 1 : 2;
}
