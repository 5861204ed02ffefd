// `data: [DONE]` ends an OpenAI stream: the answer is whole there, whether or not the server
// (or a proxy in front of it) also closes the response. Reading on would wait out timeout_ms
// and throw the complete answer away as a timeout.
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { streamChat } from "../../src/model/chat.js";

const messages = [{ role: "user" as const, content: "Write it." }];
const events = [
  `data: {"choices":[{"delta":{"content":"const a = 1;\\n"},"finish_reason":null}]}\n\n`,
  `data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n`,
  `data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5}}\n\n`,
];
let raw: Server | undefined;
afterEach(async () => {
  raw?.closeAllConnections();
  await new Promise((r) => (raw ? raw.close(r) : r(undefined)));
  raw = undefined;
});

async function serve(write: (res: ServerResponse) => void): Promise<string> {
  raw = createServer((_q, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    write(res);
  });
  await new Promise<void>((r) => raw!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(raw.address() as { port: number }).port}/v1`;
}

const ask = (baseUrl: string) => streamChat({ baseUrl }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 5_000 });

describe("the end of a streamed answer", () => {
  it("[DONE] with the connection held open: the answer is taken at once", async () => {
    const url = await serve((res) => res.write(`${events.join("")}data: [DONE]\n\n`));
    const started = Date.now();
    const r = await ask(url);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r).toMatchObject({ ok: true, value: { text: "const a = 1;\n", finishReason: "stop", usage: { prompt_tokens: 12, completion_tokens: 5 } } });
  });

  it("near miss: no [DONE], the connection held open, is still a timeout, not an answer", async () => {
    const url = await serve((res) => res.write(events.join("")));
    const r = await streamChat({ baseUrl: url }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 800 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("MODEL_UNAVAILABLE");
  });

  it("near miss: no [DONE], the response ended: the answer is taken as it stands", async () => {
    const url = await serve((res) => res.end(events.join("")));
    expect(await ask(url)).toMatchObject({ ok: true, value: { text: "const a = 1;\n", finishReason: "stop" } });
  });
});
