import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { deadBaseUrl, runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
afterEach(async () => {
  await server?.close();
  proj?.cleanup();
});

describe("doctor", () => {
  beforeEach(() => {
    proj = tempProject();
  });
  it("reaches LM Studio, lists its models and says which one tasks use", async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, server: "lmstudio", model: "qwen2.5-coder-7b-instruct", context_length: 8192, problems: [] });
    expect(r.json.models.map((m: { id: string }) => m.id)).toEqual(["qwen2.5-coder-7b-instruct"]);
  });
  it("warns about Ollama's small default context", async () => {
    server = await startFakeOpenAIServer({ flavor: "ollama" });
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.json.server).toBe("ollama");
    expect(r.json.warnings.join(" ")).toMatch(/OLLAMA_CONTEXT_LENGTH/);
  });
  it("recognises llama.cpp's server", async () => {
    server = await startFakeOpenAIServer({ flavor: "llamacpp" });
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.json).toMatchObject({ server: "llamacpp", context_length: 8192 });
  });
  it("says what to do when nothing answers (exit 3), in words for people", async () => {
    server = await startFakeOpenAIServer();
    const dead = await deadBaseUrl();
    const r = await runCli(["doctor"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: dead } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`cannot reach the model server at ${dead} (ECONNREFUSED)`);
    expect(r.stdout).toMatch(/lms server start/);
  });
  it("reports a bad config with the key (exit 2)", async () => {
    server = await startFakeOpenAIServer();
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_TIMEOUT_MS: "soon" } });
    expect(r.code).toBe(2);
    expect(r.json.problems[0]).toMatch(/^config: LOCAL_DELEGATE_TIMEOUT_MS: /);
  });
});

describe("the README's worked example", () => {
  beforeEach(() => {
    proj = tempProject();
    mkdirSync(join(proj.root, "examples"), { recursive: true });
    cpSync("examples/slugify", join(proj.root, "examples/slugify"), { recursive: true });
  });
  const GOOD = `export function slugify(input) {
  return input
    .normalize("NFKD")
    .replace(/[\\u0300-\\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
`;
  it("runs against an OpenAI-compatible server and passes its hidden check", async () => {
    server = await startFakeOpenAIServer({ flavor: "vllm", script: [{ content: "```javascript\n" + GOOD + "```" }] });
    const r = await runCli(["run", "examples/slugify/spec.json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.json).toMatchObject({ status: "success", task_id: "example-slugify", tests: "passed" });
    expect(proj.read("examples/slugify/slugify.mjs")).toBe(GOOD);
  });
  it("prints unavailable with exit 3 within a few seconds when no server runs", async () => {
    server = await startFakeOpenAIServer();
    const t = Date.now();
    const r = await runCli(["run", "examples/slugify/spec.json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: await deadBaseUrl() } });
    expect(r.code).toBe(3);
    expect(r.json.status).toBe("unavailable");
    // At once, not after retries; generous, for a loaded machine.
    expect(Date.now() - t).toBeLessThan(15_000);
  });
});
