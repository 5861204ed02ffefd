// commandFault: the check could not run (not the model's doing) or the model's file failed it.
// The real runners' outputs are in runners/; here, commands run for real where cheap (a shell,
// npm, make) and the failures that must stay the model's even though they look alike.
import { chmodSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandFault } from "../../src/verify/command-fault.js";
import { runCommand, type CommandResult } from "../../src/verify/command.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { works } from "./runners/support.js";

let proj: TmpDir;
beforeEach(() => {
  proj = tmpDir("ld-fault-");
});
afterEach(() => proj.cleanup());

const ctx = (outputFile = "src/slug.js") => ({ field: "test_command" as const, root: proj.path, outputFile });
const result = (output: string, exitCode: number | null = 1, extra: Partial<CommandResult> = {}): CommandResult => ({ exitCode, output, timedOut: false, cancelled: false, ms: 1, ...extra });

describe("commandFault on commands that cannot run (run for real)", () => {
  it.each([
    ["definitely-not-a-command --all", "definitely-not-a-command: not found"],
    ["node --version && definitely-not-a-command", "definitely-not-a-command: not found"],
    ["./plain.sh", "Permission denied"],
    ["npm run nope", 'Missing script: "nope"'],
    ["sh missing.sh", "missing.sh"],
  ])("%s", async (command, said) => {
    proj.write("package.json", JSON.stringify({ name: "p", scripts: {} }));
    chmodSync(proj.write("plain.sh", "echo hi\n"), 0o644);
    const r = await runCommand(command, { cwd: proj.path, timeoutMs: 60_000 });
    const f = commandFault(r, command, ctx());
    expect(f, r.output).not.toBeNull();
    expect(f!.code).toBe("TEST_COMMAND");
    expect(f!.message).toContain(said);
    expect(f!.message.startsWith(`\`${command}\` could not run the tests: `)).toBe(true);
    expect(`test_command: ${f!.message}`.length).toBeLessThanOrEqual(200);
  });

  it.skipIf(!works("go version"))("go test with a GOFLAGS go refuses", async () => {
    proj.write("go.mod", "module example.com/q\n\ngo 1.19\n");
    proj.write("q.go", "package q\n");
    const r = await runCommand("go test ./...", { cwd: proj.path, timeoutMs: 120_000, env: { GOFLAGS: "-bogus" } });
    expect(commandFault(r, "go test ./...", ctx("q.go"))?.message).toContain("go: parsing $GOFLAGS");
  });

  it.skipIf(!works("make --version"))("make without a Makefile", async () => {
    const r = await runCommand("make test", { cwd: proj.path, timeoutMs: 60_000 });
    expect(commandFault(r, "make test", ctx())?.message).toContain("No rule to make target 'test'");
  });

  it("keeps the error within 200 characters for a long command and a long error", async () => {
    const command = `definitely-not-a-command ${"--flag ".repeat(40)}`;
    const r = await runCommand(command, { cwd: proj.path, timeoutMs: 60_000 });
    const f = commandFault(r, command, ctx())!;
    expect(`test_command: ${f.message}`.length).toBeLessThanOrEqual(200);
    expect(f.message).toContain("…");
  });

  it("names the lint command for a lint fault", async () => {
    const r = await runCommand("no-such-linter .", { cwd: proj.path, timeoutMs: 60_000 });
    const f = commandFault(r, "no-such-linter .", { ...ctx(), field: "lint_command" })!;
    expect(f).toMatchObject({ code: "TEST_COMMAND", field: "lint_command" });
    expect(f.message).toContain("could not run the lint:");
  });
});

describe("commandFault leaves the model's failures to the retry", () => {
  it.each([
    ["a wrong value", "not ok 1 - slugify\n  error: 'Expected values to be strictly equal'\n", 1],
    ["a missing function", "TypeError: slugify is not a function\n    at file:///p/test/slug.test.js:5:3\n", 1],
    // JSON.parse of what the model's code returned: a SyntaxError thrown while the test runs.
    ["a runtime SyntaxError", `SyntaxError: Unexpected token 'h', "hello" is not valid JSON\n    at JSON.parse (<anonymous>)\n    at TestContext.<anonymous> (file:///p/test/slug.test.js:6:10)\n`, 1],
    ["a RegExp built at run time", "SyntaxError: Invalid regular expression: /(/: Unterminated group\n    at new RegExp (<anonymous>)\n    at slugify (file:///p/src/slug.js:2:10)\n    at TestContext.<anonymous> (file:///p/test/slug.test.js:6:10)\n", 1],
    ["the model's file imports what is not there", "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/p/src/helpers.js' imported from /p/src/slug.js\n", 1],
    ["the model's file does not parse (vite)", " FAIL  test/slug.test.js [ test/slug.test.js ]\nError: Failed to parse source for import analysis because the content contains invalid JS syntax.\n  Plugin: vite:import-analysis\n  File: /p/src/slug.js:3:0\n", 1],
    ["the model's Python does not parse", 'E     File "/p/src/slug.py", line 2\nE       return s.lower(\nE                     ^\nE   SyntaxError: \'(\' was never closed\n', 2],
    ["the model's Go does not parse", "# example.com/slug\n./slug.go:3:1: syntax error: non-declaration statement outside function body\nFAIL\texample.com/slug [setup failed]\nFAIL\n", 1],
    ["the model's Python imports what is not there", "_____ ERROR collecting tests/test_slug.py _____\ntests/test_slug.py:1: in <module>\n    from slug import slugify\nslug.py:1: in <module>\n    import requests\nE   ModuleNotFoundError: No module named 'requests'\n", 2],
    ["a program the model's code runs is missing (not the command's own)", "sh: 1: convert: not found\nnot ok 1 - makes a thumbnail\n", 1],
  ])("%s", (_what, output, exit) => {
    const py = output.includes(".py");
    const go = output.includes(".go");
    const out = py ? (output.includes("requests") ? "slug.py" : "src/slug.py") : go ? "slug.go" : "src/slug.js";
    expect(commandFault(result(output, exit), "node --test", ctx(out))).toBeNull();
  });

  // The runners' own usage errors are the command's (runners/: pytest-unknown-option and others);
  // the same words from a program the model wrote are its to fix: it lacks the option asked for.
  it.skipIf(!works("python3 --version"))("the model's argparse script refusing an option (run for real)", async () => {
    proj.write("cli.py", "import argparse\np = argparse.ArgumentParser()\np.add_argument('name')\np.parse_args()\n");
    for (const command of ["python3 cli.py x --verbose", "python3 cli.py x --verbose; exit 4"]) {
      const r = await runCommand(command, { cwd: proj.path, timeoutMs: 60_000 });
      expect(r.output).toContain("error: unrecognized arguments: --verbose");
      expect(commandFault(r, command, ctx("cli.py")), command).toBeNull();
    }
  });

  it("a clap program (not cargo) refusing an argument, and a CACError outside vitest", () => {
    const clap = "error: unexpected argument '--verbose' found\n\n  tip: to pass '--verbose' as a value, use '-- --verbose'\n\nUsage: slug [OPTIONS] <NAME>\n\nFor more information, try '--help'.\n";
    expect(commandFault(result(clap, 2), "cargo run -q -- --verbose", ctx("src/main.rs"))).toBeNull();
    const cac = "CACError: Unknown option `--verbose`\n    at Command.checkUnknownOptions (file:///p/node_modules/cac/dist/index.mjs:404:17)\n";
    expect(commandFault(result(cac, 1), "node cli.js --verbose", ctx("cli.js"))).toBeNull();
  });

  it("a check that timed out or was cancelled is not a fault", () => {
    expect(commandFault(result("sh: 1: x: not found", 127, { timedOut: true }), "x", ctx())).toBeNull();
    expect(commandFault(result("", null, { cancelled: true }), "x", ctx())).toBeNull();
    expect(commandFault(result("all good", 0), "x", ctx())).toBeNull();
  });

  it("no tests found is the model's when the model wrote a test file (it may hold none)", () => {
    const out = "collected 0 items\n\n============================ no tests ran in 0.81s =============================\n";
    expect(commandFault(result(out, 5), "python3 -m pytest", ctx("tests/test_slug.py"))).toBeNull();
    expect(commandFault(result(out, 5), "python3 -m pytest", ctx("slug.py"))?.message).toContain("no tests ran");
    expect(commandFault(result("No test files found, exiting with code 1\n"), "npx vitest run", ctx("src/slug.test.ts"))).toBeNull();
    // unittest on Python 3.12+ exits 5 when it ran nothing (3.11 exits 0: see no-tests.ts).
    const unit = "\n----------------------------------------------------------------------\nRan 0 tests in 0.000s\n\nNO TESTS RAN\n";
    expect(commandFault(result(unit, 5), "python3 -m unittest", ctx("slug.py"))?.message).toContain("NO TESTS RAN");
    expect(commandFault(result(unit, 5), "python3 -m unittest", ctx("tests/test_slug.py"))).toBeNull();
    expect(commandFault(result(unit, 1), "python3 -m unittest", ctx("slug.py"))).toBeNull();
  });

  it("a parse error in the test file is the model's when the model wrote that test file", () => {
    const out = "# example.com/slug\n./slug_test.go:6:30: missing ',' before newline in argument list\nFAIL\texample.com/slug [setup failed]\n";
    expect(commandFault(result(out), "go test ./...", ctx("slug_test.go"))).toBeNull();
    expect(commandFault(result(out), "go test ./...", ctx("slug.go"))?.message).toContain("slug_test.go:6");
  });
});
