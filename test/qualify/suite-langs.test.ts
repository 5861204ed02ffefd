import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTaskProject } from "../../src/qualify/project.js";
import type { TaskRun } from "../../src/qualify/run-suite.js";
import { SUITE } from "../../src/qualify/suite/index.js";
import { runnableTasks, toolchainCheck, toolOnPath } from "../../src/qualify/toolchains.js";
import { scriptedModel, sourceLines, taskOf, type Play, suiteHarness } from "./scripted.js";

// The Python, Go and Rust checks against the answers a model gets wrong in ways of its own: a
// file that does not load, an endless loop, a signature the check cannot call. Each must be a
// failure the model can act on, in its own words, never the check's source, and never blamed on
// the command (which would end the run `invalid` and judge nothing).

const harness = suiteHarness();
const server = harness.server;

/** Runs the tasks with these first answers (each then answered right), and the feedback each retry got. */
async function firstAnswers(files: Record<string, string>): Promise<{ runs: TaskRun[]; feedback: Record<string, string> }> {
  server().requests.length = 0;
  server().setScript(scriptedModel(Object.fromEntries(Object.entries(files).map(([id, file]) => [id, [{ file }, "right"] as Play[]]))));
  const suite = await harness.run(SUITE.filter((t) => t.id in files), 60_000);
  expect(suite.failure).toBeNull();
  const feedback: Record<string, string> = {};
  for (const q of server().requests.filter((r) => r.path.endsWith("/chat/completions") && r.body.messages.length > 2)) feedback[taskOf(q)] = q.body.messages.at(-1).content;
  return { runs: suite.runs, feedback };
}

function expectJudgedAndHidden(runs: TaskRun[], feedback: Record<string, string>): void {
  for (const r of runs) {
    // Judged as the model's failure: retried, then passed with the right answer.
    expect(`${r.task.id}: ${r.outcome.result.status} after ${r.outcome.result.attempts}`).toBe(`${r.task.id}: success after 2`);
    const said = feedback[r.task.id]!;
    expect(said, r.task.id).toMatch(/✗|FAIL/);
    expect(said, r.task.id).not.toMatch(/Traceback|harness\.py|File ".*\.qualify/);
    for (const line of sourceLines(r.task.check)) expect(said, r.task.id).not.toContain(line);
  }
}

describe("the Python, Go and Rust checks", () => {
  it("report an answer that fails to load, or raises, at the answer's own line, without a traceback", async () => {
    const { runs, feedback } = await firstAnswers({
      "code-py-intervals": "LIMIT = undefined_name\n\n\ndef merge_intervals(intervals):\n    return []\n",
      "code-py-orders": 'def summarize_orders(orders):\n    return lookup(orders)\n\n\ndef lookup(orders):\n    raise KeyError("customer")\n',
    });
    expectJudgedAndHidden(runs, feedback);
    expect(feedback["code-py-intervals"]).toContain("✗ cannot load intervals.py: NameError: name 'undefined_name' is not defined (at intervals.py:1)");
    expect(feedback["code-py-orders"]).toContain("raised KeyError: 'customer' (at orders.py:6)");
  }, 120_000);

  it("stop at the first endless loop, saying so, instead of waiting for every call", async () => {
    const { runs, feedback } = await firstAnswers({
      "code-py-orders": "def summarize_orders(orders):\n    while True:\n        pass\n",
      "code-go-wrap": "package textwrap\n\nfunc Wrap(text string, width int) ([]string, error) {\n\tfor {\n\t}\n}\n",
      "code-rust-roman": "pub fn to_roman(n: u32) -> Option<String> {\n    loop {}\n}\n",
    });
    expectJudgedAndHidden(runs, feedback);
    for (const id of ["code-py-orders", "code-go-wrap", "code-rust-roman"]) {
      expect(feedback[id], id).toMatch(/did not return within 2 s \(an endless loop\?\); the remaining checks were not run/);
      expect(feedback[id]!.match(/did not return within/g), id).toHaveLength(1);
    }
  }, 180_000);

  it("fail an answer the check cannot call as the model's, with the compiler's words and none of the check's lines", async () => {
    const { runs, feedback } = await firstAnswers({
      // A private `fn to_roman` is refused before the check runs: the task says `pub fn` (promises).
      "code-rust-roman": "pub fn to_roman(n: u32) -> String {\n    String::new()\n}\n",
      "code-go-wrap": "package textwrap\n\nfunc Wrap(text string, width int) []string {\n\treturn nil\n}\n",
    });
    expectJudgedAndHidden(runs, feedback);
    expect(feedback["code-rust-roman"]).toMatch(/mismatched types/);
    expect(feedback["code-rust-roman"]).toContain("✗ the file does not compile with the hidden checks");
    expect(feedback["code-go-wrap"]).toMatch(/build failed/);
  }, 120_000);

  it("tell the model when its unittest tests fail against the correct code, or hold none", async () => {
    const { runs, feedback } = await firstAnswers({
      "test-py-median": "import unittest\n\nfrom stats import median\n\n\nclass T(unittest.TestCase):\n    def test_odd(self):\n        self.assertEqual(median([1, 2, 3]), 3)\n",
    });
    expectJudgedAndHidden(runs, feedback);
    expect(feedback["test-py-median"]).toContain("✗ the tests fail against the correct code");
    expect(feedback["test-py-median"]).toContain("AssertionError: 2 != 3");
    const none = await firstAnswers({ "test-py-median": "import unittest\n" });
    expectJudgedAndHidden(none.runs, none.feedback);
    expect(none.feedback["test-py-median"]).toContain("✗ no tests ran");
  }, 120_000);
});

describe("the Go check", () => {
  it("runs the same whatever the user's Go settings: their GOFLAGS and go.work are not the throwaway project's", async () => {
    const saved = { GOFLAGS: process.env.GOFLAGS, GOWORK: process.env.GOWORK };
    // Either would fail a plain `go test` ("unknown flag", "reading go.work").
    process.env.GOFLAGS = "-bogus";
    process.env.GOWORK = join(tmpdir(), "no-such-dir", "go.work");
    try {
      server().setScript(scriptedModel({}));
      const suite = await harness.run(SUITE.filter((t) => t.id === "code-go-wrap"), 60_000);
      expect(suite.runs.map((r) => `${r.outcome.result.status} after ${r.outcome.result.attempts}: ${r.outcome.result.error ?? ""}`)).toEqual(["success after 1: "]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 120_000);
});

describe("the Rust check's runner", () => {
  it("shows rustc's errors with the lines quoted from the model's file, never those quoted from the check", () => {
    const base = mkdtempSync(join(tmpdir(), "ld-qualify-rust-"));
    try {
      const task = SUITE.find((t) => t.id === "code-rust-roman")!;
      const project = createTaskProject(base, task);
      if (!project.ok) throw new Error(project.error.message);
      const root = project.value.root;
      // Private, and with a type error of its own: one error quotes the check, the other the answer.
      mkdirSync(join(root, "src"));
      writeFileSync(join(root, task.output_file), 'fn to_roman(n: u32) -> Option<String> {\n    let unused: u32 = "x";\n    None\n}\n');
      const r = spawnSync(process.execPath, [".qualify/rust.mjs"], { cwd: root, encoding: "utf8", timeout: 120_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/function `to_roman` is private/);
      expect(r.stderr).toMatch(/--> src\/roman\.rs:2:\d+/);
      expect(r.stderr).toContain('let unused: u32 = "x";');
      expect(r.stderr).not.toContain(".qualify/../");
      for (const line of sourceLines(task.check)) expect(r.stderr).not.toContain(line);
      expect(r.stderr).not.toMatch(/answer::to_roman\(n\)/);
      // Another name: rustc suggests the one that exists, quoting the check to show where.
      writeFileSync(join(root, task.output_file), "pub fn to_romans(n: u32) -> Option<String> {\n    None\n}\n");
      const named = spawnSync(process.execPath, [".qualify/rust.mjs"], { cwd: root, encoding: "utf8", timeout: 120_000 });
      expect(named.stderr).toMatch(/cannot find function `to_roman` in module `answer`/);
      expect(named.stderr).toMatch(/help: a function with a similar name exists/);
      expect(named.stderr).toContain("1 | pub fn to_romans(n: u32) -> Option<String> {");
      for (const line of sourceLines(task.check)) expect(named.stderr).not.toContain(line);
      expect(named.stderr).not.toMatch(/answer::to_romans?\(n\)/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("tasks whose toolchain is missing", () => {
  it("are skipped before they start, each with the reason, and the rest run", async () => {
    const asked: string[] = [];
    const check = (tool: string) => {
      asked.push(tool);
      return tool === "python3" ? null : `${tool} not on PATH`;
    };
    const { tasks, skipped } = await runnableTasks(SUITE, check);
    expect(skipped).toEqual([
      { task: "code-go-wrap", reason: "go not on PATH" },
      { task: "code-rust-roman", reason: "rustc not on PATH" },
    ]);
    expect(tasks.map((t) => t.id)).toEqual(SUITE.filter((t) => t.requires !== "go" && t.requires !== "rustc").map((t) => t.id));
    // Each toolchain is asked about once, however many tasks need it.
    expect(asked.sort()).toEqual(["go", "python3", "rustc"]);
    expect((await runnableTasks(SUITE, () => null)).skipped).toEqual([]);
    expect((await runnableTasks(SUITE, (tool) => `${tool} not on PATH`)).skipped.map((s) => s.reason)).toEqual(["python3 not on PATH", "python3 not on PATH", "go not on PATH", "rustc not on PATH", "python3 not on PATH"]);
  });

  it("are found missing from the PATH the command was given: a program there must be an executable file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ld-qualify-path-"));
    try {
      writeFileSync(join(dir, "go"), "#!/bin/sh\n");
      chmodSync(join(dir, "go"), 0o755);
      writeFileSync(join(dir, "rustc"), "not executable\n");
      const has = toolOnPath({ PATH: dir }, "linux");
      expect([has("go"), has("rustc"), has("python3")]).toEqual([true, false, false]);
      expect(toolOnPath({ PATH: "" }, "linux")("go")).toBe(false);
      writeFileSync(join(dir, "python3.EXE"), "");
      expect(toolOnPath({ PATH: dir, PATHEXT: ".COM;.EXE" }, "win32")("python3")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are skipped when the program is there but does not run, with what it said", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ld-qualify-path-"));
    try {
      // What a rustup proxy with no default toolchain does, and a toolchain that answers.
      const script = (name: string, body: string) => {
        writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
        chmodSync(join(dir, name), 0o755);
      };
      script("rustc", "echo \"error: rustup could not choose a version of rustc to run, because one wasn't specified explicitly, and no default is configured.\" >&2\nexit 1");
      script("go", 'test "$1" = version && echo "go version go1.19.8 linux/amd64"');
      const check = toolchainCheck({ PATH: `${dir}:/usr/bin:/bin` }, "linux");
      expect(await check("go")).toBeNull();
      expect(await check("rustc")).toBe("rustc does not run: error: rustup could not choose a version of rustc to run, because one wasn't specified explicitly, and no default is co…");
      // A rustc that knows its version but cannot link: the checks need a program built.
      script("rustc", "test \"$1\" = --version && echo 'rustc 1.95.0' && exit 0\necho 'error: linker `cc` not found' >&2\nexit 1");
      expect(await check("rustc")).toBe("rustc does not run: error: linker `cc` not found");
      expect(await toolchainCheck({ PATH: dir }, "linux")("python3")).toBe("python3 not on PATH");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
