// A command's `!` line (commands/local-ask.md) runs under Claude Code's time limit for a Bash
// command. A line still running then is moved to the background: its output never reaches the
// prompt, and the command's text tells Claude the answer is above when it is not.
import type { Failure } from "../errors.js";
import { startDeadline, type Deadline } from "../model/deadline.js";

/** Claude Code's limit for a Bash command given no timeout, unless BASH_DEFAULT_TIMEOUT_MS sets another. */
const CLAUDE_CODE_BASH_MS = 120_000;

/** The client's limit in this environment. */
export function bashLimitMs(env: NodeJS.ProcessEnv): number {
  const set = Number(env.BASH_DEFAULT_TIMEOUT_MS);
  return Number.isInteger(set) && set > 0 ? set : CLAUDE_CODE_BASH_MS;
}

/** Ends a little before the client's limit (time to print and exit), or when `parent` aborts. */
export function startBashLimit(env: NodeJS.ProcessEnv, parent?: AbortSignal): Deadline {
  const limit = bashLimitMs(env);
  return startDeadline(limit - Math.min(10_000, Math.floor(limit / 4)), "BASH_DEFAULT_TIMEOUT_MS", parent);
}

/** What the user reads when the answer did not come in time, and what to do about it. */
export function bashLimitFailure(d: Deadline, env: NodeJS.ProcessEnv, cliPath: string): Failure {
  const s = (ms: number) => Math.round(ms / 100) / 10;
  return {
    code: "MODEL_UNAVAILABLE",
    message: `the local model had not finished its answer after ${s(d.ms)} s, and Claude Code moves a command still running at ${s(bashLimitMs(env))} s (BASH_DEFAULT_TIMEOUT_MS) to the background, where its answer would not reach you`,
    hint: `ask it at a terminal, where it has as long as it needs: node "${cliPath}" ask "<question>"; or set a larger BASH_DEFAULT_TIMEOUT_MS in the env of Claude Code's settings`,
  };
}
