import { afterEach, describe, expect, it } from "vitest";
import { errorReplies, gate, startFakeOpenAIServer, type FakeOpenAIServer, type FakeServerOptions } from "./support/fake-openai-server.js";
import { CRLF_LINE_ENDINGS, MESSY_ANSWERS, SLUGIFY_TS } from "./support/messy-answers.js";
import { waitFor } from "./support/wait.js";

const T = 5_000;
let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer(options);
  return server;
}

const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: "qwen2.5-coder-7b-instruct",
  // 43 + 26 characters: 18 prompt tokens by the fake's chars/4 rule.
  messages: [
    { role: "system", content: "You write one TypeScript file, nothing else" },
    { role: "user", content: "Write src/utils/slugify.ts" },
  ],
  ...extra,
});

function post(s: FakeOpenAIServer, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${s.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: signal ?? AbortSignal.timeout(3_000),
  });
}

/** The JSON payloads of `data:` lines, in order; `[DONE]` kept as a string. */
function dataEvents(raw: string): unknown[] {
  return raw
    .split(/\r?\n\r?\n/)
    .flatMap((event) => event.split(/\r?\n/).filter((l) => l.startsWith("data: ")))
    .map((l) => l.slice(6))
    .map((d) => (d === "[DONE]" ? d : JSON.parse(d)));
}

const deltas = (events: unknown[], field = "content") =>
  events
    .flatMap((e: any) => (typeof e === "object" ? e.choices : []))
    .map((c: any) => c.delta?.[field] ?? "")
    .join("");

describe("fake OpenAI-compatible server", () => {
  it("streams chunks, then a usage chunk, then [DONE]", async () => {
    const s = await start({ script: [{ content: "export const a = 1;\n" }] });
    const res = await post(s, chatBody({ stream: true, stream_options: { include_usage: true }, max_tokens: 512 }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = dataEvents(await res.text());
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1) as any[];
    expect(chunks.length).toBe(5 + 1 + 1); // 20 chars in 4-char deltas, finish, usage
    expect(deltas(chunks)).toBe("export const a = 1;\n");
    expect(chunks[0]).toMatchObject({ id: "chatcmpl-fake0", object: "chat.completion.chunk", model: "qwen2.5-coder-7b-instruct" });
    expect(chunks[0].choices[0]).toEqual({ index: 0, delta: { role: "assistant", content: "expo" }, logprobs: null, finish_reason: null });
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 18, completion_tokens: 5, total_tokens: 23 } });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(s.requests[0]!.body).toMatchObject({ max_tokens: 512, stream_options: { include_usage: true } });
  }, T);

  it("omits the usage chunk unless asked, and when the script says null", async () => {
    const s = await start({ script: [{ content: "x" }, { content: "y", usage: null }] });
    const plain = dataEvents(await (await post(s, chatBody({ stream: true }))).text());
    expect(plain.some((e: any) => e.usage)).toBe(false);
    const nulled = dataEvents(await (await post(s, chatBody({ stream: true, stream_options: { include_usage: true } }))).text());
    expect(nulled.some((e: any) => e.usage)).toBe(false);
  }, T);

  it("answers a plain chat.completion without stream", async () => {
    const s = await start({ script: [{ content: "hello", reasoning: "think", finishReason: "length", usage: { prompt_tokens: 900 } }] });
    const res = await post(s, chatBody());
    const json: any = await res.json();
    expect(json).toMatchObject({ object: "chat.completion", choices: [{ index: 0, finish_reason: "length", message: { role: "assistant", content: "hello", reasoning_content: "think" } }] });
    expect(json.usage).toEqual({ prompt_tokens: 900, completion_tokens: 3, total_tokens: 903 });
  }, T);

  it("streams reasoning before content", async () => {
    const s = await start({ script: [{ reasoning: "Let me see.", content: "ok" }] });
    const events = dataEvents(await (await post(s, chatBody({ stream: true }))).text());
    expect(deltas(events, "reasoning_content")).toBe("Let me see.");
    const firstContent = events.findIndex((e: any) => e.choices?.[0]?.delta?.content);
    const lastReasoning = events.findLastIndex((e: any) => e.choices?.[0]?.delta?.reasoning_content);
    expect(lastReasoning).toBeLessThan(firstContent);
  }, T);

  it("cuts multibyte characters across network chunks when splitBytes is set", async () => {
    const text = "Crème brûlée — 日本語 🎉";
    const s = await start({ script: [{ content: text, splitBytes: true, chunkDelayMs: 3 }] });
    const res = await post(s, chatBody({ stream: true }));
    const parts: Uint8Array[] = [];
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) parts.push(part);
    const strict = new TextDecoder("utf-8", { fatal: true });
    const brokenAlone = parts.filter((p) => {
      try {
        strict.decode(p);
        return false;
      } catch {
        return true;
      }
    });
    expect(brokenAlone.length).toBeGreaterThan(0);
    expect(deltas(dataEvents(Buffer.concat(parts).toString("utf8")))).toBe(text);
  }, T);

  it("sends the error bodies real servers send", async () => {
    const s = await start({
      script: [errorReplies.llamaCppContextExceeded(9412, 8192), errorReplies.lmStudioNoModelsLoaded(), errorReplies.ollamaModelNotFound("qwen3:8b")],
    });
    const a = await post(s, chatBody({ stream: true }));
    expect(a.status).toBe(400);
    expect(await a.json()).toEqual({
      error: { code: 400, message: "request (9412 tokens) exceeds the available context size (8192 tokens), try increasing it", type: "exceed_context_size_error", n_prompt_tokens: 9412, n_ctx: 8192 },
    });
    const b = await post(s, chatBody());
    expect(b.status).toBe(400);
    const bText = await b.text();
    expect(bText).toContain('{\n    "error": "No models loaded.');
    expect(JSON.parse(bText).error).toMatch(/lms load/);
    const c = await post(s, chatBody());
    expect(c.status).toBe(404);
    expect(((await c.json()) as any).error.message).toBe('model "qwen3:8b" not found, try pulling it first');
  }, T);

  it("hangs until the client gives up", async () => {
    const s = await start({ script: [{ hang: true }] });
    await expect(post(s, chatBody({ stream: true }), AbortSignal.timeout(150))).rejects.toMatchObject({ name: "TimeoutError" });
  }, T);

  it("holds an answer until the test opens its gate, and answers other requests meanwhile", async () => {
    const g = gate();
    const s = await start({ script: [{ content: "held back", hold: g.promise }] });
    let answered = false;
    const chat = post(s, chatBody()).then((r) => ((answered = true), r.json() as Promise<any>));
    await waitFor("the chat request", () => s.requests.length === 1, T);
    // A whole round trip after the chat request arrived: an answer not held would have come first.
    expect((await fetch(`${s.baseUrl}/models`)).status).toBe(200);
    expect(answered).toBe(false);
    g.open();
    expect((await chat).choices[0].message.content).toBe("held back");
  }, T);

  it("delays the first byte", async () => {
    const s = await start({ script: [{ content: "x", delayMs: 200 }] });
    const t0 = Date.now();
    await (await post(s, chatBody())).json();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  }, T);

  it("drops the connection mid-stream", async () => {
    const s = await start({ script: [{ content: "a".repeat(40), dropAfterChunks: 3, chunkDelayMs: 2 }] });
    const res = await post(s, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    let received = "";
    const read = (async () => {
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) received += Buffer.from(part).toString("utf8");
    })();
    await expect(read).rejects.toThrow();
    expect(dataEvents(received)).toHaveLength(3);
  }, T);

  it("drops a non-streamed body halfway", async () => {
    const s = await start({ script: [{ content: "hello world", dropAfterChunks: 0 }] });
    const res = await post(s, chatBody());
    await expect(res.text()).rejects.toThrow();
  }, T);

  it("sends malformed lines, CRLF, pings and raw bodies", async () => {
    const s = await start({ script: [{ content: "abcdefgh", malformed: true, crlf: true, pings: true }, { rawBody: "data: {\"choices\":[]}\n\nno done" }] });
    const raw = await (await post(s, chatBody({ stream: true }))).text();
    expect(raw.startsWith(": ping\r\n\r\n")).toBe(true);
    expect(raw).toContain("data: {not json\r\n\r\n");
    expect(raw).toContain("this line has no data field");
    expect(raw.replace(/\r\n/g, "")).not.toContain("\n");
    const second = await post(s, chatBody({ stream: true }));
    expect(await second.text()).toBe('data: {"choices":[]}\n\nno done');
  }, T);

  it("reports errors mid-stream in the three styles servers use", async () => {
    const s = await start({
      script: [
        { content: "abcdefgh", midStreamError: { afterChunks: 1 } },
        { content: "abcdefgh", midStreamError: { afterChunks: 1, style: "event" } },
        { content: "abcdefgh", midStreamError: { afterChunks: 1, style: "llamacpp" } },
      ],
    });
    const a = await (await post(s, chatBody({ stream: true }))).text();
    expect(dataEvents(a).at(-1)).toMatchObject({ error: { message: "Context size has been exceeded." } });
    expect(a).not.toContain("[DONE]");
    const b = await (await post(s, chatBody({ stream: true }))).text();
    expect(b).toContain("event: error\ndata: {\"error\"");
    const c = await (await post(s, chatBody({ stream: true }))).text();
    expect(c).toContain('error: {"code":500,"message":"Context size has been exceeded.","type":"server_error"}\n\ndata: [DONE]');
  }, T);

  it("streams a huge answer", async () => {
    const s = await start({ script: [{ hugeBytes: 1_000_000, chunkSize: 4096 }] });
    const events = dataEvents(await (await post(s, chatBody({ stream: true }))).text());
    expect(deltas(events).length).toBe(1_000_000);
  }, T);

  it("answers 503 while busy without consuming the script, and runs script functions", async () => {
    const s = await start({ flavor: "llamacpp", busy: 2, script: (req, i) => ({ content: `#${i} ${req.body.messages.length}` }) });
    expect((await post(s, chatBody())).status).toBe(503);
    expect((await fetch(`${s.origin}/health`)).status).toBe(503);
    const second: any = await (await post(s, chatBody())).json();
    expect(second.error).toEqual({ code: 503, message: "Loading model", type: "unavailable_error" });
    const ok: any = await (await post(s, chatBody())).json();
    expect(ok.choices[0].message.content).toBe("#0 2");
    expect(await (await fetch(`${s.origin}/health`)).json()).toEqual({ status: "ok" });
    expect(s.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(3);
  }, T);

  it("fails loudly when the script runs out", async () => {
    const s = await start({ script: [{ content: "only one" }] });
    await (await post(s, chatBody())).json();
    const res = await post(s, chatBody());
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("no scripted reply for chat request #1");
  }, T);

  it("dies on kill(): in-flight streams break, new connections are refused", async () => {
    const s = await start({ script: [{ content: "a".repeat(400), chunkSize: 1, chunkDelayMs: 5 }] });
    const res = await post(s, chatBody({ stream: true }));
    const reading = res.text();
    await s.kill();
    await expect(reading).rejects.toThrow();
    await expect(fetch(`${s.baseUrl}/models`, { signal: AbortSignal.timeout(1_000) })).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  }, T);

  it("carries a messy answer byte for byte, CRLF included", async () => {
    const s = await start({ script: [{ content: CRLF_LINE_ENDINGS.content, chunkSize: 3 }] });
    const events = dataEvents(await (await post(s, chatBody({ stream: true }))).text());
    expect(deltas(events)).toBe(CRLF_LINE_ENDINGS.content);
    expect(new Set(MESSY_ANSWERS.map((a) => a.name)).size).toBe(MESSY_ANSWERS.length);
    expect(MESSY_ANSWERS.filter((a) => a.expected === SLUGIFY_TS).length).toBeGreaterThan(8);
  }, T);
});

describe("flavors", () => {
  it("lmstudio: /v1/models, /api/v0/models with load state, 200 for unknown routes", async () => {
    const s = await start();
    expect(await (await fetch(`${s.baseUrl}/models`)).json()).toEqual({
      object: "list",
      data: [
        { id: "qwen2.5-coder-7b-instruct", object: "model", owned_by: "organization_owner" },
        { id: "text-embedding-nomic-embed-text-v1.5", object: "model", owned_by: "organization_owner" },
      ],
    });
    const v0: any = await (await fetch(`${s.origin}/api/v0/models`)).json();
    expect(v0.data[0]).toEqual({
      id: "qwen2.5-coder-7b-instruct", object: "model", type: "llm", publisher: "lmstudio-community", arch: "qwen2",
      compatibility_type: "gguf", quantization: "Q4_K_M", state: "loaded", max_context_length: 32768, loaded_context_length: 8192,
    });
    expect(v0.data[1]).toMatchObject({ type: "embeddings", state: "not-loaded" });
    expect(v0.data[1]).not.toHaveProperty("loaded_context_length");
    const props = await fetch(`${s.origin}/props`);
    expect(props.status).toBe(200);
    expect(await props.json()).toEqual({ error: "Unexpected endpoint or method. (GET /props)" });
  }, T);

  it("llamacpp: /props n_ctx, /health, no /api/v0, null first delta, timings", async () => {
    const s = await start({ flavor: "llamacpp", script: [{ content: "hi there" }] });
    expect((await fetch(`${s.origin}/api/v0/models`)).status).toBe(404);
    const props: any = await (await fetch(`${s.origin}/props`)).json();
    expect(props.default_generation_settings.n_ctx).toBe(8192);
    expect(props.model_path).toBe("models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
    expect(await (await fetch(`${s.origin}/health`)).json()).toEqual({ status: "ok" });
    const models: any = await (await fetch(`${s.baseUrl}/models`)).json();
    expect(models.data[0]).toMatchObject({ owned_by: "llamacpp", meta: { n_ctx_train: 32768 } });
    const events = dataEvents(await (await post(s, chatBody({ stream: true, stream_options: { include_usage: true } }))).text()) as any[];
    expect(events[0].choices[0]).toEqual({ finish_reason: null, index: 0, delta: { role: "assistant", content: null } });
    expect(deltas(events)).toBe("hi there");
    const finish = events.find((e) => e.choices?.[0]?.finish_reason === "stop");
    expect(finish.timings).toMatchObject({ prompt_n: 18, predicted_n: 2 });
  }, T);

  it("ollama: owned_by library, no /api/v0, reasoning in delta.reasoning", async () => {
    const s = await start({ flavor: "ollama", script: [{ reasoning: "hmm", content: "ok" }] });
    expect(await (await fetch(`${s.baseUrl}/models`)).json()).toEqual({
      object: "list",
      data: [{ id: "qwen2.5-coder:7b", object: "model", created: 1_750_000_000, owned_by: "library" }],
    });
    const v0 = await fetch(`${s.origin}/api/v0/models`);
    expect(v0.status).toBe(404);
    expect(await v0.text()).toBe("404 page not found");
    const events = dataEvents(await (await post(s, chatBody({ stream: true }))).text());
    expect(deltas(events, "reasoning")).toBe("hmm");
    expect((events[0] as any).system_fingerprint).toBe("fp_ollama");
  }, T);

  it("vllm: max_model_len on /v1/models", async () => {
    const s = await start({ flavor: "vllm" });
    const models: any = await (await fetch(`${s.baseUrl}/models`)).json();
    expect(models.data[0]).toMatchObject({ id: "Qwen/Qwen2.5-Coder-7B-Instruct", owned_by: "vllm", max_model_len: 32768 });
  }, T);
});
