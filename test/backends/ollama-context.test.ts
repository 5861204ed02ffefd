// Ollama's OpenAI-compatible /v1 says nothing of the context; /api/ps lists the loaded models with
// the context each was loaded with. Assuming Ollama's oldest default (2048) when /api/ps says more
// makes a cut answer stop at once, when a retry with more room would have finished the file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverServer } from "../../src/model/discover.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeModel } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer | undefined;
let proj: TempProject;
const start = async (models: FakeModel[]) => {
  server = await startFakeOpenAIServer({ flavor: "ollama", models });
  return server;
};
beforeEach(() => {
  proj = tempProject();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  proj.cleanup();
});

describe("Ollama's /api/ps", () => {
  it("gives a loaded model its context, and marks it loaded", async () => {
    const s = await start([{ id: "llama3.2:3b" }, { id: "qwen2.5-coder:7b", state: "loaded", loadedContextLength: 32_768 }]);
    const d = await discoverServer({ baseUrl: s.baseUrl }, 2_000);
    expect(d).toEqual({
      ok: true,
      value: {
        flavor: "ollama",
        models: [
          { id: "llama3.2:3b", loaded: null, contextLength: null },
          { id: "qwen2.5-coder:7b", loaded: true, contextLength: 32_768 },
        ],
      },
    });
  });

  it("an Ollama older than context_length in /api/ps: loaded, context unknown", async () => {
    const s = await start([{ id: "qwen2.5-coder:7b", state: "loaded" }]);
    const d = await discoverServer({ baseUrl: s.baseUrl }, 2_000);
    expect(d).toMatchObject({ ok: true, value: { models: [{ id: "qwen2.5-coder:7b", loaded: true, contextLength: null }] } });
  });

  it("a cut answer is retried with more room when the loaded context holds it", async () => {
    const s = await start([{ id: "qwen2.5-coder:7b", state: "loaded", loadedContextLength: 32_768 }]);
    s.setScript([{ content: "```js\nexport const A = 1;\n", finishReason: "length" }, { content: "```js\nexport const A = 1;\nexport const B = 2;\n```\n" }]);
    const spec = proj.spec({ task_id: "consts", kind: "code", description: "Write the constants module.", output_file: "src/consts.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: s.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "1024" } });
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(s.requests.filter((q) => q.path.endsWith("/chat/completions")).map((q) => q.body.max_tokens)).toEqual([1024, 2048]);
  });

  it("with no context to read, a retry's answer stays within Ollama's smallest default context", async () => {
    const s = await start([{ id: "qwen2.5-coder:7b" }]);
    s.setScript([{ content: "```js\nexport const A = 1;\n", finishReason: "length" }, { content: "```js\nexport const A = 1;\n```\n" }]);
    const spec = proj.spec({ task_id: "consts", kind: "code", description: "Write the constants module.", output_file: "src/consts.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: s.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "1024" } });
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    const [, retry] = s.requests.filter((q) => q.path.endsWith("/chat/completions")).map((q) => Number(q.body.max_tokens));
    expect(retry).toBeGreaterThan(1024);
    expect(retry).toBeLessThan(2048);
  });

  it("doctor shows the loaded context and does not warn of a default it has read past", async () => {
    const s = await start([{ id: "qwen2.5-coder:7b", state: "loaded", loadedContextLength: 32_768 }]);
    proj.write(".claude/local-delegate.yaml", `base_url: ${s.baseUrl}\n`);
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.json).toMatchObject({ ok: true, server: "ollama", context_length: 32_768 });
    expect(r.json.warnings.join("\n")).not.toMatch(/context/);
  });
});
