// `doctor` checks that the server lists the models the config names: a task sent to a model the
// server does not have ends `unavailable`, so doctor says so first, with what the server has and
// how to fix it, instead of a ✓.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendUserRecord } from "../../src/ledger/user-record-append.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
let server: FakeOpenAIServer | undefined;
beforeEach(() => {
  proj = tempProject();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  proj.cleanup();
});

async function doctor(flavor: "lmstudio" | "ollama" | "llamacpp", config: string, json = false) {
  server = await startFakeOpenAIServer({ flavor });
  proj.write(".claude/local-delegate.yaml", `base_url: ${server.baseUrl}\n${config}`);
  return runCli(["doctor", ...(json ? ["--json"] : [])], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });
}

describe("doctor: configured models the server does not list", () => {
  it("LM Studio: ✗ with the models it has and how to fix it, exit 3", async () => {
    const r = await doctor("lmstudio", "model: qwen2.5-coder-14b-instruct\n");
    expect(r.code).toBe(3);
    expect(r.stdout).not.toMatch(/✓ tasks go to/);
    expect(r.stdout).toMatch(/✗ tasks go to .*, model qwen2\.5-coder-14b-instruct/);
    const problem = r.stdout.split("\n").find((l) => l.includes("is not listed"));
    expect(problem).toMatch(/^✗ /);
    expect(problem).toContain("the configured model, qwen2.5-coder-14b-instruct, is not listed by the server (it has qwen2.5-coder-7b-instruct)");
    expect(problem).toContain("set `model: qwen2.5-coder-7b-instruct`");
    expect(problem).toContain("`lms get qwen2.5-coder-14b-instruct`");
  });

  it("--json: ok false, the problem, and the endpoint's unlisted models", async () => {
    const r = await doctor("lmstudio", "model: qwen2.5-coder-14b-instruct\n", true);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ ok: false, model: "qwen2.5-coder-14b-instruct", endpoints: [{ ok: true, unlisted: ["qwen2.5-coder-14b-instruct"] }] });
    expect(r.json.problems).toHaveLength(1);
  });

  it("Ollama: says to pull it", async () => {
    const r = await doctor("ollama", "model: llama3.1:8b\ncontext_length: 16384\n", true);
    expect(r.code).toBe(3);
    expect(r.json.problems[0]).toContain("(it has qwen2.5-coder:7b)");
    expect(r.json.problems[0]).toContain("`ollama pull llama3.1:8b`");
  });

  it("a model for one kind of task only is named with its kind", async () => {
    const r = await doctor("lmstudio", "models:\n  test: tiny-tester\n", true);
    expect(r.code).toBe(3);
    expect(r.json.problems).toEqual([expect.stringContaining("the model for test tasks, tiny-tester, is not listed")]);
  });

  it("a name tasks match (part of a listed id) is fine: ✓, exit 0", async () => {
    const r = await doctor("ollama", "model: qwen2.5-coder\ncontext_length: 16384\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ tasks go to .*, model qwen2\.5-coder:7b/);
    expect(r.stdout).not.toContain("not listed");
  });

  it("a single-model llama.cpp server answers whatever the name: a warning, not a failure", async () => {
    const r = await doctor("llamacpp", "model: some-other-name\n", true);
    expect(r.code).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.warnings.join("\n")).toMatch(/some-other-name, is not listed by the server .*answers with the model it was started with/);
  });
});

describe("doctor: where each setting came from, and the set-up's last step", () => {
  it("names the file, plugin option or variable behind each setting, the API key unshown", async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    mkdirSync(join(proj.home, ".config", "local-delegate"), { recursive: true });
    writeFileSync(join(proj.home, ".config", "local-delegate", "config.yaml"), "base_url: http://127.0.0.1:9/v1\nretries: 2\n");
    proj.write(".claude/local-delegate.yaml", "hook_mode: enforce\n");
    const env = { NO_COLOR: "1", CLAUDE_PLUGIN_OPTION_BASE_URL: server.baseUrl, CLAUDE_PLUGIN_OPTION_API_KEY: "sk-secret", LOCAL_DELEGATE_TIMEOUT_MS: "90000" };
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env });
    expect(r.code).toBe(0);
    expect(r.json.config_sources).toEqual({
      base_url: { layer: "plugin", name: "plugin option base_url", value: server.baseUrl },
      retries: { layer: "user", name: join(proj.home, ".config", "local-delegate", "config.yaml"), value: 2 },
      api_key: { layer: "plugin", name: "plugin option api_key", value: "(set)" },
      hook_mode: { layer: "project", name: join(proj.root, ".claude/local-delegate.yaml"), value: "enforce" },
      timeout_ms: { layer: "env", name: "LOCAL_DELEGATE_TIMEOUT_MS", value: 90000 },
    });
    const text = await runCli(["doctor"], { cwd: proj.root, home: proj.home, env });
    expect(text.stdout).toContain(`    base_url = ${server.baseUrl}  from plugin option base_url\n`);
    expect(text.stdout).toContain("    timeout_ms = 90000  from LOCAL_DELEGATE_TIMEOUT_MS\n");
    expect(text.stdout).toContain("every other setting: its default");
    expect(text.stdout).not.toContain("sk-secret");
  });

  // The top-level key was shown as "(set)" while an endpoint's key was printed as written, in the
  // text and the --json a user pastes into an issue or Claude reads.
  it("does not show an endpoint's API key either, and still shows where each endpoint is", async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    proj.write(".claude/local-delegate.yaml", `endpoints:\n  - {base_url: "${server.baseUrl}", api_key: sk-endpoint-secret, max_parallel: 2}\n  - {base_url: "http://127.0.0.1:9/v1"}\n`);
    const env = { NO_COLOR: "1" };
    const j = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env });
    expect(j.code).toBe(0);
    expect(j.stdout).not.toContain("sk-endpoint-secret");
    expect(j.json.config_sources.endpoints.value).toEqual([{ base_url: server.baseUrl, api_key: "(set)", max_parallel: 2 }, { base_url: "http://127.0.0.1:9/v1" }]);
    const text = await runCli(["doctor"], { cwd: proj.root, home: proj.home, env });
    expect(text.stdout).not.toContain("sk-endpoint-secret");
    expect(text.stdout).toContain(`"base_url":"${server.baseUrl}","api_key":"(set)"`);
  });

  it("prints qualify --background as the next step while the model has no record, and not after", async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const env = { NO_COLOR: "1", LOCAL_DELEGATE_BASE_URL: server.baseUrl };
    const before = await runCli(["doctor"], { cwd: proj.root, home: proj.home, env });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain("→ next: qwen2.5-coder-7b-instruct has no record yet: `local-delegate qualify --background` measures it");
    const records = join(proj.home, ".state", "local-delegate", "records");
    await appendUserRecord(records, { v: 1, ts: new Date().toISOString(), event: "qualify", kind: "code", status: "success", model: "qwen2.5-coder-7b-instruct", server: server.baseUrl, attempts: 1, project: "/another" });
    const after = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env });
    expect(after.json.next_step).toBeNull();
    expect(after.json.record).toMatchObject({ model: "qwen2.5-coder-7b-instruct", empty: false, kinds: [{ kind: "code", samples: 1, from_project: 0, from_elsewhere: 1, from_qualify: 1 }] });
  });
});

describe("doctor: the hook's resident helper", () => {
  it("says whether one runs, which process it is, and when it is off; it never starts one", async () => {
    const { serveHelper } = await import("../../src/hook/helper-server.js");
    const state = join(proj.home, ".state", "local-delegate");
    mkdirSync(state, { recursive: true });
    const none = await doctor("lmstudio", "", true);
    expect(none.json.hook_helper).toEqual({ state: "none", socket: join(state, "hook-helper", "dev.sock") });
    expect(none.stdout).not.toContain("pid ");

    const running = await serveHelper({ socket: join(state, "hook-helper", "dev.sock"), idleMs: 60_000, watchMs: 60_000, answerMs: 1_000, answer: async () => ({ out: "" }) });
    if (!running.ok) throw new Error(running.error.message);
    try {
      const r = await runCli(["doctor"], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });
      expect(r.stdout).toMatch(new RegExp(`· hook helper: pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT`));
      const j = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });
      expect(j.json.hook_helper).toMatchObject({ state: "answering", pid: process.pid });
      const off = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1", LOCAL_DELEGATE_HOOK_HELPER: "0" } });
      expect(off.json.hook_helper).toEqual({ state: "off" });
    } finally {
      running.value.stop();
      await running.value.stopped;
    }
  });
});
