// runChecks on a test command that exits 0 having run no test: never a pass. The command's fault
// (invalid, TEST_COMMAND) unless the model wrote a test file, which may be the one without tests.
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runChecks } from "../../src/engine/checks.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { works } from "../verify/runners/support.js";

let proj: TmpDir;
beforeEach(() => {
  proj = tmpDir("ld-checks-");
  proj.write("package.json", '{"type":"module"}\n');
  // Node 20's --test does not collect .ts files: `node --test` runs nothing here.
  proj.write("test/slug.test.ts", "throw new Error('never run');\n");
});
afterEach(() => proj.cleanup());

const run = (checks: Parameters<typeof runChecks>[0], outputFile = "src/slug.js") => runChecks(checks, proj.path, 60_000, undefined, undefined, undefined, outputFile).then((o) => o.failure);

describe("a test command that ran no test", () => {
  it("is the command's fault, with a hint to fix test_command", async () => {
    const f = await run([{ kind: "tests", command: "node --test" }]);
    expect(f).toMatchObject({ kind: "tests", fault: { code: "TEST_COMMAND", field: "test_command" } });
    expect(f!.fault!.message).toBe("`node --test` could not run the tests: no test ran (# tests 0)");
    expect(f!.fault!.hint).toMatch(/^make test_command run the tests that check slug\.js/);
  });

  // Python 3.12+ exits 5 there instead (command-fault.ts).
  it.skipIf(!works("python3 -c 'import sys; sys.exit(sys.version_info >= (3, 12))'"))("is the model's failure, with a retry, when the model wrote the test file", async () => {
    // A test module without a TestCase: unittest (3.11) finds it, runs nothing and exits 0.
    proj.write("tests/__init__.py", "");
    proj.write("tests/test_slug.py", "import unittest\n");
    const f = await run([{ kind: "tests", command: "python3 -m unittest" }], "tests/test_slug.py");
    expect(f).toMatchObject({ kind: "tests", message: expect.stringMatching(/^tests failed: no test ran \(Ran 0 tests in [\d.]+s\)$/) });
    expect(f!.fault).toBeUndefined();
    expect(f!.details).toContain("tests/test_slug.py must hold tests the runner finds");
  });

  it("stops before a later command: a lint after the empty tests is not run", async () => {
    const f = await run([
      { kind: "tests", command: "node --test" },
      { kind: "lint", command: "echo linted > linted.txt" },
    ]);
    expect(f?.fault?.code).toBe("TEST_COMMAND");
    expect(existsSync(proj.join("linted.txt"))).toBe(false);
  });
});

describe("a test command whose every test was skipped ran no test", () => {
  const SKIPPED = 'import { test } from "node:test";\ntest("a", { skip: true }, () => { throw new Error("x"); });\ntest.todo("b");\n';

  it("is the model's failure, with a retry that says why, when the model wrote the test file", async () => {
    proj.write("test/slug.test.mjs", SKIPPED);
    const f = await run([{ kind: "tests", command: "node --test" }], "test/slug.test.mjs");
    expect(f).toMatchObject({ kind: "tests", message: "tests failed: no test ran (# pass 0)" });
    expect(f!.fault).toBeUndefined();
    expect(f!.details).toContain("test/slug.test.mjs must hold tests the runner finds and runs (a skipped or todo test does not run)");
  });

  it("is the command's fault when the project's tests are all skipped", async () => {
    proj.write("test/slug.test.mjs", SKIPPED);
    const f = await run([{ kind: "tests", command: "node --test" }]);
    expect(f?.fault).toMatchObject({ code: "TEST_COMMAND", message: "`node --test` could not run the tests: no test ran (# pass 0)" });
    expect(f!.fault!.hint).toMatch(/found none, or all it found are skipped/);
  });

  it("near miss: one test ran besides the skipped ones", async () => {
    proj.write("test/slug.test.mjs", `${SKIPPED}test("c", () => {});\n`);
    expect(await run([{ kind: "tests", command: "node --test" }], "test/slug.test.mjs")).toBeNull();
  });
});

describe("near misses: still a pass", () => {
  it("a real run with a test", async () => {
    proj.write("test/slug.test.mjs", 'import { test } from "node:test";\ntest("a", () => {});\n');
    expect(await run([{ kind: "tests", command: "node --test" }])).toBeNull();
  });

  it("a lint command whose output reads like an empty test run (only test commands are judged so)", async () => {
    expect(await run([{ kind: "lint", command: "printf '# tests 0\\n'" }])).toBeNull();
  });

  it("a test command that prints no runner's summary", async () => {
    expect(await run([{ kind: "tests", command: "node -e 'console.log(\"all good\")'" }])).toBeNull();
  });
});

describe("a test command killed by a signal", () => {
  it("says which signal, not `exit code null`", async () => {
    // `exec` makes the runner the shell itself: its death by a signal is the command's end.
    const f = await run([{ kind: "tests", command: "exec sh -c 'kill -SEGV $$'" }]);
    expect(f).toMatchObject({ kind: "tests", message: "tests failed: killed by SIGSEGV (a crash)" });
  });
});
