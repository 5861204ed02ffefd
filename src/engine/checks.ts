import type { Failure } from "../errors.js";
import { isTestFile } from "../lang/languages.js";
import { dropBytecode, NO_BYTECODE_ENV } from "../verify/bytecode.js";
import { resolve } from "node:path";
import { commandFault, noTestsFault } from "../verify/command-fault.js";
import { runCommand, type CommandResult } from "../verify/command.js";
import { firstFailure } from "../verify/first-failure.js";
import { noTestsRan } from "../verify/no-tests.js";
import { preflightCommand } from "../verify/preflight.js";
import { armReadProbe } from "../verify/read-probe.js";
import { summarizeFailure } from "../verify/summarize.js";
import { testsFailed } from "../verify/tests-failed.js";

export type FailureKind = "format" | "syntax" | "spec" | "lint" | "tests";

export interface CheckFailure {
  kind: FailureKind;
  /** One line for the result and the ledger. */
  message: string;
  /** What the model sees on a retry: the lines that matter. */
  details: string;
  /**
   * The command could not run the check (not installed, a missing or broken test file): nothing
   * the model wrote is judged, so the run ends `invalid` with this, without a retry.
   */
  fault?: Failure;
}

/** What the commands made of the file: the first failure, and whether the tests read it (null: not known, or no tests ran). */
export interface ChecksOutcome {
  failure: CheckFailure | null;
  testsRead: boolean | null;
}

export interface CommandCheck {
  kind: "lint" | "tests";
  command: string;
}

const fieldOf = (c: CommandCheck) => (c.kind === "lint" ? "lint_command" : "test_command");

/** Whether each command can start at all (its program, script, files), before the model is called. */
export function preflightChecks(checks: readonly CommandCheck[], root: string, outputFile: string): Failure | null {
  for (const c of checks) {
    const r = preflightCommand(c.command, root, process.env, { field: fieldOf(c), root, outputFile });
    if (!r.ok) return r.error;
  }
  return null;
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
  /** Project-relative path of the file the model wrote, told apart from files it did not. */
  outputFile?: string,
): Promise<ChecksOutcome> {
  // The file just written is what the checks must run, never a cached compile of the last attempt.
  if (outputFile !== undefined) dropBytecode(cwd, outputFile);
  let testsRead: boolean | null | undefined;
  for (const c of checks) {
    onStep?.(c.kind);
    const probe = c.kind === "tests" && outputFile !== undefined ? armReadProbe(resolve(cwd, outputFile)) : null;
    const r = await runCommand(c.command, { cwd, timeoutMs, signal, env: { ...NO_BYTECODE_ENV, ...env } });
    if (r.cancelled) return { failure: { kind: c.kind, message: "cancelled", details: "" }, testsRead: null };
    const failure = judged(c, r, cwd, timeoutMs, outputFile);
    if (failure) return { failure, testsRead: null };
    if (c.kind !== "tests") continue;
    const read = probe ? probe.wasRead() : null;
    // Read by any test command is read; not read by all of them, not read.
    testsRead = testsRead === true || read === true ? true : testsRead === null || read === null ? null : false;
  }
  return { failure: null, testsRead: testsRead ?? null };
}

/** The failure a command's end shows, or null when it passed. */
function judged(c: CommandCheck, r: CommandResult, cwd: string, timeoutMs: number, outputFile: string | undefined): CheckFailure | null {
  if (r.timedOut) {
    return {
      kind: c.kind,
      message: `${c.kind === "tests" ? "the tests" : "the lint command"} did not finish within ${Math.round(timeoutMs / 1000)} s`,
      details: `${summarizeFailure(r.output)}\n(killed after ${Math.round(timeoutMs / 1000)} s: look for an endless loop or a promise that never settles)`,
    };
  }
  // Exit 0 from a pipeline or a list (`| tee log`, `; echo done`) may hide the runner's failure.
  const hidden = r.exitCode === 0 && c.kind === "tests" ? testsFailed(r.output) : null;
  if (r.exitCode === 0 && !hidden) {
    const empty = c.kind === "tests" && outputFile !== undefined ? emptyRun(r.output, c.command, cwd, outputFile) : null;
    if (empty) return empty;
  } else {
    const failed = hidden ? { ...r, exitCode: 1 } : r;
    const note = hidden ? `\n(the command exited 0, but the runner said: ${hidden})` : "";
    const details = summarizeFailure(r.output) + note;
    const fault = outputFile !== undefined ? commandFault(failed, c.command, { field: fieldOf(c), root: cwd, outputFile }) : null;
    const head = `${c.kind === "tests" ? "tests failed" : "lint failed"}: `;
    // The result line's error: the first failing assertion, within 200 characters in all.
    const first = firstFailure(r.output, { root: cwd, max: 200 - head.length }) ?? (hidden ?? howItEnded(r)).slice(0, 200 - head.length);
    return { kind: c.kind, message: `${head}${first}`, details, ...(fault ? { fault } : {}) };
  }
  return null;
}

/**
 * A test command that exited 0 without running a test has checked nothing: never a pass. The
 * command's fault, unless the model wrote a test file, which may be the one that holds no test.
 */
function emptyRun(output: string, command: string, root: string, outputFile: string): CheckFailure | null {
  const summary = noTestsRan(output);
  if (!summary) return null;
  const message = `tests failed: no test ran (${summary})`.slice(0, 200);
  const details = `${summarizeFailure(output)}\n(the test command ran no test: ${outputFile} must hold tests the runner finds and runs (a skipped or todo test does not run))`;
  if (isTestFile(outputFile)) return { kind: "tests", message, details };
  return { kind: "tests", message, details, fault: noTestsFault(summary, command, { field: "test_command", root, outputFile }) };
}

/** A command's end with nothing better to say: its exit code, or the signal that ended it. */
function howItEnded(r: CommandResult): string {
  if (r.exitCode !== null || !r.signal) return `exit code ${r.exitCode ?? "unknown"}`;
  const why = /^SIG(?:SEGV|BUS|ILL|FPE|ABRT|TRAP|SYS)$/.test(r.signal) ? " (a crash)" : r.signal === "SIGKILL" ? " (killed from outside, or out of memory)" : "";
  return `killed by ${r.signal}${why}`;
}
