// llama-server ends an answer with finish_reason "length" both at max_tokens and when the context
// fills up during generation (docs/dev/llama-server-notes.md); only usage tells them apart: cut at
// max_tokens, completion_tokens is max_tokens. A context that filled up is not helped by more
// max_output_tokens, nor by a retry (its prompt holds the first one): the run must say so.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest, type ScriptedReply } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "llamacpp", models: [{ id: "coder.gguf", loadedContextLength: 8192 }] });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const CUT = "```js\nexport const A = 1;\n";
const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));
const run = () =>
  runCli(["run", proj.spec({ task_id: "consts", description: "Write the constants module.", output_file: "src/consts.mjs" })], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "1024", LOCAL_DELEGATE_RETRIES: "2" },
  });

describe("an answer cut off by a context that filled up", () => {
  it("is said to be the context's doing, with the setting that gives more, and is not retried", async () => {
    // Every answer stops 300 tokens in: the context is full there, whatever max_tokens says.
    server.setScript(() => ({ content: CUT, finishReason: "length", usage: { completion_tokens: 300 } }));
    const r = await run();
    expect(r.json.status).not.toBe("success");
    expect(r.json.error).toMatch(/context .*filled up/);
    expect(`${r.json.error} ${r.json.hint}`).not.toMatch(/max_output_tokens/);
    expect(r.json.hint).toMatch(/llama-server -c 16384/);
    expect(chats()).toHaveLength(1);
    expect(proj.exists("src/consts.mjs")).toBe(false);
  });

  it("near miss: cut at max_tokens (completion_tokens = max_tokens), the retry is given more room", async () => {
    const atLimit = (req: RecordedRequest, i: number): ScriptedReply =>
      i === 0 ? { content: CUT, finishReason: "length", usage: { completion_tokens: Number(req.body.max_tokens) } } : { content: `${CUT}export const B = 2;\n\`\`\`\n` };
    server.setScript(atLimit);
    const r = await run();
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(chats().map((q) => q.body.max_tokens)).toEqual([1024, 2048]);
  });
});
