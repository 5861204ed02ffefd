import { reconcile } from "../../jobs/liveness.js";
import { sleep } from "../../jobs/proc.js";
import { isActive, type Job } from "../../jobs/schema.js";
import { readJob, resolveJobId } from "../../jobs/store.js";
import { fail, formatFailure, ok, type Failure, type Result } from "../../errors.js";
import { parse } from "../args.js";
import { commandContext, type CommandContext } from "../context.js";
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
  const waitS = waitSeconds(args.value.values.wait);
  if (!waitS.ok) return refuse(io, given ?? null, waitS.error);

  const ctx = commandContext(io);
  const id = resolveJobId(ctx.data, given);
  if (!id.ok) return refuse(io, given ?? null, id.error);
  return waitForJob(io, ctx, id.value, waitS.value ?? 0);
}

/** `--wait S` as parsed: seconds, at most MAX_WAIT_S; null when not given. */
export function waitSeconds(raw: string | boolean | undefined): Result<number | null> {
  if (typeof raw !== "string") return ok(null);
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0) return fail("USAGE", "must be a number of seconds", { field: "--wait" });
  return ok(Math.min(s, MAX_WAIT_S));
}

/** What `run --wait` adds to `status`'s wait: what a Ctrl-C does to the job, and the line of a job still going. */
export interface WaitChoices {
  onInterrupt?: (job: Job) => Promise<Job>;
  stillGoing?: (job: Job) => object;
}

/** Waits up to `waitS` for job `id` to end, then prints its line: its result once it ended, else where it is. */
export async function waitForJob(io: CliIO, ctx: CommandContext, id: string, waitS: number, choices: WaitChoices = {}): Promise<number> {
  const deadline = performance.now() + waitS * 1000;
  for (;;) {
    const read = readJob(ctx.data, id);
    if (!read.ok) return refuse(io, id, read.error);
    let job = await reconcile(ctx.data, ctx.root, read.value, io.signal);
    const left = deadline - performance.now();
    if (io.signal?.aborted && isActive(job) && choices.onInterrupt) job = await choices.onInterrupt(job);
    if (!isActive(job) || left <= 0 || io.signal?.aborted) {
      printJson(io, isActive(job) && choices.stillGoing ? { ...statusView(job), ...choices.stillGoing(job) } : statusView(job));
      return statusExitCode(job);
    }
    await sleep(Math.min(POLL_MS, left));
  }
}

function refuse(io: CliIO, job: string | null, f: Failure): number {
  printJson(io, { ...(job ? { job } : {}), status: "invalid", error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}) });
  return f.code === "IO" ? 1 : 2;
}
