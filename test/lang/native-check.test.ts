import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { located, nativeCheck, older, runTool, type RunTool } from "../../src/lang/native-check.js";
import { identify, isSame, useProcessTag } from "../support/processes.js";
import { waitFor } from "../support/wait.js";
import { checkSyntax } from "../../src/lang/syntax.js";

// The language's own checker beside the grammar: what it refuses, and that a checker that is
// missing, old, slow or confused never turns a correct file into a refusal.

/** A runner that answers `--version` with `version` and the check with `check` (null: did not start). */
function fake(version: string | null, check: { code: number; output: string } | null): RunTool & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (argv: readonly string[]) => {
    calls.push([...argv]);
    if (argv[1] === "--version") return version === null ? null : { code: 0, output: version };
    // The copy is named as the file: the output names it the way the tool would.
    return check && { code: check.code, output: check.output.replace("{name}", argv.at(-1)!) };
  };
  return Object.assign(run, { calls });
}

const MATCH = "def f(x):\n    match x:\n        case 1:\n            return 2\n    return 0\nelse:\n    pass\n";

describe("the language's own checker", () => {
  it("reads the place of the error as each checker prints it", () => {
    const content = "a\nb\n  fi\nend\n";
    expect(located("/t/x.py:3:5: IndentationError: unexpected indent\n", "x.py", content)).toEqual({ row: 2, column: 4, what: "IndentationError: unexpected indent" });
    expect(located("/t/x.rb:4: syntax error, unexpected `end', expecting end-of-input\n", "x.rb", content)).toMatchObject({ row: 3, column: 0 });
    expect(located("/t/x.sh: line 3: syntax error near unexpected token `fi'\n/t/x.sh: line 3: `fi'\n", "x.sh", content)).toMatchObject({ row: 2, column: 2, what: "syntax error near unexpected token `fi'" });
    expect(located("/t/x.go:1:1: expected 'package', found 'func'\n", "x.go", content)).toMatchObject({ row: 0, column: 0 });
    expect(located('PHP Parse error:  syntax error, unexpected token "fi" in /t/x.php on line 3\n', "x.php", content)).toEqual({ row: 2, column: 2, what: 'Parse error: syntax error, unexpected token "fi"' });
    expect(located("Fatal error: Cannot redeclare A::f() in /t/x.php on line 2\nErrors parsing /t/x.php\n", "x.php", content)).toMatchObject({ row: 1, column: 0, what: "Fatal error: Cannot redeclare A::f()" });
    expect(located("Fatal error: 'end' not in the 'loop' or 'switch' context in /t/x.php on line 4\n", "x.php", content)).toMatchObject({ row: 3, column: 0, what: "Fatal error: 'end' not in the 'loop' or 'switch' context" });
    // Output that names no line of the file is not the file's error (a pyenv shim, a crash).
    expect(located("pyenv: python3: command not found\n", "x.py", content)).toBeNull();
  });

  it("compares versions", () => {
    expect(older([3, 9], "3.10")).toBe(true);
    expect(older([3, 10], "3.10")).toBe(false);
    expect(older([4, 0], "3.10")).toBe(false);
  });

  it("gives no verdict when the tool is missing, too old, or times out: the grammar's stands", async () => {
    const broken = { code: 1, output: "{name}:2:1: SyntaxError: invalid syntax\n" };
    expect(await nativeCheck("x = 1\n", "python", "a.py", fake(null, broken))).toEqual({ kind: "unavailable" });
    expect(await nativeCheck("x = 1\n", "python", "a.py", fake("Python 3.7.3", broken))).toEqual({ kind: "unavailable" });
    expect(await nativeCheck("x = 1\n", "python", "a.py", fake("Python 3.11.7", null))).toEqual({ kind: "unavailable" });
    expect(await nativeCheck("x = 1\n", "python", "a.py", fake("Python 3.11.7", { code: 127, output: "python3: not found\n" }))).toEqual({ kind: "unavailable" });
    const v = await checkSyntax("x = 1\nelse:\n    pass\n", "python", { file: "a.py", run: fake(null, broken) });
    expect(v).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("checks a copy named as the file, and only shells it is the checker of", async () => {
    const run = fake("GNU bash, version 5.2.15", { code: 0, output: "" });
    await nativeCheck("echo hi\n", "bash", "scripts/deploy.sh", run);
    expect(run.calls.at(-1)!.at(-1)).toMatch(/ld-syntax-[^/\\]+[/\\]deploy\.sh$/);
    expect(await nativeCheck("#!/bin/zsh\nfor x (a b) { echo $x }\n", "bash", "a.sh", run)).toEqual({ kind: "unavailable" });
  });

  it("takes the refusal of a python3 as new as the file's syntax", async () => {
    const run = fake("Python 3.11.7", { code: 1, output: "{name}:6:1: SyntaxError: invalid syntax\n" });
    const v = await checkSyntax(MATCH, "python", { file: "a.py", run });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 6:1: SyntaxError: invalid syntax\n  6 \| else:/) });
  });

  it("does not take the refusal of a python3 older than the file's syntax: it would refuse every retry", async () => {
    const run = fake("Python 3.9.2", { code: 1, output: "{name}:2:11: SyntaxError: invalid syntax\n" });
    const v = await checkSyntax(MATCH, "python", { file: "a.py", run });
    expect(v).toMatchObject({ ok: true, checked: "tree-sitter", note: expect.stringContaining("python3 3.9 is older than this file's syntax (a match statement (Python 3.10))") });
  });

  it("takes an indentation error from any python3: no newer syntax makes one", async () => {
    const content = "def f(x):\n    match x:\n        case 1:\n            return 2\n      return 0\n";
    const run = fake("Python 3.9.2", { code: 1, output: "{name}:5:7: IndentationError: unindent does not match any outer indentation level\n" });
    expect(await checkSyntax(content, "python", { file: "a.py", run })).toMatchObject({ ok: false });
  });

  it("takes php -l's refusal, but not a php older than the file's syntax", async () => {
    const content = "<?php\nclass A {\n    public function f() {}\n    public function f() {}\n}\n";
    const redeclared = { code: 255, output: "Fatal error: Cannot redeclare A::f() in {name} on line 4\n" };
    expect(await checkSyntax(content, "php", { file: "A.php", run: fake("PHP 8.2.1 (cli)", redeclared) })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:5: Fatal error: Cannot redeclare A::f\(\)\n/) });
    // PHP 8.4's property hooks, which the grammar reads and a PHP 8.2 does not.
    const hooks = '<?php\nclass A {\n    public string $name { get => "x"; }\n}\n';
    const unexpected = { code: 255, output: 'Parse error: syntax error, unexpected token "{" in {name} on line 3\n' };
    expect(await checkSyntax(hooks, "php", { file: "A.php", run: fake("PHP 8.2.1 (cli)", unexpected) })).toMatchObject({ ok: true, checked: "tree-sitter", note: expect.stringContaining("php 8.2 is older than this file's syntax (property hooks (PHP 8.4))") });
    expect(await checkSyntax(hooks, "php", { file: "A.php", run: fake("PHP 8.4.0 (cli)", unexpected) })).toMatchObject({ ok: false });
    // Before 8.2, php is not asked: its refusals would be modern syntax more often than mistakes.
    expect(await checkSyntax(content, "php", { file: "A.php", run: fake("PHP 8.1.2 (cli)", redeclared) })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("accepts what the grammar refuses when the language's checker reads it", async () => {
    const run = fake("ruby 3.3.0", { code: 0, output: "Syntax OK\n" });
    expect(await checkSyntax("def f(\n", "ruby", { file: "a.rb", run })).toEqual({ ok: true, checked: "native" });
  });
});

describe("a checker that does not end", () => {
  useProcessTag();

  // A shim (rbenv, asdf) that runs the real tool as its child rather than exec'ing it, or a checker
  // deaf to SIGTERM: the time limit killed the shim alone, and the child holding its output kept
  // the syntax gate, and with it the run, waiting until it chose to end.
  it.each([
    ["a shim whose child keeps the output open", "sleep 600 &\necho $! > \"$1\"\nwait"],
    ["a checker that ignores SIGTERM", "trap '' TERM\nsleep 600 &\necho $! > \"$1\"\nwait; wait"],
    ["a checker that ends, its child holding the output open", "sleep 600 &\necho $! > \"$1\"\nexit 0"],
  ])("%s gives no verdict at the time limit, and is gone", async (_what, body) => {
    const dir = mkdtempSync(join(tmpdir(), "ld-native-hang-"));
    try {
      const tool = join(dir, "checker");
      writeFileSync(tool, `#!/bin/sh\n${body}\n`);
      chmodSync(tool, 0o755);
      const pidFile = join(dir, "child.pid");
      const started = Date.now();
      const ran = runTool([tool, pidFile], dir);
      const pid = Number(await waitFor("the checker's child", () => { try { return readFileSync(pidFile, "utf8").trim(); } catch { return undefined; } }));
      const who = identify(pid);
      expect(await ran).toBeNull();
      expect(Date.now() - started).toBeLessThan(20_000);
      await waitFor("the checker's child to be gone", () => !isSame(pid, who), 5_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it("one that ends by itself is read as before", async () => {
    const r = await runTool(["sh", "-c", "echo out; echo err >&2; exit 3"], tmpdir());
    expect(r).toEqual({ code: 3, output: expect.stringContaining("out") });
    expect(r!.output).toContain("err");
  });
});
