// The one line Claude reads about failed tests: the first failing assertion with its values, the
// test's name and where, never a stack frame. The model's retry gets `summarizeFailure`'s longer
// excerpt instead; this is for the result line, where every character costs Claude tokens.
import { compileError, cargoTest, doctest, goTest, junitConsole, pyTraceback, pytest, surefire } from "./failure-native.js";
import { jest, nodeSpec, nodeTap, nodeUncaught, vitest } from "./failure-js.js";
import { STACK_FRAME, formatPoint, outputLines, type Parser } from "./failure-point.js";
import { summarizeFailure } from "./summarize.js";

// Most specific first: each parser recognises its runner's marks and answers null otherwise.
// Compiler errors come after the runners (a runner's report may quote one), Node's uncaught
// error last (every JavaScript runner prints `at` frames).
const PARSERS: readonly Parser[] = [surefire, junitConsole, cargoTest, goTest, pytest, doctest, jest, vitest, nodeTap, nodeSpec, pyTraceback, compileError, nodeUncaught];

// Lines that say a command failed without saying why; never the line Claude gets.
const NOISE = /^\s*(RUN\s+v\d|npm (ERR!|error)|ELIFECYCLE|error Command failed|FAIL\s*$|FAILED\s*$|Test Files |Tests |# (fail|tests|pass) |ℹ |\[ERROR\] *(-> \[Help|To see|Re-run|For more|$))/;

export interface FirstFailureOptions {
  /** The project root: locations under it are shown relative. */
  root?: string | undefined;
  /** Characters at most (default 200). */
  max?: number | undefined;
}

/**
 * The first failing assertion in a test command's output, in at most `max` characters:
 * `test: message: expected X, got Y (file:line)`. Null when the output holds nothing to show.
 */
export function firstFailure(output: string, opts: FirstFailureOptions = {}): string | null {
  const max = opts.max ?? 200;
  const lines = outputLines(output);
  for (const parse of PARSERS) {
    const f = parse(lines);
    if (f && (f.message || f.expected !== undefined || f.test)) {
      const line = formatPoint(f, max, opts.root);
      if (!STACK_FRAME.test(line)) return line;
    }
  }
  const telling = (text: string) =>
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l && !STACK_FRAME.test(l) && !NOISE.test(l));
  // The lines that name an error first; when those are all frames and noise, any line that is not.
  const fallback = telling(summarizeFailure(output)) ?? telling(lines.join("\n"));
  if (!fallback) return null;
  return fallback.length > max ? `${fallback.slice(0, max - 1)}…` : fallback;
}
