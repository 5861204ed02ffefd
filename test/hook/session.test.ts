import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runHook } from "../../src/hook/run-hook.js";
import { appendUserRecord } from "../../src/ledger/user-record-append.js";
import { noteWarm, readHealthCache, recentlyWarmed } from "../../src/model/health-cache.js";
import { userRecordsDir } from "../../src/project/records-dir.js";
import { asksForCode, sessionPolicy } from "../../src/hook/policy.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { deadBaseUrl, runCli, tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "not-loaded", maxContextLength: 32768 }] });
  proj = tempProject();
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, ...extra });
const start = (source = "startup") => JSON.stringify({ hook_event_name: "SessionStart", source, cwd: proj.root, session_id: "s1", transcript_path: join(proj.home, "t.jsonl") });

describe("SessionStart", () => {
  it("injects the policy, caches the server's health and starts warming the model in the background", async () => {
    const warmed: string[] = [];
    const out = await runHook(start(), { env: env({ LOCAL_DELEGATE_MODEL: "coder-7b" }), cwd: proj.root, cliPath: "/x/dist/cli.js", warm: (cli) => void warmed.push(cli) });
    expect(out).toMatchObject({ hookSpecificOutput: { hookEventName: "SessionStart" } });
    expect(JSON.stringify(out)).toContain("local model coder-7b is up");
    expect(warmed).toEqual(["/x/dist/cli.js"]);
    expect(readHealthCache(join(proj.home, "state", "local-delegate"), server.baseUrl)).toMatchObject({ up: true, model: "coder-7b" });
  });

  it("does not spawn a warm-up while one found the model loaded in the last 4 minutes, and does after", async () => {
    const state = join(proj.home, "state", "local-delegate");
    const warmed: string[] = [];
    const h = { env: env({ LOCAL_DELEGATE_MODEL: "coder-7b" }), cwd: proj.root, cliPath: "/x/dist/cli.js", warm: (cli: string) => void warmed.push(cli) };
    noteWarm(state, server.baseUrl, "coder-7b", new Date(Date.now() - 3 * 60_000));
    expect(JSON.stringify(await runHook(start("resume"), h))).toContain("local model coder-7b is up");
    expect(warmed).toEqual([]);
    // Ollama unloads an idle model after 5 minutes: a note that old no longer says it is loaded.
    noteWarm(state, server.baseUrl, "coder-7b", new Date(Date.now() - 5 * 60_000));
    await runHook(start("clear"), h);
    expect(warmed).toEqual(["/x/dist/cli.js"]);
    // Nor does a note from the future (a clock set back).
    noteWarm(state, server.baseUrl, "coder-7b", new Date(Date.now() + 60 * 60_000));
    await runHook(start("compact"), h);
    expect(warmed).toHaveLength(2);
    // Nor one of another model: the user has just switched models.
    noteWarm(state, server.baseUrl, "coder-3b", new Date(Date.now() - 60_000));
    await runHook(start("resume"), h);
    expect(warmed).toHaveLength(3);
  });

  it("does not warm anything when the server is down, and says so", async () => {
    const warmed: string[] = [];
    const out = await runHook(start(), { env: env({ LOCAL_DELEGATE_BASE_URL: await deadBaseUrl() }), cwd: proj.root, cliPath: "/x", warm: (c) => void warmed.push(c) });
    expect(JSON.stringify(out)).toContain("no local model server answers");
    expect(warmed).toEqual([]);
  });

  it("starts on a server seen up in the last minute without asking it again, and asks again after a down", async () => {
    const { writeHealthCache } = await import("../../src/model/health-cache.js");
    const state = join(proj.home, "state", "local-delegate");
    const probes = () => server.requests.filter((q) => q.path.endsWith("/models")).length;
    writeHealthCache(state, server.baseUrl, { up: true, model: "coder-7b", checked_at: new Date().toISOString() });
    const seen = await runHook(start("resume"), { env: env(), cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(JSON.stringify(seen)).toContain("local model coder-7b is up");
    expect(probes()).toBe(0);
    // Seen down a moment ago: the user may have started it since.
    writeHealthCache(state, server.baseUrl, { up: false, model: null, checked_at: new Date().toISOString() });
    const asked = await runHook(start("clear"), { env: env({ LOCAL_DELEGATE_MODEL: "coder-7b" }), cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(JSON.stringify(asked)).toContain("is up");
    expect(probes()).toBeGreaterThan(0);
    // A minute old, an "up" is asked again too.
    const before = probes();
    writeHealthCache(state, server.baseUrl, { up: true, model: "coder-7b", checked_at: new Date(Date.now() - 61_000).toISOString() });
    await runHook(start("compact"), { env: env(), cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(probes()).toBeGreaterThan(before);
  });

  it("says nothing in hook_mode off", async () => {
    expect(await runHook(start(), { env: env({ LOCAL_DELEGATE_HOOK_MODE: "off" }), cwd: proj.root, cliPath: "/x", warm: () => {} })).toBeNull();
  });

  it("says once, while the model has no record anywhere, that /local-delegate:local-status offers to qualify it", async () => {
    const state = join(proj.home, "state", "local-delegate");
    const data = join(proj.home, "plugin-data");
    const e = env({ LOCAL_DELEGATE_MODEL: "coder-7b", CLAUDE_PLUGIN_DATA: data });
    const first = JSON.stringify(await runHook(start(), { env: e, cwd: proj.root, cliPath: "/x", warm: () => {} }));
    expect(first).toContain("It has no record yet: tell the user /local-delegate:local-status offers to qualify it.");
    // The processes Claude Code does not tell where the plugin's folder is find the records there too.
    expect(userRecordsDir({ HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state") })).toBe(join(data, "records"));
    // A qualification in another project, in the user's record: the sentence is gone.
    await appendUserRecord(join(data, "records"), { v: 1, ts: new Date().toISOString(), event: "qualify", kind: "code", status: "success", model: "coder-7b", server: server.baseUrl, attempts: 1, project: "/elsewhere" });
    const later = JSON.stringify(await runHook(start(), { env: e, cwd: proj.root, cliPath: "/x", warm: () => {} }));
    expect(later).toContain("local model coder-7b is up");
    expect(later).not.toContain("no record");
    // Nor does it show for a model measured in this project only (a ledger from before the user's record).
    const other = env({ LOCAL_DELEGATE_MODEL: "coder-3b", CLAUDE_PLUGIN_DATA: data });
    proj.write(".claude/local-delegate/ledger.jsonl", `${JSON.stringify({ v: 1, ts: new Date().toISOString(), event: "run", kind: "code", status: "escalated", model: "coder-3b", attempts: 2 })}\n`);
    expect(JSON.stringify(await runHook(start(), { env: other, cwd: proj.root, cliPath: "/x", warm: () => {} }))).not.toContain("no record");
    // Named another way in the ledger (a GGUF path, upper case) among many hook lines: still a record.
    const third = env({ LOCAL_DELEGATE_MODEL: "Coder-1b", CLAUDE_PLUGIN_DATA: data });
    const hookLine = JSON.stringify({ v: 1, ts: new Date().toISOString(), event: "hook", decision: "allowed", file: "src/a.ts" });
    proj.write(".claude/local-delegate/ledger.jsonl", `${`${hookLine}\n`.repeat(300)}${JSON.stringify({ v: 1, ts: new Date().toISOString(), event: "run", kind: "code", status: "success", model: "models/CODER-1B.gguf", attempts: 1 })}\n${`${hookLine}\n`.repeat(300)}`);
    expect(JSON.stringify(await runHook(start(), { env: third, cwd: proj.root, cliPath: "/x", warm: () => {} }))).not.toContain("no record");
    // And a model the ledger never names has none, however long the ledger.
    const fourth = env({ LOCAL_DELEGATE_MODEL: "coder-2b", CLAUDE_PLUGIN_DATA: data });
    expect(JSON.stringify(await runHook(start(), { env: fourth, cwd: proj.root, cliPath: "/x", warm: () => {} }))).toContain("no record yet");
    // Nor while the server is down.
    const down = await runHook(start(), { env: env({ LOCAL_DELEGATE_BASE_URL: await deadBaseUrl(), LOCAL_DELEGATE_MODEL: "new-model" }), cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(JSON.stringify(down)).not.toContain("no record");
    expect(existsSync(state)).toBe(true);
  });

  it("passes the plugin's options on to the session's shell, where Claude runs the commands", async () => {
    const file = join(proj.home, "session-env.sh");
    writeFileSync(file, "");
    const e = env({ CLAUDE_ENV_FILE: file, CLAUDE_PLUGIN_OPTION_BASE_URL: server.baseUrl, CLAUDE_PLUGIN_OPTION_API_KEY: "it's $secret", CLAUDE_PLUGIN_OPTION_HOOK_MODE: "off" });
    // In hook_mode off too: the commands still need the server's address and key.
    expect(await runHook(start(), { env: e, cwd: proj.root, cliPath: "/x", warm: () => {} })).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sourced = spawnSync("bash", ["-c", `export CLAUDE_PLUGIN_OPTION_MODEL=stale; . "${file}"; env`], { encoding: "utf8" }).stdout;
    expect(sourced).toContain(`CLAUDE_PLUGIN_OPTION_BASE_URL=${server.baseUrl}\n`);
    expect(sourced).toContain("CLAUDE_PLUGIN_OPTION_API_KEY=it's $secret\n");
    expect(sourced).toContain("CLAUDE_PLUGIN_OPTION_HOOK_MODE=off\n");
    // An option the user cleared is cleared for the commands too.
    expect(sourced).not.toContain("CLAUDE_PLUGIN_OPTION_MODEL");
  });

  it("leaves the session's shell alone with no option set, unless an earlier start of the session may have set one", async () => {
    const file = join(proj.home, "session-env.sh");
    writeFileSync(file, "");
    const e = env({ CLAUDE_ENV_FILE: file });
    await runHook(start("startup"), { env: e, cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(readFileSync(file, "utf8")).toBe("");
    // A resumed session's shell may carry exports of its first start: they are undone.
    writeFileSync(file, "export CLAUDE_PLUGIN_OPTION_MODEL='old'\n");
    await runHook(start("resume"), { env: e, cwd: proj.root, cliPath: "/x", warm: () => {} });
    const sourced = spawnSync("bash", ["-c", `. "${file}"; env`], { encoding: "utf8" }).stdout;
    expect(sourced).not.toContain("CLAUDE_PLUGIN_OPTION_MODEL");
  });

  it("keeps the policy short: it is paid on every request", () => {
    const up = sessionPolicy({ up: true, model: "qwen2.5-coder-14b-instruct-mlx-4bit", checked_at: "" }, "http://localhost:1234/v1");
    expect(up.length).toBeLessThan(480);
    const unmeasured = sessionPolicy({ up: true, model: "qwen2.5-coder-14b-instruct-mlx-4bit", checked_at: "" }, "http://localhost:1234/v1", { unmeasured: true });
    expect(unmeasured.length - up.length).toBeLessThan(90);
  });
});

describe("warm", () => {
  it("asks for one token so the server loads the configured model when it is not loaded", async () => {
    server.setScript([{ content: "o", usage: { prompt_tokens: 3, completion_tokens: 1 } }]);
    const r = await runCli(["warm"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "coder-7b" } });
    expect(r.code).toBe(0);
    const chat = server.requests.filter((q) => q.path.endsWith("/chat/completions"));
    expect(chat).toHaveLength(1);
    expect(chat[0]!.body).toMatchObject({ model: "coder-7b", max_tokens: 1 });
    // And notes the model loaded, so the next session start spawns no warm-up for a while.
    expect(recentlyWarmed(join(proj.home, ".state", "local-delegate"), server.baseUrl, "coder-7b", new Date(), 60_000)).toBe(true);
  });

  it("loads nothing it was not asked to: no configured model and none loaded", async () => {
    const r = await runCli(["warm"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(3);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
    expect(recentlyWarmed(join(proj.home, ".state", "local-delegate"), server.baseUrl, "coder-7b", new Date(), 60_000)).toBe(false);
  });

  // Every session start, resume and clear spawns a warm-up while none has found the model loaded:
  // against a server that takes the request and never answers, each one waited out its own
  // deadline beside the others, a pile of processes and of requests queued on the server.
  it("one at a time per server: a warm-up finding another at work leaves at once, and the one at work ends at its deadline", async () => {
    server.setScript(() => ({ hang: true }));
    const warm = () => runCli(["warm"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "coder-7b", LOCAL_DELEGATE_TIMEOUT_MS: "3000" } });
    const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions")).length;
    const first = warm();
    await waitFor("the first warm-up's request", () => server.chatsInFlight() === 1);
    expect((await warm()).code).toBe(0);
    expect((await first).code).toBe(3);
    expect(chats()).toBe(1);
    // Once it is over, the next session start's warm-up asks again.
    expect((await warm()).code).toBe(3);
    expect(chats()).toBe(2);
  });

  // The warm-up is detached: SIGTERM (a logout, `kill`, the system's shutdown) is how it is
  // stopped, and it kept waiting for the server, its deadline minutes away.
  it("a SIGTERM ends it at once, and the next one may start", async () => {
    server.setScript(() => ({ hang: true }));
    const stop = new AbortController();
    const warm = (signal?: AbortSignal) => runCli(["warm"], { cwd: proj.root, home: proj.home, signal, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "coder-7b", LOCAL_DELEGATE_TIMEOUT_MS: "60000" } });
    const first = warm(stop.signal);
    await waitFor("the warm-up's request", () => server.chatsInFlight() === 1);
    const stopped = Date.now();
    stop.abort();
    expect((await first).code).toBe(3);
    expect(Date.now() - stopped).toBeLessThan(10_000);
    await waitFor("the server to see the request go", () => server.chatsInFlight() === 0);
    // Its lock went with it.
    server.setScript([{ content: "o" }]);
    expect((await warm()).code).toBe(0);
  }, 90_000);

  it("does nothing when the model is already loaded", async () => {
    await server.close();
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const r = await runCli(["warm"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(0);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  });
});

describe("UserPromptSubmit", () => {
  it("reminds on code work and stays silent otherwise", async () => {
    const ask = (prompt: string) => runHook(JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt, cwd: proj.root }), { env: env(), cwd: proj.root, cliPath: "/x" });
    expect(JSON.stringify(await ask("Add a date formatting helper and its tests"))).toContain("decompose this");
    expect(await ask("What does this error mean?")).toBeNull();
    expect(await ask("/local-delegate:local-code write a helper")).toBeNull();
  });
  it("asksForCode", () => {
    expect(asksForCode("Implement the settings page")).toBe(true);
    expect(asksForCode("explain the build")).toBe(false);
    const ended = '<task-notification>\n<task-id>b1</task-id>\n<status>completed</status>\n<summary>Background command "npm run build -- add the helper tests" completed (exit code 0)</summary>\n</task-notification>';
    expect(asksForCode(ended)).toBe(false);
    expect(asksForCode("Add the helper tests, as in <task-notification>")).toBe(true);
  });
});

describe("PreToolUse uses this model's record, as classify and plan check do", () => {
  it("lets Claude write a utility when the model keeps failing code tasks", async () => {
    const { mkdirSync, writeFileSync, readFileSync } = await import("node:fs");
    const ledger = join(proj.root, ".claude/local-delegate/ledger.jsonl");
    mkdirSync(join(proj.root, ".claude/local-delegate"), { recursive: true });
    const line = (status: string, attempts: number) => JSON.stringify({ v: 1, ts: new Date().toISOString(), event: "qualify", task_id: "q", kind: "code", file: "x", status, model: "coder-7b", attempts });
    writeFileSync(ledger, [line("escalated", 2), line("escalated", 2), line("success", 2), line("escalated", 2), line("success", 1)].join("\n") + "\n");
    const event = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, "src/d.ts"), content: Array.from({ length: 12 }, (_, i) => `export const d${i} = (n: number) => n * ${i};`).join("\n") + "\n" } });
    const out = await runHook(event, { env: env({ LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_MODEL: "coder-7b" }), cwd: proj.root, cliPath: "/x" });
    expect(out).toBeNull();
    const last = JSON.parse(readFileSync(ledger, "utf8").trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ event: "hook", decision: "not-delegable", file: "src/d.ts" });
    // With a good record, the same Write is denied in enforce mode.
    writeFileSync(ledger, [line("success", 1), line("success", 1), line("success", 1), line("success", 1)].join("\n") + "\n");
    expect(JSON.stringify(await runHook(event, { env: env({ LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_MODEL: "coder-7b" }), cwd: proj.root, cliPath: "/x" }))).toContain('"permissionDecision":"deny"');
  });
});

describe("several endpoints", () => {
  it("is up when any endpoint answers, as a run would fail over to it", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(join(proj.root, ".claude"), { recursive: true });
    const dead = await deadBaseUrl();
    writeFileSync(join(proj.root, ".claude/local-delegate.yaml"), `endpoints:\n  - base_url: ${dead}\n  - base_url: ${server.baseUrl}\n    model: coder-7b\n`);
    const { LOCAL_DELEGATE_BASE_URL: _, ...noUrl } = env();
    const out = await runHook(start(), { env: noUrl, cwd: proj.root, cliPath: "/x", warm: () => {} });
    expect(JSON.stringify(out)).toContain("local model coder-7b is up");
  });
});
