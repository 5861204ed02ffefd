// vLLM refuses (HTTP 400) any request whose prompt plus max_tokens passes max_model_len, which it
// lists in /v1/models. Known, the context lets the answer's limit shrink to the room the prompt
// leaves; unknown, max_output_tokens goes out whole and a prompt that fits is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverServer } from "../../src/model/discover.js";
import { errorReplies, startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest, type ScriptedReply } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const MAX_MODEL_LEN = 8192;
let server: FakeOpenAIServer;
let proj: TempProject;

/** vLLM's own check, with the fake's estimate of the prompt (4 characters a token). */
function asVllm(req: RecordedRequest): ScriptedReply {
  const messages = Math.ceil(JSON.stringify(req.body.messages).length / 4);
  const completion = Number(req.body.max_tokens);
  if (messages + completion > MAX_MODEL_LEN) return errorReplies.vllmContextExceeded(MAX_MODEL_LEN, messages, completion);
  return { content: "```js\nexport const answer = 42;\n```\n" };
}

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "vllm", models: [{ id: "Qwen/Qwen2.5-Coder-7B-Instruct", maxContextLength: MAX_MODEL_LEN }], script: asVllm });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("vLLM's max_model_len", () => {
  it("is read as the model's context", async () => {
    const d = await discoverServer({ baseUrl: server.baseUrl }, 2_000);
    expect(d).toMatchObject({ ok: true, value: { models: [{ id: "Qwen/Qwen2.5-Coder-7B-Instruct", contextLength: MAX_MODEL_LEN }] } });
  });

  it("a prompt that leaves less room than max_output_tokens still gets its answer", async () => {
    // About 4 700 tokens of context file (cl100k's count; a table of short records would be
    // twice its length in tokens): with 4 096 for the answer, over 8 192.
    proj.write("src/table.mjs", Array.from({ length: 180 }, (_, i) => `export function describeRow${i}(row) {\n  return \`the row named \${row.name} holds \${row.count} items\`;\n}\n`).join(""));
    const spec = proj.spec({ task_id: "answer", description: "Export answer = 42.", output_file: "src/answer.mjs", context_files: ["src/table.mjs"] });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONTEXT_BUDGET: "20000" } });
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    const sent = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[0]!.body;
    expect(sent.max_tokens).toBeLessThan(4_096);
  });
});
