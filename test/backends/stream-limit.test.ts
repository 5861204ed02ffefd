// An answer that used all of its max_tokens was cut there, whatever finish_reason the server gives.
// LiteLLM in front of Ollama said "stop" for such answers (BerriAI/litellm#25825): a module cut at
// a line boundary, with its closing fence never sent, parses and may pass its tests, and was
// written as a success.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { streamChat } from "../../src/model/chat.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "check.mjs": 'import { slugify } from "./src/slugify.mjs";\nif (slugify("A b") !== "a-b") process.exit(1);\n' });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

// Whole up to its last line, then cut: no closing fence, and more was to come.
const CUT = '```js\nexport function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-");\n}\n\nexport const SEPARATOR = "-";\n';
const WHOLE = `${CUT}\`\`\`\n`;

async function run() {
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "600", LOCAL_DELEGATE_TIMEOUT_MS: "20000" } });
}

// The first run in a process loads the engine: room for it on a loaded machine.
describe("an answer that spent its whole max_tokens", { timeout: 90_000 }, () => {
  it('said "stop" by the server: refused as cut off, nothing written', async () => {
    server.setScript((req) => ({ content: CUT, finishReason: "stop", usage: { prompt_tokens: 300, completion_tokens: req.body.max_tokens } }));
    const r = await run();
    expect(r.json.status).not.toBe("success");
    expect(r.json.error).toMatch(/cut off at the output token limit/);
    expect(proj.exists("src/slugify.mjs")).toBe(false);
  });

  it("near miss: the same answer well under its max_tokens is a success", async () => {
    server.setScript(() => ({ content: WHOLE, finishReason: "stop", usage: { prompt_tokens: 300, completion_tokens: 40 } }));
    const r = await run();
    expect(r.json).toMatchObject({ status: "success", tests: "passed" });
  });

  const ask = (maxTokens: number) => streamChat({ baseUrl: server.baseUrl }, { model: "m", messages: [{ role: "user", content: "Write it." }], maxTokens, temperature: 0, timeoutMs: 10_000 });

  for (const stream of [true, false]) {
    const how = stream ? "streamed" : "whole JSON";
    it(`${how}: a count at the limit reads as "length"; under it, or far past it (a server that ignores max_tokens), as the server said`, async () => {
      const reply = (completion: number) => (stream ? { content: WHOLE, finishReason: "stop", usage: { prompt_tokens: 9, completion_tokens: completion } } : { rawBody: JSON.stringify({ model: "m", choices: [{ index: 0, message: { role: "assistant", content: WHOLE }, finish_reason: "stop" }], usage: { prompt_tokens: 9, completion_tokens: completion } }), contentType: "application/json" });
      server.setScript([reply(200), reply(150), reply(5000)]);
      expect(await ask(200)).toMatchObject({ ok: true, value: { finishReason: "length" } });
      expect(await ask(200)).toMatchObject({ ok: true, value: { finishReason: "stop" } });
      expect(await ask(200)).toMatchObject({ ok: true, value: { finishReason: "stop" } });
    });
  }
});
