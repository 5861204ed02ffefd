// A server that answers with a redirect: a proxy sending http:// on to https://, or a server that
// moved. Node does not follow it, nor should the engine (the request and its API key would go to
// an address the config does not name). It was read as the answer: "the server's answer is not
// JSON", or "did not answer a model list", with no word of where the server now is.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { streamChat } from "../../src/model/chat.js";
import { discoverServer } from "../../src/model/discover.js";

let raw: Server | undefined;
afterEach(async () => {
  raw?.closeAllConnections();
  await new Promise((r) => (raw ? raw.close(r) : r(undefined)));
  raw = undefined;
});

/** Every request redirected to the same path at `to`'s origin (relative when `to` is ""). */
async function redirecting(status: number, to: (path: string) => string | null): Promise<string> {
  raw = createServer((req, res) => {
    const location = to(req.url ?? "/");
    res.writeHead(status, location === null ? {} : { location, "content-type": "text/html" });
    res.end(`<html><body>${status}</body></html>`);
  });
  await new Promise<void>((r) => raw!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(raw.address() as { port: number }).port}/v1`;
}

const ask = (baseUrl: string) => streamChat({ baseUrl, apiKey: "sk-local" }, { model: "m", messages: [{ role: "user", content: "Write it." }], maxTokens: 100, temperature: 0, timeoutMs: 5_000 });

describe("a redirect", () => {
  for (const status of [301, 302, 307, 308]) {
    it(`HTTP ${status} to https: the model list and the chat both say where, and the base_url to set`, async () => {
      const baseUrl = await redirecting(status, (path) => `https://gpu-box.example${path}`);
      for (const r of [await discoverServer({ baseUrl }, 5_000), await ask(baseUrl)]) {
        expect(r.ok).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe("MODEL_UNAVAILABLE");
        expect(r.error.message).toMatch(new RegExp(`redirects to https://gpu-box\\.example/v1/(models|chat/completions) \\(HTTP ${status}\\)`));
        expect(r.error.hint).toBe("set base_url to https://gpu-box.example/v1");
      }
    });
  }

  it("a relative location is read against the request; none at all is said so", async () => {
    const rel = await redirecting(308, (path) => `/api${path}`);
    expect(await discoverServer({ baseUrl: rel }, 5_000)).toMatchObject({ ok: false, error: { hint: `set base_url to ${rel.replace("/v1", "/api/v1")}` } });
    await new Promise((r) => raw!.close(r));
    const none = await redirecting(302, () => null);
    expect(await ask(none)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/answered a redirect with no address \(HTTP 302\)/) } });
  });

  it("near miss: a 200 answer is still read as one", async () => {
    raw = createServer((_q, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`);
    });
    await new Promise<void>((r) => raw!.listen(0, "127.0.0.1", r));
    expect(await ask(`http://127.0.0.1:${(raw.address() as { port: number }).port}/v1`)).toMatchObject({ ok: true, value: { text: "x" } });
  });
});
