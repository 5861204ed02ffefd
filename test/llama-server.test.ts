// Self-test of the real-server fixture: a real llama.cpp llama-server, scripted tiny GGUF models.
// It also pins down the wire shapes the engine codes against (docs/dev/llama-server-notes.md); if
// a llama.cpp update changes one of them, this file says which.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaServer, startLlamaServer, type LlamaServer } from "./support/llama-server.js";
import { MAX_PIECE_CHARS, splitAnswer, writeScriptedGguf } from "./support/scripted-gguf.js";

const ANSWER = [
  "```typescript",
  "// src/hello.ts",
  "export function hello(name: string): string {",
  "  return `Hello, ${name}!`;",
  "}",
  "```",
].join("\n");
const PIECES = splitAnswer(ANSWER);
const JSON_ANSWER = '{"path": "src/hello.ts", "content": "export const hello = (n: string): string => `Hello, ${n}!`;\\n"}';
const USER = [{ role: "user", content: "Write src/hello.ts" }];

let dir: string;

beforeAll(async () => {
  await ensureLlamaServer({ timeoutMs: 300_000 });
  dir = mkdtempSync(join(tmpdir(), "ld-llama-"));
  writeScriptedGguf(join(dir, "hello.gguf"), { answer: ANSWER, jsonAnswer: JSON_ANSWER, name: "hello" });
  mkdirSync(join(dir, "models"));
  writeScriptedGguf(join(dir, "models", "alpha.gguf"), { answer: "alpha answers\n\n", name: "alpha" });
  writeScriptedGguf(join(dir, "models", "beta.gguf"), { answer: ["beta ", "answers"], name: "beta" });
}, 320_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: Array<{ index: number; finish_reason: string | null; delta: { role?: string; content?: string | null } }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_tokens_details?: { cached_tokens: number } };
  timings?: Record<string, number>;
}

async function post(base: string, path: string, body: unknown): Promise<Response> {
  return fetchRetry(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * fetch with a timeout, retried once when the server closed a reused keep-alive connection before
 * answering. The router (not the single-model server) does that now and then after it has proxied a
 * request (about 1 request in 100 to 400 here; see docs/dev/llama-server-notes.md).
 */
async function fetchRetry(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw e;
    return fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  }
}

/** POSTs a streaming chat completion; returns the parsed `data:` events and whether `[DONE]` ended them. */
async function stream(baseUrl: string, body: Record<string, unknown>): Promise<{ chunks: Chunk[]; done: boolean; contentType: string }> {
  const res = await post(baseUrl, "/chat/completions", { ...body, stream: true });
  expect(res.status).toBe(200);
  const text = await res.text();
  const datas = text
    .split("\n")
    .filter((l) => l.startsWith("data: "))
    .map((l) => l.slice(6));
  const done = datas.at(-1) === "[DONE]";
  const chunks = datas.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d) as Chunk);
  return { chunks, done, contentType: res.headers.get("content-type") ?? "" };
}

const contentOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

describe("single-model server", () => {
  let server: LlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ model: join(dir, "hello.gguf") });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists the model in /v1/models, id = the --model argument as given", async () => {
    const res = await fetch(`${server.baseUrl}/models`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as { object: string; data: Array<Record<string, unknown>>; models: unknown[] };
    expect(body.object).toBe("list");
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: join(dir, "hello.gguf"),
      aliases: [join(dir, "hello.gguf")],
      object: "model",
      owned_by: "llamacpp",
      meta: { n_ctx: 4096, n_ctx_train: 4096, vocab_type: 1 },
    });
    expect(body.data[0]).not.toHaveProperty("status"); // only router mode has a load status
    expect(Array.isArray(body.models)).toBe(true); // an Ollama-style list rides along
  });

  it("streams the scripted answer: role chunk with content null, pieces, finish chunk, usage chunk, [DONE]", async () => {
    const { chunks, done, contentType } = await stream(server.baseUrl, { messages: USER, stream_options: { include_usage: true } });
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(done).toBe(true);
    // The first delta carries the role and an explicit `content: null`.
    expect(chunks[0]?.choices[0]).toEqual({ index: 0, finish_reason: null, delta: { role: "assistant", content: null } });
    expect(contentOf(chunks)).toBe(ANSWER);
    // One content chunk per token.
    expect(chunks.filter((c) => c.choices[0]?.delta.content).map((c) => c.choices[0]?.delta.content)).toEqual(PIECES);
    // Then a finish chunk with an empty delta, then the usage chunk with no choices (and timings).
    const finish = chunks.at(-2);
    expect(finish?.choices[0]).toEqual({ index: 0, finish_reason: "stop", delta: {} });
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ completion_tokens: PIECES.length + 1 }); // + the end token
    expect(last!.usage!.total_tokens).toBe(last!.usage!.prompt_tokens + last!.usage!.completion_tokens);
    expect(last?.timings).toMatchObject({ predicted_n: PIECES.length + 1 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === join(dir, "hello.gguf"))).toBe(true);
  });

  it("without include_usage: no usage chunk, timings ride on the finish chunk", async () => {
    const { chunks } = await stream(server.baseUrl, { messages: USER });
    const last = chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe("stop");
    expect(last?.usage).toBeUndefined();
    expect(last?.timings).toBeDefined();
  });

  it("answers without streaming, with usage and timings", async () => {
    const res = await post(server.baseUrl, "/chat/completions", { messages: USER });
    const body = (await res.json()) as {
      object: string;
      choices: Array<{ finish_reason: string; message: { role: string; content: string } }>;
      usage: { completion_tokens: number };
      timings: Record<string, number>;
    };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]).toMatchObject({ finish_reason: "stop", message: { role: "assistant", content: ANSWER } });
    expect(body.usage.completion_tokens).toBe(PIECES.length + 1);
    expect(body.timings.predicted_n).toBe(PIECES.length + 1);
  });

  it("stops at max_tokens mid-answer with finish_reason length", async () => {
    const { chunks } = await stream(server.baseUrl, { messages: USER, max_tokens: 2, stream_options: { include_usage: true } });
    expect(contentOf(chunks)).toBe(PIECES.slice(0, 2).join(""));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("length");
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(2);
  });

  it("gives the JSON answer when response_format forbids the fenced one", async () => {
    const res = await post(server.baseUrl, "/chat/completions", {
      messages: USER,
      response_format: {
        type: "json_schema",
        json_schema: { name: "file", schema: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] } },
      },
    });
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe(JSON_ANSWER);
  });

  it("rejects a malformed request with 400 invalid_request_error", async () => {
    const res = await post(server.baseUrl, "/chat/completions", { messages: [{ role: "user" }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 400, message: "All non-assistant messages must contain 'content'", type: "invalid_request_error" },
    });
  });

  it("serves /health and /props", async () => {
    expect(await (await fetch(`${server.origin}/health`)).json()).toEqual({ status: "ok" });
    const props = (await (await fetch(`${server.origin}/props`)).json()) as Record<string, unknown>;
    expect(props).toMatchObject({ default_generation_settings: { n_ctx: 4096 }, model_alias: join(dir, "hello.gguf"), model_path: join(dir, "hello.gguf"), eos_token: "<|im_end|>" });
    expect(String(props.build_info)).toMatch(/^b\d+/);
  });
});

describe("small context", () => {
  let server: LlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ model: join(dir, "hello.gguf"), ctxSize: 256, alias: "scripted" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("names the model by its alias and ignores the model the request names", async () => {
    const models = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: Array<{ id: string; meta: { n_ctx: number } }> };
    expect(models.data[0]).toMatchObject({ id: "scripted", meta: { n_ctx: 256 } });
    const res = await post(server.baseUrl, "/chat/completions", { model: "gpt-4", messages: USER, max_tokens: 1 });
    expect(((await res.json()) as { model: string }).model).toBe("scripted");
  });

  const long = [{ role: "user", content: "word ".repeat(200) }];

  for (const streaming of [false, true]) {
    it(`answers an over-long prompt with 400 exceed_context_size_error (stream: ${streaming})`, async () => {
      const res = await post(server.baseUrl, "/chat/completions", { messages: long, stream: streaming });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/); // even when streaming was asked
      const body = (await res.json()) as { error: { code: number; type: string; message: string; n_prompt_tokens: number; n_ctx: number } };
      expect(body.error).toMatchObject({ code: 400, type: "exceed_context_size_error", n_ctx: 256 });
      expect(body.error.n_prompt_tokens).toBeGreaterThan(256);
      expect(body.error.message).toBe(
        `request (${body.error.n_prompt_tokens} tokens) exceeds the available context size (256 tokens), try increasing it`,
      );
    });
  }

  it("ends with finish_reason length when the context fills up during generation", async () => {
    // 19 template tokens + 233 byte tokens = 252: room for 4 of the 8 answer tokens.
    const res = await post(server.baseUrl, "/chat/completions", { messages: [{ role: "user", content: "w".repeat(233) }] });
    const body = (await res.json()) as { choices: Array<{ finish_reason: string; message: { content: string } }>; usage: { prompt_tokens: number } };
    expect(res.status).toBe(200);
    expect(body.usage.prompt_tokens).toBe(252);
    expect(body.choices[0]?.finish_reason).toBe("length");
    expect(ANSWER.startsWith(body.choices[0]!.message.content)).toBe(true);
  });
});

describe("router mode (--models-dir, --models-max 1)", () => {
  let server: LlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ modelsDir: join(dir, "models"), extraArgs: ["--models-max", "1"] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  type Listed = { id: string; status: { value: string; args: string[] }; context_length: number; meta?: { n_ctx: number } };
  const list = async (): Promise<Listed[]> =>
    ((await (await fetchRetry(`${server.baseUrl}/models`)).json()) as { data: Listed[] }).data;
  const statuses = async (): Promise<Record<string, string>> => Object.fromEntries((await list()).map((m) => [m.id, m.status.value]));

  it("lists every model in the directory, unloaded, without meta", async () => {
    const models = await list();
    expect(models.map((m) => m.id).sort()).toEqual(["alpha", "beta"]);
    for (const m of models) {
      expect(m.status.value).toBe("unloaded");
      expect(m.context_length).toBe(4096);
      expect(m.meta).toBeUndefined();
    }
  });

  it("needs a model name", async () => {
    const res = await post(server.baseUrl, "/chat/completions", { messages: USER });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, message: "model name is missing from the request", type: "invalid_request_error" } });
    const unknown = await post(server.baseUrl, "/chat/completions", { model: "gamma", messages: USER });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: { code: 400, message: "model 'gamma' not found", type: "invalid_request_error" } });
  });

  it("loads a model on demand, one at a time", async () => {
    const { chunks } = await stream(server.baseUrl, { model: "beta", messages: USER, stream_options: { include_usage: true } });
    expect(contentOf(chunks)).toBe("beta answers");
    expect(chunks[0]?.model).toBe("beta");
    expect(await statuses()).toEqual({ alpha: "unloaded", beta: "loaded" });
    expect((await list()).find((m) => m.id === "beta")?.meta?.n_ctx).toBe(4096);

    const res = await post(server.baseUrl, "/chat/completions", { model: "alpha", messages: USER });
    const body = (await res.json()) as { model: string; choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe("alpha answers\n\n"); // not trimmed
    expect(body.model).toBe("alpha");
    expect(await statuses()).toEqual({ alpha: "loaded", beta: "unloaded" });
  });

  it("stop() ends the router and its model processes", async () => {
    const alpha = (await list()).find((m) => m.id === "alpha")!;
    expect(alpha.status.value).toBe("loaded");
    const childPort = alpha.status.args[alpha.status.args.indexOf("--port") + 1];
    expect(await (await fetchRetry(`http://127.0.0.1:${childPort}/health`)).json()).toEqual({ status: "ok" });
    await server.stop();
    await expect(fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${childPort}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});

describe("scripted-gguf pieces", () => {
  it("splits per line and per MAX_PIECE_CHARS code points", () => {
    expect(splitAnswer("a\nbb\n")).toEqual(["a\n", "bb\n"]);
    const long = "é".repeat(MAX_PIECE_CHARS + 1);
    expect(splitAnswer(long)).toEqual(["é".repeat(MAX_PIECE_CHARS), "é"]);
  });

  it("merges pieces that repeat or that the prompt's tail would match", () => {
    // "\n" and "t\n" are tails of "assistant\n"; the second "}\n" repeats the first.
    expect(splitAnswer("{\n\n}\n}\nt\n")).toEqual(["{\n", "\n}\n", "}\nt\n"]);
    expect(splitAnswer("x\n\n")).toEqual(["x\n\n"]);
  });

  it("rejects explicit pieces that cannot be tokens", () => {
    const path = join(dir, "never.gguf");
    expect(() => writeScriptedGguf(path, { answer: ["a", "a"] })).toThrow(/repeats/);
    expect(() => writeScriptedGguf(path, { answer: ["a", "\n"] })).toThrow(/generation prompt/);
    expect(() => writeScriptedGguf(path, { answer: [] })).toThrow(/empty/);
  });
});
