// testsFailed: the runner said tests failed although the command exited 0 (a pipeline or a list
// hid its exit code). Read on every failing run recorded from the real runners (./runners/output),
// and on passing summaries, which must never read as a failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noTestsRan } from "../../src/verify/no-tests.js";
import { testsFailed } from "../../src/verify/tests-failed.js";
import { ALL_CASES } from "./runners/all.js";
import { FIXTURES, readIndex } from "./runners/support.js";

const index = readIndex();

describe("a failing run, whatever the exit code", () => {
  // Each case where the runner ran and failed: a test the model broke, or a test file that did not build.
  // Not `node slug.test.js`: a plain script has no runner to say so, only its exit code.
  const failing = ALL_CASES.filter((c) => (c.first || /syntax|missing-import|undefined|import-name|missing-module|missing-export/.test(c.name)) && c.name !== "node-script-toplevel");
  it.each(failing.map((c) => [c.name]))("%s", (name) => {
    expect(index[name]?.exitCode).not.toBe(0);
    expect(testsFailed(readFileSync(join(FIXTURES, `${name}.txt`), "utf8"))).not.toBeNull();
  });

  it.each([
    ["pytest -q", "F.\n1 failed, 1 passed in 0.05s\n", "1 failed, 1 passed in 0.05s"],
    ["pytest, errors only", "========================= 2 errors in 0.12s ==========================\n", "========================= 2 errors in 0.12s =========================="],
    ["unittest, errors", "Ran 2 tests in 0.001s\n\nFAILED (errors=1)\n", "FAILED (errors=1)"],
    ["go, a package that did not build", "FAIL\texample.com/slug [build failed]\n", "FAIL\texample.com/slug [build failed]"],
    ["vitest", "      Tests  1 failed | 3 passed (4)\n", "Tests  1 failed | 3 passed (4)"],
    ["minitest", "Expected: 1\n  Actual: 2\n\n2 runs, 2 assertions, 1 failures, 0 errors, 0 skips\n", "2 runs, 2 assertions, 1 failures, 0 errors, 0 skips"],
    ["test-unit, errors", "1 tests, 0 assertions, 0 failures, 1 errors, 0 pendings, 0 omissions, 0 notifications\n0% passed\n", "1 tests, 0 assertions, 0 failures, 1 errors, 0 pendings, 0 omissions, 0 notifications"],
    ["rspec", "Finished in 0.01 seconds (files took 0.1 seconds to load)\n2 examples, 1 failure, 1 pending\n", "2 examples, 1 failure, 1 pending"],
    ["rspec, a spec that did not load", "0 examples, 0 failures, 1 error occurred outside of examples\n", "0 examples, 0 failures, 1 error occurred outside of examples"],
    ["phpunit", "FAILURES!\nTests: 2, Assertions: 2, Failures: 1.\n", "FAILURES!"],
    ["mocha", "  1 passing (5ms)\n  1 failing\n", "1 failing"],
    ["bun", " 1 pass\n 1 fail\n 2 expect() calls\nRan 2 tests across 1 files. [12.00ms]\n", "1 fail"],
    ["deno", "FAILED | 1 passed | 1 failed (10ms)\n", "FAILED | 1 passed | 1 failed (10ms)"],
    ["dotnet test", "Failed!  - Failed:     1, Passed:     2, Skipped:     0, Total:     3, Duration: 5 ms - Slug.Tests.dll (net8.0)\n", "Failed!  - Failed:     1, Passed:     2, Skipped:     0, Total:     3, Duration: 5 ms - Slug.Tests.dll (net8.0)"],
    ["ctest", "50% tests passed, 1 tests failed out of 2\n", "50% tests passed, 1 tests failed out of 2"],
    ["gradle", "BUILD FAILED in 2s\n", "BUILD FAILED in 2s"],
    ["doctest.testmod() in a script (Python 3.11)", "1 items had failures:\n   1 of   1 in __main__.slug\n***Test Failed*** 1 failures.\n", "***Test Failed*** 1 failures."],
    ["doctest.testfile() (Python 3.13)", "1 item had failures:\n   1 of   2 in slug.txt\n***Test Failed*** 1 failure.\n", "***Test Failed*** 1 failure."],
    ["make, a recipe in a sub-make", "make[1]: *** [Makefile:2: test] Error 1\nmake: *** [Makefile:2: all] Error 2\n", "make[1]: *** [Makefile:2: test] Error 1"],
  ])("%s", (_what, output, line) => {
    expect(testsFailed(output)).toBe(line);
  });
});

describe("a passing run is never read as a failure", () => {
  it.each([
    ["node --test", "# tests 3\n# suites 0\n# pass 3\n# fail 0\n# cancelled 0\n# skipped 0\n"],
    ["unittest", "Ran 3 tests in 0.001s\n\nOK (skipped=1)\n"],
    ["pytest", "=================== 3 passed, 1 skipped, 1 xfailed in 0.12s ===================\n"],
    ["pytest, a test named after a summary", "tests/test_a.py::test_1_failed_in_2s PASSED\n======= 1 passed in 0.01s =======\n"],
    ["vitest", " Test Files  2 passed (2)\n      Tests  5 passed | 1 skipped (6)\n"],
    ["jest", "Test Suites: 2 passed, 2 total\nTests:       5 passed, 5 total\n"],
    ["cargo", "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n"],
    ["go -v", "=== RUN   TestA\n    a_test.go:9: no --- FAIL: here\n--- PASS: TestA (0.00s)\nPASS\nok  \texample.com/gm\t0.003s\n"],
    ["JUnit console", "[         3 tests successful      ]\n[         0 tests failed          ]\n"],
    ["Maven surefire", "[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 1\n[INFO] BUILD SUCCESS\n"],
    ["minitest", "2 runs, 2 assertions, 0 failures, 0 errors, 0 skips\n"],
    ["test-unit", "1 tests, 1 assertions, 0 failures, 0 errors, 0 pendings, 0 omissions, 0 notifications\n100% passed\n"],
    ["rspec", "3 examples, 0 failures, 1 pending\n"],
    ["doctest -v", "2 tests in 2 items.\n2 passed and 0 failed.\nTest passed.\n"],
    ["a doctest whose expected output holds the verdict", "Trying:\n    print(\"***Test Failed*** 1 failures.\")\nExpecting:\n    ***Test Failed*** 1 failures.\nok\n1 passed and 0 failed.\nTest passed.\n"],
    ["phpunit", "OK (2 tests, 2 assertions)\n"],
    ["mocha", "  2 passing (4ms)\n  1 pending\n"],
    ["bun", " 2 pass\n 0 fail\nRan 2 tests across 1 files. [9.00ms]\n"],
    ["deno", "ok | 2 passed | 0 failed (5ms)\n"],
    ["dotnet test", "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 4 ms - Slug.Tests.dll (net8.0)\n"],
    ["ctest", "100% tests passed, 0 tests failed out of 2\n"],
    ["gradle", "BUILD SUCCESSFUL in 2s\n"],
    ["make, a recipe that passed", "make -C sub test\nmake[1]: Entering directory '/p/sub'\nmake[1]: Leaving directory '/p/sub'\n"],
    ["a program's own words", "0 failed\nFAILED to find the cache, rebuilding\nall tests failed? no: all passed\n"],
  ])("%s", (_what, output) => {
    expect(testsFailed(output)).toBeNull();
  });
});

describe("a run that ran nothing, its exit code hidden, is still a run without tests", () => {
  it.each([
    ["pytest-no-test-file", "============================ no tests ran in 0.01s ============================="],
    ["vitest-no-test-file", "No test files found, exiting with code 1"],
  ])("%s", (name, line) => {
    expect(noTestsRan(readFileSync(join(FIXTURES, `${name}.txt`), "utf8"))).toBe(line);
  });
});
