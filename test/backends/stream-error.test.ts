// An error the server sends inside the answer's stream (`data: {"error": …}`, `event: error`, or
// llama.cpp's own `error:` line) is read as the same body sent as an HTTP error would be: a
// context that filled up says so, with the setting to change, and any other error says what to do.
import { afterEach, describe, expect, it } from "vitest";
import { streamChat } from "../../src/model/chat.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type SseErrorStyle } from "../support/fake-openai-server.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = async (style: SseErrorStyle, error?: unknown) => {
  server = await startFakeOpenAIServer({ flavor: "llamacpp", script: [{ content: "```js\nexport const a = 1;\n```\n", chunkSize: 4, midStreamError: { afterChunks: 3, style, error } }] });
  return streamChat({ baseUrl: server.baseUrl }, { model: "m", messages: [{ role: "user", content: "Write it." }], maxTokens: 100, temperature: 0, timeoutMs: 5_000 });
};

describe("an error inside the answer's stream", () => {
  for (const style of ["data", "event", "llamacpp"] as const) {
    it(`a context that filled up is CONTEXT_OVERFLOW with the server's words and what to change (${style})`, async () => {
      const r = await ask(style);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe("CONTEXT_OVERFLOW");
      expect(r.error.message).toMatch(/the server reported an error mid-stream: .*Context size has been exceeded/);
      expect(r.error.hint).toMatch(/llama-server -c 16384/);
    });
  }

  it("near miss: another error stays MODEL_ERROR, with the server's words and what to do", async () => {
    const r = await ask("data", { error: { message: "CUDA error: out of memory", type: "server_error", param: null, code: null } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("MODEL_ERROR");
    expect(r.error.message).toMatch(/the server reported an error mid-stream: .*CUDA error: out of memory/);
    expect(r.error.hint).toMatch(/server's log/);
  });
});
