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
    ["node --test with 12 tests", NODE_TAP_EMPTY.replace(/ 0\n# suites/, " 12\n# suites").replace("1..0", "1..12").replace("# pass 0", "# pass 12")],
    ["node spec with 3 tests", NODE_SPEC_EMPTY.replace("ℹ tests 0", "ℹ tests 3").replace("ℹ pass 0", "ℹ pass 3")],
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

// Every test the runner found was skipped (or left to do): it ran, and checked nothing. The
// outputs are the runners' own (pytest 9.0, Python 3.11, Node 20.20, vitest 4.1, cargo 1.95,
// go 1.19 with -v, JUnit console 1.9, Maven surefire 2.22); runners/no-tests-live.test.ts runs them.
const PYTEST_SKIPPED = "============================= test session starts ==============================\nplatform linux -- Python 3.11.7, pytest-9.0.3, pluggy-1.6.0\nrootdir: /tmp/p\ncollected 2 items\n\ntest_a.py ss                                                             [100%]\n\n============================== 2 skipped in 0.77s ==============================\n";
const UNITTEST_SKIPPED = "ss\n----------------------------------------------------------------------\nRan 2 tests in 0.000s\n\nOK (skipped=2)\n";
const NODE_TAP_SKIPPED = "TAP version 13\n# Subtest: a\nok 1 - a # SKIP\n  ---\n  duration_ms: 1.15\n  ...\n# Subtest: d\nnot ok 2 - d # TODO\n  ---\n  duration_ms: 0.30\n  ...\n1..2\n# tests 2\n# suites 0\n# pass 0\n# fail 0\n# cancelled 0\n# skipped 1\n# todo 1\n# duration_ms 133.38\n";
const NODE_SPEC_SKIPPED = "﹣ a (0.75ms) # SKIP\n✖ d (0.17ms) # TODO\n\nℹ tests 2\nℹ suites 0\nℹ pass 0\nℹ fail 0\nℹ cancelled 0\nℹ skipped 1\nℹ todo 1\nℹ duration_ms 88.55\n";
const VITEST_SKIPPED_TODO = "\n RUN  v4.1.12 /tmp/p\n\n ✓ test/a.test.js (4 tests | 3 skipped | 1 todo) 2ms\n\n Test Files  1 passed (1)\n      Tests  3 skipped | 1 todo (4)\n   Start at  14:48:24\n";
const JEST_SKIPPED_TODO = "Test Suites: 1 skipped, 0 of 1 total\nTests:       2 skipped, 1 todo, 3 total\nSnapshots:   0 total\n";
const CARGO_IGNORED = "     Running unittests src/lib.rs (target/debug/deps/slug-6b7e)\n\nrunning 2 tests\ntest t::a ... ignored\ntest t::b ... ignored, later\n\ntest result: ok. 0 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n   Doc-tests slug\n\nrunning 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n";
const GO_V_SKIPPED = "=== RUN   TestA\n    a_test.go:5: later\n--- SKIP: TestA (0.00s)\n=== RUN   TestB\n    a_test.go:6: later\n--- SKIP: TestB (0.00s)\nPASS\nok  \texample.com/gm\t0.009s\n";
const JUNIT_SKIPPED = "Test run finished after 88 ms\n[         4 containers found      ]\n[         0 containers skipped    ]\n[         4 containers started    ]\n[         0 containers aborted    ]\n[         4 containers successful ]\n[         0 containers failed     ]\n[         2 tests found           ]\n[         1 tests skipped         ]\n[         1 tests started         ]\n[         1 tests aborted         ]\n[         0 tests successful      ]\n[         0 tests failed          ]\n";
const MAVEN_SKIPPED = "[INFO] Running SlugTest\n[WARNING] Tests run: 2, Failures: 0, Errors: 0, Skipped: 2, Time elapsed: 0.057 s - in SlugTest\n[INFO] \n[INFO] Results:\n[INFO] \n[WARNING] Tests run: 2, Failures: 0, Errors: 0, Skipped: 2\n[INFO] \n[INFO] BUILD SUCCESS\n";

describe("a run whose every test was skipped ran no test", () => {
  it.each([
    ["pytest", PYTEST_SKIPPED, "============================== 2 skipped in 0.77s =============================="],
    ["pytest -q, skipped and deselected", "ss\n2 skipped, 3 deselected, 1 warning in 0.54s\n", "2 skipped, 3 deselected, 1 warning in 0.54s"],
    ["python -m unittest", UNITTEST_SKIPPED, "OK (skipped=2)"],
    ["node --test (TAP), skipped and todo", NODE_TAP_SKIPPED, "# pass 0"],
    ["node --test (spec), skipped and todo", NODE_SPEC_SKIPPED, "ℹ pass 0"],
    ["vitest, skipped and todo", VITEST_SKIPPED_TODO, "Tests  3 skipped | 1 todo (4)"],
    ["jest, skipped and todo", JEST_SKIPPED_TODO, "Tests:       2 skipped, 1 todo, 3 total"],
    ["cargo test, every test #[ignore]d", CARGO_IGNORED, "test result: ok. 0 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.00s"],
    ["go test -v, every test t.Skip()ped", GO_V_SKIPPED, "--- SKIP: TestA (0.00s)"],
    ["JUnit console, disabled and assumption-aborted", JUNIT_SKIPPED, "[         0 tests successful      ]"],
    ["minitest, no test", "0 runs, 0 assertions, 0 failures, 0 errors, 0 skips\n", "0 runs, 0 assertions, 0 failures, 0 errors, 0 skips"],
    ["minitest, every test skipped", "S\n\nFinished in 0.003265s, 306.2459 runs/s, 0.0000 assertions/s.\n\n1 runs, 0 assertions, 0 failures, 0 errors, 1 skips\n\nYou have skipped tests. Run with --verbose for details.\n", "1 runs, 0 assertions, 0 failures, 0 errors, 1 skips"],
    ["test-unit, every test omitted or pending", "2 tests, 0 assertions, 0 failures, 0 errors, 1 pendings, 1 omissions, 0 notifications\n", "2 tests, 0 assertions, 0 failures, 0 errors, 1 pendings, 1 omissions, 0 notifications"],
    ["rspec, no example", "No examples found.\n\nFinished in 0.0003 seconds (files took 0.05 seconds to load)\n0 examples, 0 failures\n", "0 examples, 0 failures"],
    ["rspec, every example pending", "2 examples, 0 failures, 2 pending\n", "2 examples, 0 failures, 2 pending"],
    ["mocha, only pending tests", "  0 passing (2ms)\n  2 pending\n", "0 passing (2ms)"],
    ["deno, no test", "ok | 0 passed | 0 failed (1ms)\n", "ok | 0 passed | 0 failed (1ms)"],
    // pytest exits 5 for these (command-fault.ts); `pytest -k x; echo done` hides it.
    ["pytest -k that kept no test", "2 deselected in 0.01s\ndone\n", "2 deselected in 0.01s"],
    ["pytest -m that kept no test, with warnings", "===== 1 deselected, 2 warnings in 3.62s =====\n", "===== 1 deselected, 2 warnings in 3.62s ====="],
    ["pytest, no test and a conftest's warning", "collected 0 items\n\n============================== 1 warning in 0.01s ==============================\n", "============================== 1 warning in 0.01s =============================="],
    ["pytest before 5.0", "======================== no tests ran in 0.01 seconds =========================\n", "======================== no tests ran in 0.01 seconds ========================="],
    ["PHPUnit", "PHPUnit 10.5.0 by Sebastian Bergmann and contributors.\n\nNo tests executed!\n", "No tests executed!"],
    ["CTest", "Test project /tmp/rt/c0/b\nNo tests were found!!!\n", "No tests were found!!!"],
    ["Maven surefire, every test disabled", MAVEN_SKIPPED, "[WARNING] Tests run: 2, Failures: 0, Errors: 0, Skipped: 2, Time elapsed: 0.057 s - in SlugTest"],
  ])("%s", (_what, output, line) => {
    expect(noTestsRan(output)).toBe(line);
  });
});

describe("a run where one test ran besides the skipped ones is a real run", () => {
  it.each([
    ["pytest", PYTEST_SKIPPED.replace("2 skipped in", "1 passed, 2 skipped in")],
    ["pytest -q", ".s\n1 passed, 1 skipped in 0.54s\n"],
    ["pytest -k, one test kept, with warnings", ".\n1 passed, 2 deselected, 1 warning in 0.54s\n"],
    ["pytest, a test ran and failed as expected, with a warning", "x\n1 xfailed, 1 warning in 0.54s\n"],
    ["a linter's count of warnings", "3 warnings in 0.54s (eslint)\n"],
    ["pytest, an expected failure ran", PYTEST_SKIPPED.replace("2 skipped in", "2 skipped, 1 xfailed in")],
    ["unittest", UNITTEST_SKIPPED.replace("Ran 2 tests", "Ran 3 tests")],
    ["unittest, skipped and expected failures", UNITTEST_SKIPPED.replace("OK (skipped=2)", "OK (skipped=2, expected failures=1)").replace("Ran 2", "Ran 3")],
    ["node --test (TAP)", NODE_TAP_SKIPPED.replace("# tests 2", "# tests 3").replace("# pass 0", "# pass 1")],
    ["node --test (spec)", NODE_SPEC_SKIPPED.replace("ℹ pass 0", "ℹ pass 1")],
    ["vitest", "      Tests  1 passed | 3 skipped | 1 todo (5)\n"],
    ["jest", "Tests:       2 skipped, 1 todo, 1 passed, 4 total\n"],
    ["cargo: ignored unit tests, an integration test ran", `${CARGO_IGNORED}     Running tests/add.rs\n\nrunning 1 test\ntest adds ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n`],
    ["go test -v, one passed", GO_V_SKIPPED.replace("--- SKIP: TestB", "--- PASS: TestB")],
    ["go test -v, one package skipped, the other passed", `${GO_V_SKIPPED}=== RUN   TestC\n--- PASS: TestC (0.00s)\nPASS\nok  \texample.com/gm/c\t0.003s\n`],
    ["go test without -v: skips are not shown", "ok  \texample.com/gm\t0.009s\n"],
    ["JUnit console", JUNIT_SKIPPED.replace("0 tests successful", "1 tests successful")],
    ["Maven surefire", MAVEN_SKIPPED.replaceAll("Tests run: 2", "Tests run: 3")],
    ["minitest", "3 runs, 3 assertions, 0 failures, 0 errors, 1 skips\n"],
    ["test-unit", "2 tests, 2 assertions, 0 failures, 0 errors, 1 pendings, 0 omissions, 0 notifications\n"],
    ["rspec", "3 examples, 0 failures, 2 pending\n"],
    ["mocha", "  1 passing (3ms)\n  2 pending\n"],
    ["deno", "ok | 2 passed | 0 failed (5ms)\n"],
    ["CTest", "100% tests passed, 0 tests failed out of 2\n"],
    // A chained command: the first runner skipped everything, the second ran tests.
    ["unittest skipped all, pytest ran tests", `${UNITTEST_SKIPPED}============================== 3 passed in 0.02s ===============================\n`],
  ])("%s", (_what, output) => {
    expect(noTestsRan(output)).toBeNull();
  });
});
