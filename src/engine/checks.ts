import { runCommand } from "../verify/command.js";
import { summarizeFailure } from "../verify/summarize.js";

export type FailureKind = "format" | "syntax" | "spec" | "lint" | "tests";

export interface CheckFailure {
  kind: FailureKind;
  /** One line for the result and the ledger. */
  message: string;
  /** What the model sees on a retry: the lines that matter. */
  details: string;
}

export interface CommandCheck {
  kind: "lint" | "tests";
  command: string;
}

/**
 * Runs the lint and test commands in order, stopping at the first that fails. A command that
 * times out is a failure with its own message, since a hung test is a defect the model made.
 */
export async function runChecks(
  checks: CommandCheck[],
  cwd: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onStep?: (kind: "lint" | "tests") => void,
  env?: NodeJS.ProcessEnv,
): Promise<CheckFailure | null> {
  for (const c of checks) {
    onStep?.(c.kind);
    const r = await runCommand(c.command, { cwd, timeoutMs, signal, env });
    if (r.cancelled) return { kind: c.kind, message: "cancelled", details: "" };
    if (r.timedOut) {
      return {
        kind: c.kind,
        message: `${c.kind === "tests" ? "the tests" : "the lint command"} did not finish within ${Math.round(timeoutMs / 1000)} s`,
        details: `${summarizeFailure(r.output)}\n(killed after ${Math.round(timeoutMs / 1000)} s: look for an endless loop or a promise that never settles)`,
      };
    }
    if (r.exitCode !== 0) {
      const details = summarizeFailure(r.output);
      const first = details.split("\n").find((l) => l.trim()) ?? `exit code ${r.exitCode}`;
      return { kind: c.kind, message: `${c.kind === "tests" ? "tests failed" : "lint failed"}: ${first.trim().slice(0, 200)}`, details };
    }
  }
  return null;
}
