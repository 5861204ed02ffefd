// A server that cuts a prompt longer than its context (Ollama keeps its last num_ctx tokens and
// says so only in its log) still answers, and the answer is a file written from part of the task.
// Where the engine does not know the context (or was told a larger one than the model was loaded
// with), the server's own count of the prompt is the only sign: far below the engine's, the
// prompt was cut, and the answer must not become the file.
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
const ANSWER = "```js\nexport const answer = 42;\n```\n";
beforeEach(async () => {
  proj = tempProject();
  // Not loaded yet: /api/ps does not list it, so its context is the configured one.
  server = await startFakeOpenAIServer({ flavor: "ollama", models: [{ id: "qwen2.5-coder:7b" }] });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** About 7 600 tokens of context file (cl100k's count), and a task that uses it; the config says 16k of context. */
const run = (env: Record<string, string> = {}) => {
  proj.write("src/table.mjs", Array.from({ length: 400 }, (_, i) => `export const row${i} = { id: ${i}, name: "row-${i}" };\n`).join(""));
  const spec = proj.spec({ task_id: "answer", description: "Export answer = 42.", output_file: "src/answer.mjs", context_files: ["src/table.mjs"] });
  return runCli(["run", spec], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONTEXT_LENGTH: "16384", LOCAL_DELEGATE_CONTEXT_BUDGET: "20000", ...env },
  });
};

describe("a prompt the server cut", () => {
  it("is found by the server's count of it, and its answer is not written", async () => {
    // Ollama loaded the model with its default 2048 tokens, not the 16k the config says.
    server.setScript([{ content: ANSWER, usage: { prompt_tokens: 2048, completion_tokens: 12 } }]);
    const r = await run();
    expect(r.json).toMatchObject({ status: "failed", error: expect.stringMatching(/2048 tokens of the prompt/) });
    expect(r.json.hint).toMatch(/OLLAMA_CONTEXT_LENGTH/);
    expect(proj.exists("src/answer.mjs")).toBe(false);
  });

  it("a retry's prompt cut ends the run on the last answer's failure, with the files as they were", async () => {
    server.setScript([
      { content: "```js\nexport const answer = ;\n```\n" },
      { content: ANSWER, usage: { prompt_tokens: 2048, completion_tokens: 12 } },
    ]);
    const r = await run({ LOCAL_DELEGATE_RETRIES: "1" });
    expect(r.json).toMatchObject({ status: "escalated", well_formed: true });
    expect(r.json.error).toMatch(/syntax/);
    expect(proj.exists("src/answer.mjs")).toBe(false);
  });

  it("near miss: a tokenizer that counts the whole prompt well under the engine's generous estimate is not taken for a cut", async () => {
    // A quarter under cl100k's count: large vocabularies count code about a tenth under it. (Not a
    // fixed characters-a-token rate: a table of short records is 2.7 characters a token in cl100k.)
    const counted = (req: RecordedRequest) => Math.round((req.body.messages as { content: string }[]).reduce((n, m) => n + countTokens(m.content), 0) * 0.75);
    server.setScript((req) => ({ content: ANSWER, usage: { prompt_tokens: counted(req), completion_tokens: 12 } }));
    const r = await run();
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/answer.mjs")).toBe("export const answer = 42;\n");
  });
});
