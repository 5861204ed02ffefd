// Ollama's /v1/models says `owned_by: "library"` only for its own library's models: one pulled from
// Hugging Face (hf.co/bartowski/…) or a user's namespace is owned by that namespace. An Ollama on
// another port than 11434 (a container, a proxy) whose first model is such a one must still be
// known for Ollama: its context is read from /api/ps, and a prompt longer than it is refused before
// Ollama cuts it silently and the model writes the file from the half it saw.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverServer } from "../../src/model/discover.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeModel } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const HF = "hf.co/bartowski/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M";
let server: FakeOpenAIServer | undefined;
let proj: TempProject;
const start = async (models: FakeModel[]) => {
  server = await startFakeOpenAIServer({ flavor: "ollama", models, script: [{ content: "```js\nexport const answer = 42;\n```\n" }] });
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

/** About 5 000 tokens of context file. */
const bigContext = () => proj.write("src/table.mjs", Array.from({ length: 400 }, (_, i) => `export const row${i} = { id: ${i}, name: "row-${i}" };\n`).join(""));

describe("an Ollama whose model is not from its library, on another port", () => {
  it("is known for Ollama, with the context /api/ps gives its loaded model", async () => {
    const s = await start([{ id: HF, state: "loaded", loadedContextLength: 4096 }]);
    expect(s.port).not.toBe(11434);
    const d = await discoverServer({ baseUrl: s.baseUrl }, 2_000);
    expect(d).toEqual({ ok: true, value: { flavor: "ollama", models: [{ id: HF, loaded: true, contextLength: 4096 }] } });
  });

  it("a prompt longer than its loaded context is refused, not sent to be cut", async () => {
    const s = await start([{ id: HF, state: "loaded", loadedContextLength: 4096 }]);
    bigContext();
    const spec = proj.spec({ task_id: "answer", description: "Export answer = 42.", output_file: "src/answer.mjs", context_files: ["src/table.mjs"] });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: s.baseUrl, LOCAL_DELEGATE_CONTEXT_BUDGET: "20000" } });
    expect(r.json).toMatchObject({ status: "failed", error: expect.stringContaining("loaded context of 4096 tokens") });
    expect(r.json.hint).toMatch(/OLLAMA_CONTEXT_LENGTH/);
    expect(proj.exists("src/answer.mjs")).toBe(false);
    expect(s.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  });

  it("the same prompt goes out when the loaded context holds it", async () => {
    const s = await start([{ id: HF, state: "loaded", loadedContextLength: 32_768 }]);
    bigContext();
    const spec = proj.spec({ task_id: "answer", description: "Export answer = 42.", output_file: "src/answer.mjs", context_files: ["src/table.mjs"] });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: s.baseUrl, LOCAL_DELEGATE_CONTEXT_BUDGET: "20000" } });
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/answer.mjs")).toBe("export const answer = 42;\n");
  });
});
