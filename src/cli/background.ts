import { formatFailure } from "../errors.js";
import type { CommandContext } from "../project/context.js";
import { cancelJob } from "../jobs/cancel.js";
import { startJob, type JobSubmission } from "../jobs/start.js";
import { MAX_WAIT_S, waitForJob } from "./commands/status.js";
import type { CliIO } from "./io.js";
import { printJson } from "./output.js";

/**
 * The `--background` branch of any command, after it has checked its input: starts the job and
 * prints `{"job","status":"running"|"queued","log"}` at once. With `waitS` (`--wait S`), waits up
 * to S seconds for it instead: its result is printed as the foreground command prints it, and a
 * job still going prints where it is and how to go on waiting. A Ctrl-C (or Claude Code stopping
 * the call) then cancels it, as it would the foreground command: nothing it wrote is left.
 */
export async function startInBackground(io: CliIO, ctx: CommandContext, sub: JobSubmission, waitS?: number): Promise<number> {
  const started = await startJob(io, ctx, sub);
  if (!started.ok) {
    printJson(io, { status: "failed", error: formatFailure({ ...started.error, hint: undefined }), ...(started.error.hint ? { hint: started.error.hint } : {}) });
    return 1;
  }
  if (waitS === undefined) {
    printJson(io, started.value);
    return 0;
  }
  const id = started.value.job;
  return waitForJob(io, ctx, id, waitS, {
    onInterrupt: async (job) => {
      const cancelled = await cancelJob(ctx.data, ctx.root, id);
      return cancelled.ok ? cancelled.value : job;
    },
    stillGoing: () => ({ hint: `still running: wait for its line with \`local-delegate status ${id} --wait ${MAX_WAIT_S}\`` }),
  });
}
