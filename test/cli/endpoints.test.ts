// `ask` and the warm-up a session start spawns went to the top-level base_url whatever `endpoints`
// said (within one layer endpoints win, and tasks go there): a user whose config lists endpoints
// had the question sent to another server (or the default, LM Studio's port) without the
// endpoint's key, and the model tasks use was never warmed. Both now go where a task goes: the
// first endpoint that answers, with that endpoint's key and model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

let gpu: FakeOpenAIServer;
let other: FakeOpenAIServer;
const proj = tempProject();
beforeAll(async () => {
  // Its model not loaded yet: a warm-up has something to do.
  gpu = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "not-loaded", maxContextLength: 32768 }], script: () => ({ content: "From the endpoint." }) });
  other = await startFakeOpenAIServer({ script: () => ({ content: "From base_url." }) });
});
afterAll(async () => {
  await gpu.close();
  await other.close();
  proj.cleanup();
});

const chats = (s: FakeOpenAIServer) => s.requests.filter((r) => r.method === "POST");
const ask = () => runCli(["ask", "--json", "hello?"], { cwd: proj.root, home: proj.home });
const warm = () => runCli(["warm"], { cwd: proj.root, home: proj.home });
const ENDPOINTS = () => `base_url: ${other.baseUrl}\nendpoints:\n  - {base_url: "http://127.0.0.1:9/v1"}\n  - {base_url: "${gpu.baseUrl}", api_key: sk-gpu, model: coder-7b}\n`;

describe("ask with endpoints", () => {
  it("goes to the first endpoint that answers, with its key, not to base_url", async () => {
    proj.write(".claude/local-delegate.yaml", ENDPOINTS());
    const r = await ask();
    expect(r.json).toMatchObject({ status: "success", answer: "From the endpoint." });
    expect(chats(other)).toHaveLength(0);
    expect(chats(gpu).at(-1)?.headers.authorization).toBe("Bearer sk-gpu");
  });

  it("the warm-up loads the model on that endpoint, with its key", async () => {
    proj.write(".claude/local-delegate.yaml", ENDPOINTS());
    const [g, o] = [chats(gpu).length, chats(other).length];
    expect((await warm()).code).toBe(0);
    expect(chats(other)).toHaveLength(o);
    expect(chats(gpu)).toHaveLength(g + 1);
    expect(chats(gpu).at(-1)).toMatchObject({ headers: { authorization: "Bearer sk-gpu" }, body: { model: "coder-7b", max_tokens: 1 } });
  });

  it("near miss: with base_url alone, it goes there as before", async () => {
    proj.write(".claude/local-delegate.yaml", `base_url: ${other.baseUrl}\n`);
    const r = await ask();
    expect(r.json).toMatchObject({ status: "success", answer: "From base_url." });
  });
});
