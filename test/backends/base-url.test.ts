// A base_url without its /v1 (or with the whole chat path pasted in) has no model list where the
// engine looks. Ollama and vLLM answer that 404 and were reported as "no usable model: 404 page
// not found", with a hint to pull or load a model the server had all along.
import { afterEach, describe, expect, it } from "vitest";
import { discoverServer } from "../../src/model/discover.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type Flavor } from "../support/fake-openai-server.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a base_url that is not the OpenAI-compatible URL", () => {
  for (const flavor of ["ollama", "vllm", "lmstudio"] as Flavor[]) {
    it(`${flavor}: the server's origin alone is said to lack /v1, and the URL to set is given`, async () => {
      server = await startFakeOpenAIServer({ flavor });
      for (const baseUrl of [server.origin, `${server.origin}/`]) {
        const r = await discoverServer({ baseUrl }, 5_000);
        expect(r.ok).toBe(false);
        if (r.ok) continue;
        expect(r.error.message).toMatch(/does not end in \/v1/);
        expect(r.error.message).not.toMatch(/no usable model/);
        expect(r.error.hint).toBe(`set base_url to ${server.origin}/v1 (LOCAL_DELEGATE_BASE_URL, or base_url in .claude/local-delegate.yaml)`);
      }
    });
  }

  it("the whole chat path pasted in: the /v1 before it is the URL to set", async () => {
    server = await startFakeOpenAIServer({ flavor: "ollama" });
    const r = await discoverServer({ baseUrl: `${server.origin}/v1/chat/completions` }, 5_000);
    expect(r).toMatchObject({ ok: false, error: { hint: expect.stringContaining(`set base_url to ${server.origin}/v1 `) } });
  });

  it("a URL ending in /v1 with no list there is not sent to add another /v1", async () => {
    server = await startFakeOpenAIServer({ flavor: "ollama", hostileRoutes: { "/v1/models": { status: 404, hugeBytes: 40 } } });
    const r = await discoverServer({ baseUrl: server.baseUrl }, 5_000);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/answered HTTP 404.*is this an OpenAI-compatible server\?/) } });
    if (!r.ok) expect(r.error.hint).not.toMatch(/\/v1\/v1/);
  });

  it("near miss: the same servers with /v1 are found", async () => {
    for (const flavor of ["ollama", "vllm", "lmstudio"] as Flavor[]) {
      server = await startFakeOpenAIServer({ flavor });
      expect((await discoverServer({ baseUrl: server.baseUrl }, 5_000)).ok).toBe(true);
      await server.close();
      server = undefined;
    }
  });
});
