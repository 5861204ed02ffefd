import { formatFailure } from "../errors.js";
import type { CommandContext } from "../project/context.js";
import { startJob, type JobSubmission } from "../jobs/start.js";
import type { CliIO } from "./io.js";
import { printJson } from "./output.js";

/**
 * The `--background` branch of any command, after it has checked its input: starts the job and
 * prints `{"job","status":"running"|"queued","log"}` at once.
 */
export async function startInBackground(io: CliIO, ctx: CommandContext, sub: JobSubmission): Promise<number> {
  const started = await startJob(io, ctx, sub);
  if (!started.ok) {
    printJson(io, { status: "failed", error: formatFailure({ ...started.error, hint: undefined }), ...(started.error.hint ? { hint: started.error.hint } : {}) });
    return 1;
  }
  printJson(io, started.value);
  return 0;
}
