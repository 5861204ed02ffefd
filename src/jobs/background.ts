import { formatFailure } from "../errors.js";
import type { CommandContext } from "../cli/context.js";
import type { CliIO } from "../cli/io.js";
import { printJson } from "../cli/output.js";
import { INPUT_TOKEN, startJob, type JobRequest } from "./start.js";

export { INPUT_TOKEN };

/** The server a job queues on: the first of several endpoints (the one tried first), else base_url. */
export function jobServer(config: { base_url: string; endpoints?: readonly { base_url: string }[] | undefined }): string {
  return config.endpoints?.[0]?.base_url ?? config.base_url;
}
export type { JobRequest };

/**
 * The `--background` branch of any command, after it has checked its input: starts the job and
 * prints `{"job","status":"running"|"queued","log"}` at once. A command calls it with the argv a
 * foreground call would take, e.g. `plan run` passes `["plan", "run", INPUT_TOKEN]` and the plan's text.
 */
export async function startInBackground(io: CliIO, ctx: CommandContext, req: JobRequest): Promise<number> {
  const started = await startJob(io, ctx, req);
  if (!started.ok) {
    printJson(io, { status: "failed", error: formatFailure({ ...started.error, hint: undefined }), ...(started.error.hint ? { hint: started.error.hint } : {}) });
    return 1;
  }
  printJson(io, started.value);
  return 0;
}
