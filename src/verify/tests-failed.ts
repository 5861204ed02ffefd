// A test command that exits 0 although its runner said tests failed: the exit code was not the
// runner's. `npm test | tee log` exits with tee's, `pytest; echo done` with echo's, `go test ||
// true` with true's. The runner's own summary is the better witness: never a pass then.
//
// Only the runners' own summary lines count, whole lines, each saying a count above zero of
// failed tests (or a build that failed): a passing run never prints one.
import { outputLines } from "./failure-point.js";

const FAILED: readonly RegExp[] = [
  // node --test: TAP and spec reporters.
  /^(?:#|ℹ) (?:fail|cancelled) [1-9]\d*$/,
  // python -m unittest.
  /^FAILED \((?:failures|errors|unexpected successes)=\d+/,
  // pytest, with or without -q: failed tests, or errors (collection, fixtures).
  /^(?:=+ )?(?:\d+ [\w ]+, )*[1-9]\d* (?:failed|errors?)\b.* in \d+(?:\.\d+)?s(?: \([\d:]+\))?(?: =+)?$/,
  /^!+ Interrupted: [1-9]\d* errors? during collection !+$/,
  // vitest.
  /^(?:Test Files|Tests) {2}[1-9]\d* failed\b/,
  // jest.
  /^(?:Test Suites|Tests): +[1-9]\d* failed,/,
  // cargo test: a test binary's result, or the tests not compiling.
  /^test result: FAILED\./,
  /^error: (?:could not compile `[^`]+`|test failed, to rerun pass )/,
  // go test: a test, or a package (its tests or its build).
  /^--- FAIL: /,
  /^FAIL\s+\S+\s+(?:\d[\d.]*m?s|\[(?:build failed|setup failed)\])$/,
  // JUnit console launcher and Maven surefire.
  /^\[\s*[1-9]\d* (?:tests|containers) failed\s*\]$/,
  /^(?:\[\w+\] )?Tests run: \d+, Failures: \d+, Errors: \d+, Skipped: \d+$/,
  /^\[ERROR\] BUILD FAILURE$|^\[INFO\] BUILD FAILURE$/,
  // Ruby: minitest (`runs`) and test-unit (`tests`); RSpec, and its errors outside examples.
  /^\d+ (?:runs|tests), \d+ assertions, (?:[1-9]\d* failures, \d+ errors|\d+ failures, [1-9]\d* errors)\b/,
  /^\d+ examples?, [1-9]\d* failures?\b/,
  /^\d+ examples?, \d+ failures?, [1-9]\d* errors? occurred outside of examples$/,
  // PHPUnit, mocha, bun, deno, dotnet test, CTest, Gradle.
  /^(?:FAILURES|ERRORS)!$/,
  /^[1-9]\d* failing$/,
  /^[1-9]\d* fail$/,
  /^FAILED \| \d+ passed(?: \(\d+ steps?\))? \| [1-9]\d* failed\b/,
  /^Failed!\s+-\s+Failed:\s+[1-9]\d*,/,
  /^\d+% tests passed, [1-9]\d* tests? failed out of \d+$/,
  /^BUILD FAILED in \d/,
  // make, for a target whose recipe (a runner of any kind) failed.
  /^make(?:\[\d+\])?: \*\*\* \[.*\] Error \d+$/,
];

// doctest.testmod() or testfile() in a script: it prints its verdict and the script exits 0. At
// the start of the line only: an example's expected output, indented, may hold the same words.
const DOCTEST = /^\*\*\*Test Failed\*\*\* [1-9]\d* failures?\.$/;

/** Maven's summary counts failures and errors apart: only a count above zero is a failure. */
function mavenPassed(line: string): boolean {
  const m = /Failures: (\d+), Errors: (\d+)/.exec(line);
  return m !== null && m[1] === "0" && m[2] === "0";
}

/**
 * The runner's summary line saying tests failed, or null when no runner said so. Meant for a run
 * that exited 0: its exit code then hid the failure.
 */
export function testsFailed(output: string): string | null {
  for (const raw of outputLines(output)) {
    if (DOCTEST.test(raw)) return raw;
    const l = raw.trimStart();
    if (FAILED.some((re) => re.test(l)) && !(l.includes("Tests run:") && mavenPassed(l))) return l;
  }
  return null;
}
