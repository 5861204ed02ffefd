// A test command that exits 0 having run no test at all: its files were not collected, its pattern
// or filter matched nothing, the runner was told to pass without tests, or every test it found was
// skipped (or left to do). Exit 0 then proves nothing about the file the model wrote, so it must
// not count as the tests passing.
//
// Only the runners' own summary lines count, whole lines, and any summary saying some test ran
// (from any runner: a command may chain several) wins: a real run is never taken for an empty one.
import { outputLines } from "./failure-point.js";

/** What a summary at one line says: a test ran, or (`line`) this run ran none. */
type Verdict = { ran: true } | { ran: false; line: string };
/** Reads the summary at `lines[i]`, if there is one; may look at the lines around it. */
type Judge = (lines: readonly string[], i: number) => Verdict | null;

const RAN: Verdict = { ran: true };
const none = (line: string): Verdict => ({ ran: false, line });

/** A summary told by its one line: `empty` says no test ran, `some` that one did. */
const oneLine =
  (empty: RegExp, some: RegExp): Judge =>
  (lines, i) =>
    some.test(lines[i]!) ? RAN : empty.test(lines[i]!) ? none(lines[i]!) : null;

/** The first line after `i`, before a line matching `stop`, that matches `re`. */
function ahead(lines: readonly string[], i: number, re: RegExp, stop: RegExp): RegExpExecArray | null {
  for (let j = i + 1; j < lines.length && !stop.test(lines[j]!); j++) {
    const m = re.exec(lines[j]!);
    if (m) return m;
  }
  return null;
}

// node --test: TAP (Node 20 off a terminal) and spec reporters. `tests N` counts skipped and todo
// tests too: only `pass 0` (with exit 0, nothing failed) says none of them checked anything.
const nodeTest: Judge = (lines, i) => {
  const m = /^(#|ℹ) tests (\d+)$/.exec(lines[i]!);
  if (!m) return null;
  if (m[2] === "0") return none(lines[i]!);
  const pass = ahead(lines, i, new RegExp(`^${m[1]} pass (\\d+)$`), /^(?:#|ℹ) tests \d+$/);
  return pass?.[1] === "0" ? none(pass[0]) : RAN;
};

// python -m unittest: `Ran N tests` counts skipped ones, told on the `OK (skipped=N)` after it.
// 3.11 exits 0 on `Ran 0 tests` (3.12+ exits 5 with NO TESTS RAN, see command-fault.ts).
const unittest: Judge = (lines, i) => {
  const m = /^Ran (\d+) tests? in \d+(?:\.\d+)?s$/.exec(lines[i]!);
  if (!m) return null;
  if (m[1] === "0") return none(lines[i]!);
  return lines[i + 1] === `OK (skipped=${m[1]})` ? none(lines[i + 1]!) : RAN;
};

// cargo test: one `running N tests` per test binary (lib, integration tests, doc-tests); its
// `test result:` says whether any passed or all were #[ignore]d.
const cargo: Judge = (lines, i) => {
  const m = /^running (\d+) tests?$/.exec(lines[i]!);
  if (!m) return null;
  if (m[1] === "0") return none(lines[i]!);
  const result = ahead(lines, i, /^test result: ok\. (\d+) passed; 0 failed; \d+ ignored;.*$/, /^running \d+ tests?$/);
  return result?.[1] === "0" ? none(result[0]) : RAN;
};

// go test: `ok` for a package whose tests all passed, or all called t.Skip: only -v tells them
// apart, with a `--- PASS` or `--- SKIP` line per test before the package's `ok`.
const GO_OK = /^ok\s+\S+\s+(?:\d[\d.]*m?s|\(cached\))/;
// A package without _test.go files, or whose tests the -run filter all skipped: compiled, not run.
const GO_NONE = /^\?\s+\S+\s+\[no test files\]$|^ok\s+\S+\s+(?:\d[\d.]*m?s|\(cached\))\s+\[no tests to run\]$/;
const GO_END = /^(?:ok|FAIL|\?)\s+\S+\s/;
const goTest: Judge = (lines, i) => {
  const l = lines[i]!;
  if (GO_NONE.test(l)) return none(l);
  if (/^--- PASS: /.test(l)) return RAN;
  if (!GO_OK.test(l)) return null;
  let skip: string | null = null;
  for (let j = i - 1; j >= 0 && !GO_END.test(lines[j]!); j--) {
    if (/^--- PASS: /.test(lines[j]!)) return RAN;
    if (/^--- SKIP: /.test(lines[j]!)) skip = lines[j]!;
  }
  return skip ? none(skip) : RAN;
};

// Ruby: minitest's `runs` and test-unit's `tests` count the skipped ones (skips; pendings and omissions).
const ruby: Judge = (lines, i) => {
  const m = /^(\d+) (?:runs|tests), \d+ assertions, 0 failures, 0 errors, (\d+) (?:skips|pendings)(?:, (\d+) omissions)?/.exec(lines[i]!);
  if (!m) return null;
  return Number(m[1]) - Number(m[2]) - Number(m[3] ?? 0) <= 0 ? none(lines[i]!) : RAN;
};

/**
 * What a runner prints when it ran no test and exits non-zero for it (pytest and unittest 3.12+
 * with 5): `command-fault.ts` reads these after a failed command, `noTestsRan` after exit 0.
 */
export const RAN_NOTHING = {
  // pytest's duration always follows: `no tests ran in 0.01s`; with a -k or -m filter that kept
  // none, `2 deselected in 0.01s`; with a warning (a conftest's, a config's), only the warnings.
  pytest: /^=* ?(?:no tests ran|\d+ (?:deselected|warnings?))(?:, \d+ (?:deselected|warnings?))* in \d+(?:\.\d+)?(?:s| seconds)(?: \([\d:]+\))?(?: =+)?$/,
  vitest: /^No test files found, exiting with code 1$/,
  jest: /^No tests found, exiting with code 1$/,
  unittest: /^NO TESTS RAN$/,
} as const;

const JUDGES: readonly Judge[] = [
  // Seen after exit 0, a runner's "ran nothing" means a pipeline or a list (`| tee log`) hid its exit code.
  (lines, i) => (Object.values(RAN_NOTHING).some((re) => re.test(lines[i]!)) ? none(lines[i]!) : null),
  nodeTest,
  unittest,
  cargo,
  goTest,
  // vitest --passWithNoTests, a test-name filter that matched nothing, tests all skipped or todo.
  oneLine(/^No test files found, exiting with code 0$|^Tests {2}(?:no tests|\d+ (?:skipped|todo)(?: \| \d+ (?:skipped|todo))* \(\d+\))$/, /^Tests {2}.*\b[1-9]\d* (?:passed|failed)\b/),
  // jest --passWithNoTests, a -t filter that matched nothing, tests all skipped or todo.
  oneLine(/^No tests found, exiting with code 0$|^Tests: +(?:0 total|(?:\d+ (?:skipped|todo), )+\d+ total)$/, /^Tests: +.*\b[1-9]\d* (?:passed|failed)\b/),
  // pytest: no tests is exit 5 (command-fault.ts); here only tests all skipped (or deselected).
  oneLine(/^(?:=+ )?\d+ skipped(?:, \d+ (?:deselected|warnings?))* in \d+(?:\.\d+)?s(?: \([\d:]+\))?(?: =+)?$/, /^(?:=+ )?(?:.*, )?[1-9]\d* (?:passed|xfailed|xpassed)\b.* in \d/),
  // JUnit console launcher: its own count of tests that ran and passed (exit 0: none failed).
  oneLine(/^\[\s*0 tests successful\s*\]$/, /^\[\s*[1-9]\d* tests successful\s*\]$/),
  ruby,
  // RSpec: `examples` counts the pending ones.
  (lines, i) => {
    const m = /^(\d+) examples?, 0 failures(?:, (\d+) pending)?$/.exec(lines[i]!);
    if (!m) return null;
    return Number(m[1]) - Number(m[2] ?? 0) <= 0 ? none(lines[i]!) : RAN;
  },
  // mocha (pending tests are not passing ones), deno, PHPUnit, CTest, bun.
  oneLine(/^0 passing\b/, /^[1-9]\d* passing\b/),
  oneLine(/^ok \| 0 passed(?: \(\d+ steps?\))? \| 0 failed\b/, /^ok \| [1-9]\d* passed\b/),
  oneLine(/^No tests executed!$|^No tests were found!!!$|^Ran 0 tests across \d+ files?\b/, /(?!)/),
  // Maven surefire: `Tests run` counts the skipped ones.
  (lines, i) => {
    const m = /^(?:\[\w+\] )?Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)/.exec(lines[i]!);
    if (!m) return null;
    return m[1] === m[4] && m[2] === "0" && m[3] === "0" ? none(lines[i]!) : RAN;
  },
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
  for (let i = 0; i < lines.length; i++) {
    for (const judge of JUDGES) {
      const v = judge(lines, i);
      if (v?.ran) return null;
      if (v) empty ??= v.line;
    }
  }
  return empty;
}
