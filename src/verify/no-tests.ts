// A test command that exits 0 having run no test at all: its files were not collected, its pattern
// or filter matched nothing, or the runner was told to pass without tests. Exit 0 then proves
// nothing about the file the model wrote, so it must not count as the tests passing.
//
// Only the runners' own summary lines count, whole lines, and any summary saying some test ran
// (from any runner: a command may chain several) wins: a real run is never taken for an empty one.
import { outputLines } from "./failure-point.js";

interface Summary {
  /** A summary line saying this run ran no test. */
  none: RegExp;
  /** A summary line saying tests ran: an empty summary elsewhere in the output is then not the whole story. */
  some: RegExp;
}

const SUMMARIES: readonly Summary[] = [
  // node --test: TAP (Node 20 off a terminal) and spec reporters.
  { none: /^(?:#|ℹ) tests 0$/, some: /^(?:#|ℹ) tests [1-9]\d*$/ },
  // python -m unittest: 3.11 exits 0 here (3.12+ exits 5 with NO TESTS RAN, see command-fault.ts).
  { none: /^Ran 0 tests in \d+(?:\.\d+)?s$/, some: /^Ran [1-9]\d* tests? in \d+(?:\.\d+)?s$/ },
  // vitest --passWithNoTests, and a test-name filter that matched nothing (all skipped).
  { none: /^No test files found, exiting with code 0$|^Tests {2}(?:no tests|(\d+) skipped \(\1\))$/, some: /^Tests {2}.*\b[1-9]\d* (?:passed|failed)\b/ },
  // jest --passWithNoTests, and a -t filter that matched nothing.
  { none: /^No tests found, exiting with code 0$|^Tests: +(?:0 total|(\d+) skipped, \1 total)$/, some: /^Tests: +.*\b[1-9]\d* (?:passed|failed)\b/ },
  // cargo test: one `running N tests` per test binary (lib, integration tests, doc-tests).
  { none: /^running 0 tests$/, some: /^running [1-9]\d* tests?$/ },
  // go test: a package without _test.go files, or whose tests the -run filter all skipped. It
  // still compiled the package, but ran nothing of it.
  {
    none: /^\?\s+\S+\s+\[no test files\]$|^ok\s+\S+\s+(?:\d[\d.]*m?s|\(cached\))\s+\[no tests to run\]$/,
    some: /^ok\s+\S+\s+(?:\d[\d.]*m?s|\(cached\))(?!.*\[no tests to run\])|^--- PASS: /,
  },
  // pytest: no tests is exit 5 (command-fault.ts); a passing run here only vetoes.
  { none: /(?!)/, some: /^=+ (?:.*, )?[1-9]\d* passed\b.* in \d/ },
];

/**
 * The summary line saying the run ran no test, or null when a test ran or nothing says so. When
 * the output was cut in the middle, null: the lost part may have held a run with tests.
 */
export function noTestsRan(output: string): string | null {
  if (/^… \(\d+ bytes of output cut\) …$/m.test(output)) return null;
  const lines = outputLines(output)
    .map((l) => l.trimStart())
    .filter(Boolean);
  let empty: string | null = null;
  for (const l of lines) {
    if (SUMMARIES.some((s) => s.some.test(l))) return null;
    empty ??= SUMMARIES.some((s) => s.none.test(l)) ? l : null;
  }
  return empty;
}
