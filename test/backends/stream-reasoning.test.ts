// A reasoning model (DeepSeek-R1, Qwen3; `reasoning_content`, Ollama's `reasoning`) streams its
// thinking before the file. That is progress, not silence: the progress shown and the deadline's
// message must count it, and the file must not hold it.
import { afterEach, describe, expect, it } from "vitest";
import { streamChat } from "../../src/model/chat.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type Flavor } from "../support/fake-openai-server.js";

const messages = [{ role: "user" as const, content: "Write it." }];
let fake: FakeOpenAIServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("a streamed answer that reasons first", () => {
  it("cut by the deadline while reasoning: says so, and the progress counted the reasoning", async () => {
    fake = await startFakeOpenAIServer({ flavor: "llamacpp" });
    fake.setScript([{ reasoning: "think ".repeat(200), content: "```js\nx\n```", chunkDelayMs: 40 }]);
    const seen: number[] = [];
    const r = await streamChat({ baseUrl: fake.baseUrl }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 1_000, onProgress: (p) => seen.push(p.tokens) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/still reasoning after \d+ tokens/);
    expect(Math.max(...seen)).toBeGreaterThan(0);
  });

  for (const flavor of ["llamacpp", "ollama", "vllm"] as Flavor[]) {
    it(`near miss (${flavor}): reasoning then the file in time, the text is the file alone`, async () => {
      fake = await startFakeOpenAIServer({ flavor });
      fake.setScript([{ reasoning: "Let me think.", content: "```js\nexport const x = 1;\n```\n" }]);
      const r = await streamChat({ baseUrl: fake.baseUrl }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 5_000 });
      expect(r).toMatchObject({ ok: true, value: { text: "```js\nexport const x = 1;\n```\n", finishReason: "stop" } });
    });
  }
});
