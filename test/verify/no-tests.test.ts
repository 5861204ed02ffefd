// noTestsRan: a test command that exited 0 having run no test, told from a real run. The outputs
// are the runners' own (Node 20.20, Python 3.11, vitest 4.1, jest 29.7, cargo 1.95, go 1.19);
// the runners themselves run in runners/no-tests-live.test.ts where installed.
import { describe, expect, it } from "vitest";
import { noTestsRan } from "../../src/verify/no-tests.js";

const NODE_TAP_EMPTY = "TAP version 13\n1..0\n# tests 0\n# suites 0\n# pass 0\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n# duration_ms 5.63\n";
const NODE_SPEC_EMPTY = "ℹ tests 0\nℹ suites 0\nℹ pass 0\nℹ fail 0\nℹ cancelled 0\nℹ skipped 0\nℹ todo 0\nℹ duration_ms 4.93\n";
const UNITTEST_EMPTY = "\n----------------------------------------------------------------------\nRan 0 tests in 0.000s\n\nOK\n";
const VITEST_NO_FILES = "\n RUN  v4.1.12 /tmp/p\n\nNo test files found, exiting with code 0\n\nfilter: nomatch\ninclude: **/*.{test,spec}.?(c|m)[jt]s?(x)\n";
const VITEST_NO_TESTS = "\n RUN  v4.1.12 /tmp/p\n\n ✓ test/c.test.js (0 test) 1ms\n\n Test Files  1 passed (1)\n      Tests  no tests\n   Start at  13:10:35\n   Duration  186ms\n";
const VITEST_ALL_SKIPPED = "\n RUN  v4.1.12 /tmp/p\n\n ↓ test/b.test.js (1 test | 1 skipped)\n\n Test Files  1 skipped (1)\n      Tests  1 skipped (1)\n   Start at  13:10:35\n";
const JEST_NO_TESTS = "No tests found, exiting with code 0\n";
const JEST_ALL_SKIPPED = "\nTest Suites: 2 skipped, 0 of 2 total\nTests:       2 skipped, 2 total\nSnapshots:   0 total\nTime:        0.266 s\nRan all test suites with tests matching \"nomatch\".\n";
const cargo = (lib: number, doc = 0) =>
  `   Compiling rs v0.1.0 (/tmp/rs)\n    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 0.37s\n     Running unittests src/lib.rs (target/debug/deps/rs-a35a)\n\nrunning ${lib} test${lib === 1 ? "" : "s"}\n${lib ? "test t::x ... ok\n" : ""}\ntest result: ok. ${lib} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n   Doc-tests rs\n\nrunning ${doc} tests\n\ntest result: ok. ${doc} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n`;
const GO_NO_FILES = "?   \texample.com/gm/a\t[no test files]\n?   \texample.com/gm/b\t[no test files]\n";
const GO_NONE_TO_RUN = "ok  \texample.com/gm/a\t0.002s [no tests to run]\n?   \texample.com/gm/b\t[no test files]\n";

describe("a run that ran no test", () => {
  it.each([
    ["node --test (TAP)", NODE_TAP_EMPTY, "# tests 0"],
    ["node --test (spec)", NODE_SPEC_EMPTY, "ℹ tests 0"],
    ["python -m unittest (3.11)", UNITTEST_EMPTY, "Ran 0 tests in 0.000s"],
    ["vitest --passWithNoTests, no file", VITEST_NO_FILES, "No test files found, exiting with code 0"],
    ["vitest --passWithNoTests, a file without tests", VITEST_NO_TESTS, "Tests  no tests"],
    ["vitest -t that matched nothing", VITEST_ALL_SKIPPED, "Tests  1 skipped (1)"],
    ["jest --passWithNoTests", JEST_NO_TESTS, "No tests found, exiting with code 0"],
    ["jest -t that matched nothing", JEST_ALL_SKIPPED, "Tests:       2 skipped, 2 total"],
    ["cargo test, no #[test] anywhere", cargo(0), "running 0 tests"],
    ["go test, no package has test files", GO_NO_FILES, "?   \texample.com/gm/a\t[no test files]"],
    ["go test, test files without tests", GO_NONE_TO_RUN, "ok  \texample.com/gm/a\t0.002s [no tests to run]"],
  ])("%s", (_what, output, line) => {
    expect(noTestsRan(output)).toBe(line);
  });
});

describe("a real run is never taken for an empty one", () => {
  it.each([
    ["node --test with 12 tests", NODE_TAP_EMPTY.replace(/ 0\n# suites/, " 12\n# suites").replace("1..0", "1..12")],
    ["node spec with 3 tests", NODE_SPEC_EMPTY.replace("ℹ tests 0", "ℹ tests 3")],
    ["unittest with 1 test", UNITTEST_EMPTY.replace("Ran 0 tests", "Ran 1 test")],
    ["vitest with a passed test", " Test Files  1 passed (1)\n      Tests  1 passed (1)\n"],
    ["vitest, one passed and one skipped", "      Tests  1 passed | 1 skipped (2)\n"],
    ["jest with passed tests", "Test Suites: 2 passed, 2 total\nTests:       2 passed, 2 total\n"],
    ["cargo: unit tests ran, the doc-tests had none", cargo(1, 0)],
    ["go: one package with tests, one without", "?   \texample.com/gm/a\t[no test files]\nok  \texample.com/gm/b\t0.002s\n"],
    ["go: the package with tests was cached", "?   \texample.com/gm/a\t[no test files]\nok  \texample.com/gm/b\t(cached)\n"],
    ["go -cover", "?   \texample.com/gm/a\t[no test files]\nok  \texample.com/gm/b\t0.002s\tcoverage: 50.0% of statements\n"],
    // A chained command: one runner found nothing, the other ran tests.
    ["node --test found nothing, pytest ran tests", `${NODE_TAP_EMPTY}============================== 3 passed in 0.02s ===============================\n`],
    ["unittest found nothing, node --test ran tests", `${UNITTEST_EMPTY}# tests 4\n# pass 4\n`],
    // Names and messages that hold the words, not the summary line.
    ["a test file named after the summary", "tests/test_Ran 0 tests in 0.000s.py::test_a PASSED\n===== 1 passed in 0.01s =====\n"],
    ["a subtest named after the summary", "# Subtest: Ran 0 tests in 0.000s\nok 1 - Ran 0 tests in 0.000s\n# tests 1\n"],
    ["a program that prints nothing a runner would", "all checks passed\n"],
    ["an empty output", ""],
  ])("%s", (_what, output) => {
    expect(noTestsRan(output)).toBeNull();
  });

  it("an output cut in the middle may have lost the run with tests", () => {
    expect(noTestsRan(`running 3 tests\n\n… (120000 bytes of output cut) …\n${cargo(0)}`)).toBeNull();
  });
});
