import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { ledgerEntries, runCli, tempProject, type TempProject } from "../support/project.js";
import { readUserRecord } from "../../src/ledger/user-record.js";
import { renderReport } from "../../src/qualify/render.js";
import { scriptedModel, sharedGoCache } from "./scripted.js";

// `qualify` against a scripted model whose every answer is known: the rates it prints and
// records must be exactly what the script implies, and a kind that fails qualification must
// then go to Claude in `classify`.

const MODEL = "qwen2.5-coder-7b-instruct";
let server: FakeOpenAIServer;
let proj: TempProject;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0" });
const cli = (argv: string[], extra: Record<string, string> = {}) => runCli(argv, { cwd: proj.root, home: proj.home, env: { ...env(), ...extra } });
const ledger = () => readFileSync(join(proj.root, ".claude/local-delegate/ledger.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));

let qualified: Awaited<ReturnType<typeof cli>>;
let restoreGoCache: () => void;

beforeAll(async () => {
  restoreGoCache = sharedGoCache();
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript(
    scriptedModel({
      // code: 7 of 9 right first time (Python, Go and Rust among them), 2 right on the retry (one
      // after a malformed answer).
      "code-ts-duration": ["wrong", "right"],
      "code-js-constants": ["malformed", "right"],
      // tests: 2 of 5 right first time (Python's among them), 1 on the retry, 2 never (one wrong
      // twice, one malformed twice).
      "test-js-slugify": ["wrong", "wrong"],
      "test-js-retry": ["malformed", "malformed"],
      "test-ts-range": ["wrong", "right"],
    }),
  );
  // retries: 0 in the environment: qualify still gives every task its one retry.
  qualified = await cli(["qualify", "--kinds", "code,tests", "--json"]);
}, 180_000);
afterAll(async () => {
  await server.close();
  proj.cleanup();
  restoreGoCache();
});

describe("qualify", () => {
  it("prints the exact first-try, second-try and well-formed rates per kind, with tokens", () => {
    expect(qualified.code).toBe(0);
    expect(qualified.stdout.trim().split("\n")).toHaveLength(1);
    const r = qualified.json;
    expect(r).toMatchObject({ status: "done", model: MODEL, suite: "builtin-2", tasks: 14, skipped: [] });
    const byKind = Object.fromEntries(r.kinds.map((k: { kind: string }) => [k.kind, k]));
    expect(byKind.code).toMatchObject({ tasks: 9, judged: 9, first_pass: 7, second_pass: 9, answers: 11, well_formed_answers: 10, first_pass_rate: 0.778, second_pass_rate: 1, well_formed_rate: 0.909, prompt_tokens: 1100, completion_tokens: 550 });
    expect(byKind.test).toMatchObject({ tasks: 5, judged: 5, first_pass: 2, second_pass: 3, answers: 8, well_formed_answers: 6, first_pass_rate: 0.4, second_pass_rate: 0.6, well_formed_rate: 0.75, prompt_tokens: 800, completion_tokens: 400 });
    expect(byKind.all).toMatchObject({ tasks: 14, first_pass: 9, second_pass: 12, answers: 19, well_formed_answers: 16 });
    const slug = r.results.find((t: { suite_task: string }) => t.suite_task === "test-js-slugify");
    expect(slug).toMatchObject({ status: "escalated", attempts: 2, first_pass: false, second_pass: false, failure_kind: "tests" });
    const retry = r.results.find((t: { suite_task: string }) => t.suite_task === "test-js-retry");
    expect(retry).toMatchObject({ status: "escalated", answers: 2, well_formed_answers: 0, failure_kind: "format" });
  });

  it("routes the kind under the threshold to Claude, with the figure", () => {
    expect(qualified.json.routing).toEqual([
      { kind: "code", route: "local", detail: `code: 7/9 first-pass for ${MODEL} (≥ 50%)` },
      { kind: "test", route: "claude", detail: `tests: 2/5 first-pass for ${MODEL} (< 50%)` },
    ]);
  });

  it("records one qualify line per task in the ledger", () => {
    const lines = ledger().filter((e) => e.event === "qualify");
    expect(lines).toHaveLength(14);
    expect(new Set(lines.map((e) => e.qualify.session)).size).toBe(1);
    const duration = lines.find((e) => e.qualify.suite_task === "code-ts-duration");
    expect(duration).toMatchObject({ kind: "code", status: "success", attempts: 2, model: MODEL, local: { prompt_tokens: 200, completion_tokens: 100 }, claude: null });
    expect(duration.qualify).toMatchObject({ suite: "builtin-2", kind: "code", category: "utility", language: "typescript", first_pass: false, second_pass: true, answers: 2, well_formed_answers: 2 });
  });

  it("leaves nothing in the user's project but the ledger", () => {
    expect(existsSync(join(proj.root, "src"))).toBe(false);
    expect(existsSync(join(proj.root, ".qualify"))).toBe(false);
  });
});

describe("classify after qualify", () => {
  it("sends test-writing to Claude for this model, saying why", async () => {
    const r = await cli(["classify", "--description", "Write unit tests for the clamp function in src/clamp.js", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ verdict: "claude", category: "test", kind: "test", model: MODEL, record: { kind: "test", samples: 5, first_pass: 2, from_qualify: 5, first_pass_rate: 0.4 } });
    expect(r.json.reasons).toContainEqual({ criterion: "record", ok: false, detail: `tests: 2/5 first-pass for ${MODEL} (< 50%)` });
    expect(r.json.reasons).toContainEqual({ criterion: "category", ok: true, detail: "test" });
  });

  it("keeps code with the local model, and shows the record that allowed it", async () => {
    const r = await cli(["classify", "--description", "Write a pure utility function that formats a byte count", "--json"]);
    expect(r.json).toMatchObject({ verdict: "local", category: "utility", kind: "code" });
    expect(r.json.reasons).toContainEqual({ criterion: "record", ok: true, detail: `code: 7/9 first-pass for ${MODEL} (≥ 50%)` });
  });

  it("classifies a file's content, with the record for the kind the file implies", async () => {
    proj.write("src/clamp.test.js", 'import { test } from "node:test";\nimport { clamp } from "./clamp.js";\n' + Array.from({ length: 10 }, (_, i) => `test("case ${i}", () => clamp(${i}, 0, 5));`).join("\n") + "\n");
    const r = await cli(["classify", "--file", "src/clamp.test.js", "--json"]);
    expect(r.json).toMatchObject({ verdict: "claude", category: "test", kind: "test" });
    expect(r.json.reasons.filter((x: { ok: boolean }) => !x.ok)).toEqual([{ criterion: "record", ok: false, detail: `tests: 2/5 first-pass for ${MODEL} (< 50%)` }]);
  });

  it("judges another model on its own record: none yet, so the static verdict stands", async () => {
    const r = await cli(["classify", "--description", "Write unit tests for clamp", "--model", "llama-3.2-3b-instruct", "--json"]);
    expect(r.json).toMatchObject({ verdict: "local", model: "llama-3.2-3b-instruct", record: null });
    expect(r.json.reasons.some((x: { criterion: string }) => x.criterion === "record")).toBe(false);
  });

  it("follows the configured threshold", async () => {
    const r = await cli(["classify", "--description", "Write unit tests for clamp", "--json"], { LOCAL_DELEGATE_ROUTE_MIN_FIRST_PASS: "0.2" });
    expect(r.json.verdict).toBe("local");
    expect(r.json.reasons).toContainEqual({ criterion: "record", ok: true, detail: `tests: 2/5 first-pass for ${MODEL} (≥ 20%)` });
  });

  it("prints the reasons for a person without --json", async () => {
    const r = await cli(["classify", "-d", "Write unit tests for clamp"]);
    expect(r.stdout).toMatch(/^claude\s+test/);
    expect(r.stdout).toMatch(/✗ record: tests: 2\/5 first-pass/);
  });

  it("refuses a call with nothing to classify, or an unknown kind", async () => {
    expect((await cli(["classify", "--json"])).code).toBe(2);
    const bad = await cli(["classify", "-d", "x", "--kind", "poem"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kind: unknown kind "poem"/);
  });
});

describe("the model's record in another project of the same user", () => {
  it("keeps every judged task in the user's record, kept per server and model", () => {
    const records = join(proj.home, ".state", "local-delegate", "records");
    const lines = readUserRecord(records, server.baseUrl, MODEL);
    expect(lines).toHaveLength(14);
    expect(lines.every((l) => l.event === "qualify" && l.project === proj.root)).toBe(true);
    expect(lines.find((l) => l.qualify?.suite_task === "test-js-slugify")).toMatchObject({ kind: "test", status: "escalated", attempts: 2, qualify: { first_pass: false } });
  });

  it("routes test-writing to Claude in a project that never qualified, with the figure and where it came from", async () => {
    const second = join(proj.home, "..", "second");
    mkdirSync(join(second, ".git"), { recursive: true });
    const r = await runCli(["classify", "--description", "Write unit tests for the clamp function in src/clamp.js", "--json"], { cwd: second, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ verdict: "claude", kind: "test", model: MODEL, record: { samples: 5, first_pass: 2, from_qualify: 5, from_project: 0 } });
    expect(r.json.reasons).toContainEqual({ criterion: "record", ok: false, detail: `tests: 2/5 first-pass for ${MODEL} (< 50%)` });
    expect(existsSync(join(second, ".claude/local-delegate/ledger.jsonl"))).toBe(false);
    const report = await runCli(["report", "--compact"], { cwd: second, home: proj.home, env: env() });
    expect(report.stdout).toContain(`model ${MODEL}: code 7/9 first-pass → local (9 from your record, 9 by qualify); tests 2/5 first-pass → claude (5 from your record, 5 by qualify).`);
    const person = await runCli(["report"], { cwd: second, home: proj.home, env: env() });
    expect(person.stdout).toContain(`Model record · ${MODEL} at ${server.baseUrl} · ${join(proj.home, ".state", "local-delegate", "records")}`);
    expect(person.stdout).toMatch(/ {2}tests +2\/5 first-pass {2}→ claude {2}5 from your record, 5 by qualify/);
    const json = await runCli(["report", "--json"], { cwd: second, home: proj.home, env: env() });
    expect(json.json.model_record).toMatchObject({ model: MODEL, server: server.baseUrl, empty: false, kinds: [{ kind: "code", samples: 9, from_project: 0, from_elsewhere: 9, route: "local" }, { kind: "test", route: "claude" }] });
  });
});

describe("qualify where Go and Rust are not installed", () => {
  it("skips their tasks before they start, says so, and counts them nowhere", async () => {
    const p = tempProject();
    // A PATH with Python and Node only (and the shell, by its full path): no go, no rustc.
    const bin = mkdtempSync(join(tmpdir(), "ld-qualify-bin-"));
    try {
      // The interpreter itself: a shim (pyenv) would need the PATH this test takes away.
      const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();
      symlinkSync(python, join(bin, "python3"));
      symlinkSync(process.execPath, join(bin, "node"));
      // The checks run with this process's environment, and the skip is decided on it.
      const path = process.env.PATH;
      process.env.PATH = bin;
      const r = await runCli(["qualify", "--kinds", "code", "--json"], { cwd: p.root, home: p.home, env: env() }).finally(() => {
        process.env.PATH = path;
      });
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ status: "done", tasks: 7, skipped: [{ task: "code-go-wrap", reason: "go not on PATH" }, { task: "code-rust-roman", reason: "rustc not on PATH" }] });
      expect(r.json.results.map((t: { language: string }) => t.language).sort()).toEqual(["javascript", "javascript", "python", "python", "typescript", "typescript", "typescript"]);
      expect(r.json.kinds.find((k: { kind: string }) => k.kind === "code")).toMatchObject({ tasks: 7, judged: 7, first_pass: 7 });
      const lines = ledgerEntries(p.root);
      expect(lines.map((e) => e.qualify.suite_task)).not.toContain("code-go-wrap");
      expect(lines).toHaveLength(7);
      const table = renderReport(r.json);
      expect(table).toMatch(/code-go-wrap\s+skipped: go not on PATH/);
      expect(table).toMatch(/code-rust-roman\s+skipped: rustc not on PATH/);
      expect(table).toMatch(/builtin-2, 7 tasks/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
      p.cleanup();
    }
  }, 120_000);
});

describe("qualify when it cannot run", () => {
  it("stops at the first task when no server answers, records nothing, and exits 3", async () => {
    const p = tempProject();
    try {
      const r = await runCli(["qualify", "--json", "--kinds", "doc"], { cwd: p.root, home: p.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "500" } });
      expect(r.code).toBe(3);
      expect(r.json).toMatchObject({ status: "stopped", tasks: 1 });
      expect(r.json.error).toMatch(/cannot reach|ECONNREFUSED/);
      expect(existsSync(join(p.root, ".claude/local-delegate/ledger.jsonl"))).toBe(false);
    } finally {
      p.cleanup();
    }
  });

  it("refuses an unknown kind before running anything", async () => {
    const r = await cli(["qualify", "--kinds", "code,poems"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown kind "poems"/);
  });
});
