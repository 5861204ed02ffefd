// A real HTTP server that speaks the OpenAI-compatible chat API the way local servers actually do,
// warts included, so client code is tested against the wire rather than against a mocked fetch.
// Shapes follow LM Studio's REST v0 docs, llama.cpp's tools/server/README.md, and error bodies
// users have pasted from real servers; errorReplies below names the source of each.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Flavor = "lmstudio" | "llamacpp" | "ollama" | "vllm";

export interface FakeModel {
  id: string;
  state?: "loaded" | "not-loaded";
  type?: "llm" | "vlm" | "embeddings";
  maxContextLength?: number;
  /** LM Studio reports this only for a loaded model; llama.cpp's /props n_ctx comes from it. */
  loadedContextLength?: number;
  publisher?: string;
  arch?: string;
  quantization?: string;
  compatibilityType?: "gguf" | "mlx";
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** `data`: `data: {"error":…}` (OpenAI convention); `event`: `event: error` + data line; `llamacpp`: an `error: {…}` line, then [DONE]. */
export type SseErrorStyle = "data" | "event" | "llamacpp";

export interface ScriptedReply {
  content?: string;
  /** Streamed before the content as delta.reasoning_content (or the flavor's reasoning field). */
  reasoning?: string;
  /** Any string a server may send: vLLM also ends with "abort", "error" or "repetition". */
  finishReason?: "stop" | "length" | (string & {});
  /** Overrides the computed figures; null omits usage entirely. */
  usage?: Partial<Usage> | null;
  /** llamacpp flavor: the prompt tokens its `timings` say came from the cache (`cache_n`; `prompt_n` is the rest). Default 0. */
  cached?: number;
  /** With errorBody: an HTTP error. A string body is sent as is, anything else as JSON. */
  status?: number;
  errorBody?: unknown;
  delayMs?: number;
  /** Answers only once this settles: a test holds a run at a known point (see `gate`) and lets it go. */
  hold?: Promise<unknown>;
  chunkDelayMs?: number;
  /** Called after each data event has been written (1, 2, …): a test acts at an exact point of the stream. */
  onChunk?: (written: number) => void;
  /** Code points per streamed delta. */
  chunkSize?: number;
  /** Write each SSE event in pieces cut inside multibyte characters and mid-line. */
  splitBytes?: boolean;
  /** Accept the request and never answer (close()/kill() still free the socket). */
  hang?: boolean;
  /** Destroy the socket after this many data events (non-streaming: after half the body). */
  dropAfterChunks?: number;
  malformed?: boolean;
  /** Sent verbatim with `status` (default 200). */
  rawBody?: string | Uint8Array;
  contentType?: string;
  /** Stream this many bytes of junk content instead of `content`. */
  hugeBytes?: number;
  midStreamError?: { afterChunks?: number; style?: SseErrorStyle; error?: unknown };
  crlf?: boolean;
  /** SSE comment lines (`: ping`) before the first event and every third one. */
  pings?: boolean;
  /** A model that never stops: one `content` delta (default "x") every `everyMs`, until the client goes. */
  drip?: { everyMs: number; content?: string };
  /** Send the stream's headers, then nothing, ever. */
  headersOnly?: boolean;
  /** A stream that never ends, as fast as the client reads: deltas of this many bytes each, no finish. */
  endlessDeltaBytes?: number;
  /** With `status`: an error answer whose body is this many bytes (Infinity: endless), made as it is sent. */
  hugeErrorBytes?: number;
}

/** A GET route that misbehaves (`hostileRoutes`): never answers, sends headers only, or a body with no end in sight. */
export type HostileRoute = "hang" | "headers-only" | { status: number; hugeBytes: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON; undefined when the body was empty or not JSON. Typed loosely so tests can assert freely. */
  body: any;
  rawBody: string;
}

export type Script = readonly ScriptedReply[] | ((req: RecordedRequest, index: number) => ScriptedReply | undefined);

export interface FakeServerOptions {
  flavor?: Flavor;
  models?: FakeModel[];
  script?: Script;
  /** Answer this many chat requests 503 first (without consuming the script). */
  busy?: number;
  /** llama-server while its model loads: the first this many requests, to any endpoint, get 503 "Loading model" (Infinity: for ever). */
  loading?: number;
  busyBody?: unknown;
  reasoningField?: "reasoning_content" | "reasoning";
  /** LM Studio answers unknown routes 200 with an error body; override to test a stricter build. */
  unknownRouteStatus?: number;
  /** `created` in every completion; fixed so outputs are deterministic. */
  created?: number;
  /** Paths (e.g. `/v1/models`) answered by a hostile behaviour instead of their normal route. */
  hostileRoutes?: Record<string, HostileRoute>;
}

export interface FakeOpenAIServer {
  /** `http://127.0.0.1:PORT/v1` */
  baseUrl: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  flavor: Flavor;
  requests: RecordedRequest[];
  /** Replaces the script and restarts its index at 0. */
  setScript(script: Script): void;
  setBusy(count: number): void;
  /** Chat requests received and not yet answered to the end (or cut off): concurrency as the server sees it. */
  chatsInFlight(): number;
  /** The server dies: stop listening and cut every open connection, mid-answer or not. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_MODELS: Record<Flavor, FakeModel[]> = {
  lmstudio: [
    { id: "qwen2.5-coder-7b-instruct", state: "loaded", maxContextLength: 32768, loadedContextLength: 8192, publisher: "lmstudio-community", arch: "qwen2", quantization: "Q4_K_M" },
    // LM Studio ships this one; a client picking "the first model" must skip embeddings.
    { id: "text-embedding-nomic-embed-text-v1.5", type: "embeddings", state: "not-loaded", maxContextLength: 2048, publisher: "nomic-ai", arch: "nomic-bert", quantization: "Q4_K_M" },
  ],
  llamacpp: [{ id: "models/qwen2.5-coder-7b-instruct-q4_k_m.gguf", maxContextLength: 32768, loadedContextLength: 8192 }],
  ollama: [{ id: "qwen2.5-coder:7b" }],
  vllm: [{ id: "Qwen/Qwen2.5-Coder-7B-Instruct", maxContextLength: 32768 }],
};

const FINGERPRINT: Record<Flavor, string | undefined> = { lmstudio: "qwen2.5-coder-7b-instruct", llamacpp: "b6510-703f9e32", ollama: "fp_ollama", vllm: undefined };

const BUSY_BODY: Record<Flavor, unknown> = {
  // llama.cpp README, GET /health while the model loads.
  llamacpp: { error: { code: 503, message: "Loading model", type: "unavailable_error" } },
  lmstudio: { error: { message: "Server busy", type: "server_error", param: null, code: null } },
  ollama: { error: { message: "server busy, please try again.  maximum pending requests exceeded", type: "api_error", param: null, code: null } },
  vllm: { error: { message: "Service Unavailable", type: "ServiceUnavailableError", param: null, code: 503 } },
};

const CHAT_PATHS = ["/v1/chat/completions", "/chat/completions", "/api/v0/chat/completions"];

export interface Gate {
  /** Settles when `open` is called. */
  promise: Promise<void>;
  open(): void;
}

/** A gate for `hold`: the answer waits until the test opens it. */
export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

export async function startFakeOpenAIServer(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const flavor = options.flavor ?? "lmstudio";
  const models = options.models ?? DEFAULT_MODELS[flavor];
  const created = options.created ?? 1_750_000_000;
  const reasoningField = options.reasoningField ?? (flavor === "ollama" ? "reasoning" : "reasoning_content");
  const requests: RecordedRequest[] = [];
  let script: Script = options.script ?? [];
  let consumed = 0;
  let busy = options.busy ?? 0;
  let loading = options.loading ?? 0;
  let chatsInFlight = 0;
  let stopped: Promise<void> | undefined;

  const server = http.createServer((req, res) => {
    // A throwing script function is a test bug: say so in a 500 rather than as a network error.
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, 500, { error: { message: `fake server: ${e instanceof Error ? e.message : String(e)}`, type: "fake_server_error" } });
    });
  });
  server.on("connection", (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const rec: RecordedRequest = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/", headers: req.headers, body, rawBody };
    requests.push(rec);
    if (loading > 0) {
      loading--;
      return send(res, 503, BUSY_BODY.llamacpp);
    }
    const hostile = options.hostileRoutes?.[rec.path];
    if (hostile) return hostileRoute(hostile, res);
    if (rec.method === "POST" && CHAT_PATHS.includes(rec.path)) return chat(rec, res);
    const route = rec.method === "GET" ? getRoute(rec.path) : undefined;
    if (route) return send(res, route.status, route.body);
    return unknownRoute(rec, res);
  }

  function getRoute(path: string): { status: number; body: unknown } | undefined {
    const loaded = models.find((m) => m.state !== "not-loaded") ?? models[0];
    if (path === "/v1/models" || (flavor === "llamacpp" && path === "/models")) return { status: 200, body: openAIModelList() };
    if (flavor === "lmstudio" && path === "/api/v0/models") return { status: 200, body: { object: "list", data: models.map(lmStudioModel) } };
    if (flavor === "lmstudio" && path.startsWith("/api/v0/models/")) {
      const id = decodeURIComponent(path.slice("/api/v0/models/".length));
      const m = models.find((x) => x.id === id);
      return m ? { status: 200, body: lmStudioModel(m) } : { status: 404, body: { error: `Model not found: ${id}` } };
    }
    if (flavor === "llamacpp" && (path === "/health" || path === "/v1/health"))
      return busy > 0 ? { status: 503, body: BUSY_BODY.llamacpp } : { status: 200, body: { status: "ok" } };
    if (flavor === "llamacpp" && path === "/props") {
      return {
        status: 200,
        body: {
          default_generation_settings: { id: 0, id_task: -1, n_ctx: loaded?.loadedContextLength ?? loaded?.maxContextLength ?? 4096, speculative: false, is_processing: false, params: { n_predict: -1, temperature: 0.8, top_k: 40, top_p: 0.95, max_tokens: -1, stream: true } },
          total_slots: 1,
          model_path: loaded?.id ?? "",
          chat_template: "...",
          modalities: { vision: false },
          build_info: "b6510-703f9e32",
        },
      };
    }
    if (flavor === "ollama" && path === "/") return { status: 200, body: "Ollama is running" };
    if (flavor === "ollama" && path === "/api/version") return { status: 200, body: { version: "0.12.6" } };
    if (flavor === "ollama" && path === "/api/ps") return { status: 200, body: { models: models.filter((m) => m.state === "loaded").map(ollamaRunning) } };
    if (flavor === "vllm" && path === "/health") return { status: 200, body: "" };
    return undefined;
  }

  /** /api/ps as Ollama 0.12 sends it; `context_length` is the context the model was loaded with. */
  function ollamaRunning(m: FakeModel): unknown {
    const details = { parent_model: "", format: "gguf", family: "qwen2", families: ["qwen2"], parameter_size: "7.6B", quantization_level: "Q4_K_M" };
    const ctx = m.loadedContextLength === undefined ? {} : { context_length: m.loadedContextLength };
    return { name: m.id, model: m.id, size: 6654289920, digest: "dae161e27b0e", details, expires_at: "2026-12-07T18:00:00Z", size_vram: 6654289920, ...ctx };
  }

  function openAIModelList(): unknown {
    const data = models.map((m) => {
      if (flavor === "llamacpp")
        return { id: m.id, object: "model", created, owned_by: "llamacpp", meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: m.maxContextLength ?? 32768, n_embd: 3584, n_params: 7615616512, size: 4677120000 } };
      if (flavor === "ollama") return { id: m.id, object: "model", created, owned_by: ollamaNamespace(m.id) };
      if (flavor === "vllm") return { id: m.id, object: "model", created, owned_by: "vllm", root: m.id, parent: null, max_model_len: m.maxContextLength ?? 32768, permission: [] };
      return { id: m.id, object: "model", owned_by: "organization_owner" };
    });
    return { object: "list", data };
  }

  /** Ollama's `owned_by` is the name's namespace (model.ParseName): "library" for its own models, else the user's ("hf.co/bartowski/X:Q4" is bartowski's). */
  function ollamaNamespace(id: string): string {
    const parts = id.split(":")[0]!.split("/");
    return parts.length >= 2 ? parts[parts.length - 2]! : "library";
  }

  function lmStudioModel(m: FakeModel): unknown {
    const state = m.state ?? "loaded";
    return {
      id: m.id,
      object: "model",
      type: m.type ?? "llm",
      publisher: m.publisher ?? "lmstudio-community",
      arch: m.arch ?? "llama",
      compatibility_type: m.compatibilityType ?? "gguf",
      quantization: m.quantization ?? "Q4_K_M",
      state,
      max_context_length: m.maxContextLength ?? 32768,
      ...(state === "loaded" ? { loaded_context_length: m.loadedContextLength ?? 4096 } : {}),
    };
  }

  function unknownRoute(rec: RecordedRequest, res: http.ServerResponse): void {
    if (flavor === "lmstudio") return send(res, options.unknownRouteStatus ?? 200, { error: `Unexpected endpoint or method. (${rec.method} ${rec.path})` });
    if (flavor === "llamacpp") return send(res, options.unknownRouteStatus ?? 404, { error: { code: 404, message: "File Not Found", type: "not_found_error" } });
    if (flavor === "ollama") return send(res, options.unknownRouteStatus ?? 404, "404 page not found");
    return send(res, options.unknownRouteStatus ?? 404, { detail: "Not Found" });
  }

  async function chat(rec: RecordedRequest, res: http.ServerResponse): Promise<void> {
    chatsInFlight++;
    res.once("close", () => chatsInFlight--);
    if (busy > 0) {
      busy--;
      return send(res, 503, options.busyBody ?? BUSY_BODY[flavor]);
    }
    if (typeof rec.body !== "object" || rec.body === null) return send(res, 400, { error: { message: "Request body is not valid JSON", type: "invalid_request_error", param: null, code: null } });
    const index = consumed++;
    const reply = typeof script === "function" ? script(rec, index) : script[index];
    if (!reply) return send(res, 500, { error: { message: `fake server: no scripted reply for chat request #${index}`, type: "fake_server_error" } });
    if (reply.hang) return;
    let closed = false;
    res.once("close", () => (closed = true));
    if (reply.hold) await reply.hold;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (closed) return;
    const stream = rec.body.stream === true;
    if (reply.rawBody !== undefined) {
      res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? (stream ? "text/event-stream" : "application/json") });
      res.end(reply.rawBody);
      return;
    }
    if (reply.hugeErrorBytes !== undefined) return pour(res, reply.status ?? 500, reply.hugeErrorBytes);
    if (reply.status !== undefined && reply.status >= 400) return send(res, reply.status, reply.errorBody ?? { error: { message: `HTTP ${reply.status}` } });
    const ctx = completionContext(rec, reply, index);
    if (!stream) return sendCompletion(res, reply, ctx);
    res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    if (reply.headersOnly) return;
    if (reply.drip || reply.endlessDeltaBytes !== undefined) return endless(res, reply, ctx, () => closed);
    let written = 0;
    for (const frame of sseFrames(reply, ctx)) {
      if (closed) return;
      if (frame.data && reply.dropAfterChunks !== undefined && written >= reply.dropAfterChunks) {
        res.socket?.destroy();
        return;
      }
      if (written > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      for (const piece of reply.splitBytes ? splitInsideCharacters(frame.text) : [frame.text]) {
        await write(res, piece);
        if (reply.splitBytes) await sleep(reply.chunkDelayMs ?? 1);
      }
      if (frame.data) {
        written++;
        reply.onChunk?.(written);
      }
    }
    res.end();
  }

  interface Ctx {
    id: string;
    model: string;
    content: string;
    reasoning: string;
    finish: string;
    usage: Usage | null;
    cached: number;
    includeUsage: boolean;
  }

  function completionContext(rec: RecordedRequest, reply: ScriptedReply, index: number): Ctx {
    const content = reply.hugeBytes !== undefined ? junk(reply.hugeBytes) : (reply.content ?? "");
    const reasoning = reply.reasoning ?? "";
    let chars = 0;
    for (const m of Array.isArray(rec.body.messages) ? rec.body.messages : [])
      chars += typeof m?.content === "string" ? m.content.length : JSON.stringify(m?.content ?? "").length;
    const prompt = reply.usage?.prompt_tokens ?? Math.ceil(chars / 4);
    // Cut at max_tokens, a real server counts max_tokens (llama-server, vLLM, Ollama alike).
    const cutAt = reply.finishReason === "length" && typeof rec.body.max_tokens === "number" ? rec.body.max_tokens : undefined;
    const completion = reply.usage?.completion_tokens ?? cutAt ?? Math.ceil((content.length + reasoning.length) / 4);
    const usage = reply.usage === null ? null : { prompt_tokens: prompt, completion_tokens: completion, total_tokens: reply.usage?.total_tokens ?? prompt + completion };
    const requested = typeof rec.body.model === "string" && rec.body.model ? rec.body.model : undefined;
    return {
      id: flavor === "ollama" ? `chatcmpl-${100 + index}` : `chatcmpl-fake${index}`,
      model: requested ?? models.find((m) => m.state !== "not-loaded")?.id ?? "model",
      content,
      reasoning,
      finish: reply.finishReason ?? "stop",
      usage,
      cached: reply.cached ?? 0,
      includeUsage: rec.body.stream_options?.include_usage === true,
    };
  }

  function timings(usage: Usage | null, cached: number): unknown {
    const p = (usage?.prompt_tokens ?? 0) - cached;
    const n = usage?.completion_tokens ?? 0;
    return { cache_n: cached, prompt_n: p, prompt_ms: p * 0.5, prompt_per_token_ms: 0.5, prompt_per_second: 2000, predicted_n: n, predicted_ms: n * 20, predicted_per_token_ms: 20, predicted_per_second: 50 };
  }

  function envelope(ctx: Ctx, object: string, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    const fp = FINGERPRINT[flavor];
    return { id: ctx.id, object, created, model: ctx.model, ...(fp ? { system_fingerprint: fp } : {}), choices, ...extra };
  }

  function chunk(ctx: Ctx, delta: Record<string, unknown>, finish: string | null, extra?: Record<string, unknown>): unknown {
    // llama.cpp's chunks carry no logprobs key; the others send null.
    const choice = flavor === "llamacpp" ? { finish_reason: finish, index: 0, delta } : { index: 0, delta, logprobs: null, finish_reason: finish };
    return envelope(ctx, "chat.completion.chunk", [choice], extra);
  }

  function* sseFrames(reply: ScriptedReply, ctx: Ctx): Generator<{ text: string; data: boolean }> {
    const eol = reply.crlf ? "\r\n" : "\n";
    const data = (v: unknown) => ({ text: `data: ${JSON.stringify(v)}${eol}${eol}`, data: true });
    const extra = (text: string) => ({ text, data: false });
    // LM Studio and Ollama repeat the role in every delta; llama.cpp and vLLM open with a role-only delta.
    const role = flavor === "lmstudio" || flavor === "ollama" ? { role: "assistant" } : {};
    if (reply.pings) yield extra(`: ping${eol}${eol}`);
    if (flavor === "llamacpp") yield data(chunk(ctx, { role: "assistant", content: null }, null));
    if (flavor === "vllm") yield data(chunk(ctx, { role: "assistant", content: "" }, null));
    const size = reply.chunkSize ?? 4;
    const pieces = [...codePointPieces(ctx.reasoning, size, reasoningField), ...codePointPieces(ctx.content, size, "content")];
    const mid = reply.midStreamError;
    let n = 0;
    for (const [field, text] of pieces) {
      yield data(chunk(ctx, { ...role, [field]: text }, null));
      n++;
      if (reply.malformed && n === 1) {
        yield extra(`data: {not json${eol}${eol}`);
        yield extra(`this line has no data field${eol}${eol}`);
      }
      if (reply.pings && n % 3 === 0) yield extra(`: ping${eol}${eol}`);
      if (mid && n >= (mid.afterChunks ?? 1)) break;
    }
    if (mid) {
      const style = mid.style ?? "data";
      const err = mid.error ?? (style === "llamacpp" ? { code: 500, message: "Context size has been exceeded.", type: "server_error" } : { error: { message: "Context size has been exceeded.", type: "server_error", param: null, code: null } });
      if (style === "llamacpp") yield extra(`error: ${JSON.stringify(err)}${eol}${eol}data: [DONE]${eol}${eol}`);
      else yield extra(`${style === "event" ? `event: error${eol}` : ""}data: ${JSON.stringify(err)}${eol}${eol}`);
      return;
    }
    const tail = flavor === "llamacpp" ? { timings: timings(ctx.usage, ctx.cached) } : undefined;
    yield data(chunk(ctx, {}, ctx.finish, tail));
    if (ctx.includeUsage && ctx.usage) yield data(envelope(ctx, "chat.completion.chunk", [], { usage: ctx.usage, ...tail }));
    yield extra(`data: [DONE]${eol}${eol}`);
  }

  /** `drip` and `endlessDeltaBytes`: deltas for ever, never a finish, until the client goes. */
  async function endless(res: http.ServerResponse, reply: ScriptedReply, ctx: Ctx, closed: () => boolean): Promise<void> {
    const piece = reply.drip ? (reply.drip.content ?? "x") : junk(reply.endlessDeltaBytes ?? 0);
    const frame = Buffer.from(`data: ${JSON.stringify(chunk(ctx, { content: piece }, null))}\n\n`, "utf8");
    while (!closed()) {
      await write(res, frame);
      if (reply.drip) await sleep(reply.drip.everyMs);
    }
  }

  function hostileRoute(route: HostileRoute, res: http.ServerResponse): Promise<void> | void {
    if (route === "hang") return;
    if (route === "headers-only") {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      return;
    }
    return pour(res, route.status, route.hugeBytes);
  }

  function sendCompletion(res: http.ServerResponse, reply: ScriptedReply, ctx: Ctx): void {
    const message: Record<string, unknown> = { role: "assistant", content: ctx.content };
    if (ctx.reasoning) message[reasoningField] = ctx.reasoning;
    const choice = { index: 0, message, logprobs: null, finish_reason: ctx.finish };
    const extra = { ...(ctx.usage ? { usage: ctx.usage } : {}), ...(flavor === "llamacpp" ? { timings: timings(ctx.usage, ctx.cached) } : {}) };
    let text = JSON.stringify(envelope(ctx, "chat.completion", [choice], extra));
    if (reply.malformed) text = text.slice(0, Math.floor(text.length / 2));
    const bytes = Buffer.from(text, "utf8");
    res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
    if (reply.dropAfterChunks !== undefined) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
  }

  function stop(): Promise<void> {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  }

  return {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    flavor,
    requests,
    setScript(next) {
      script = next;
      consumed = 0;
    },
    setBusy(count) {
      busy = count;
    },
    chatsInFlight: () => chatsInFlight,
    kill: stop,
    close: stop,
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" && !text.startsWith("{") ? "text/plain; charset=utf-8" : "application/json";
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * `bytes` of a JSON-looking body (Infinity: no end) made 64 KB at a time as the client reads, so a
 * 3 GB answer costs this process nothing; stops when the client goes.
 */
async function pour(res: http.ServerResponse, status: number, bytes: number): Promise<void> {
  let closed = false;
  res.once("close", () => (closed = true));
  const finite = Number.isFinite(bytes);
  res.writeHead(status, { "content-type": "application/json", ...(finite ? { "content-length": bytes } : {}) });
  const unit = Buffer.from(`{"error":{"message":"${"overflow ".repeat(7278)}"}}`.slice(0, 65_536), "utf8");
  for (let sent = 0; sent < bytes && !closed; sent += unit.length) {
    await write(res, finite && bytes - sent < unit.length ? unit.subarray(0, bytes - sent) : unit);
  }
  if (!closed) res.end();
}

// Resolves once the piece has reached the kernel, so a scripted drop never discards what was "sent".
function write(res: http.ServerResponse, piece: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("close", done);
      resolve();
    };
    res.on("close", done);
    res.write(piece, done);
  });
}

// Unref'd so a scripted delay never keeps the test process alive after close().
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function* codePointPieces(text: string, size: number, field: string): Generator<[string, string]> {
  const points = Array.from(text);
  for (let i = 0; i < points.length; i += size) yield [field, points.slice(i, i + size).join("")];
}

/** Cuts right after every UTF-8 lead byte, so each multibyte character straddles two writes, and mid-event. */
function splitInsideCharacters(text: string): Buffer[] {
  const buf = Buffer.from(text, "utf8");
  const cuts = new Set([Math.floor(buf.length / 2)]);
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0xc0) cuts.add(i + 1);
  const sorted = [...cuts].filter((c) => c > 0 && c < buf.length).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...sorted, buf.length]) {
    out.push(buf.subarray(from, c));
    from = c;
  }
  return out;
}

function junk(bytes: number): string {
  const unit = "lorem ipsum dolor sit amet ";
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

const lmStudio = (status: number, body: unknown): ScriptedReply => ({
  status,
  // LM Studio pretty-prints its error bodies with four spaces (as pasted in gitbutler#8706, letta#1876).
  errorBody: JSON.stringify(body, null, 4),
});

/** Error replies as the real servers send them; each names where the shape was seen. */
export const errorReplies = {
  /** LM Studio 0.3.x, nothing loaded and JIT off (assafelovic/gpt-researcher#1556). */
  lmStudioNoModelsLoaded: (): ScriptedReply =>
    lmStudio(400, { error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." }),
  /** LM Studio 0.4.x wraps the same message (lmstudio-bug-tracker#1730). */
  lmStudioNoModelsLoadedV4: (): ScriptedReply =>
    lmStudio(400, { error: { message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.", type: "invalid_request_error", param: "model", code: null } }),
  /** LM Studio 0.3.5–0.3.1x, unknown model id (letta-ai/letta#1876, gitbutlerapp/gitbutler#8706). */
  lmStudioModelNotFound: (model: string, available: string[]): ScriptedReply =>
    lmStudio(404, { error: { message: `Model "${model}" not found. Please specify a valid model.\n\nYour models:\n\n${available.join("\n")}`, type: "invalid_request_error", param: "model", code: "model_not_found" } }),
  /** Newer LM Studio, unknown model id (gpt-researcher#1556, continuedev/continue#12757). */
  lmStudioInvalidModelIdentifier: (model: string, examples: string[]): ScriptedReply =>
    lmStudio(400, { error: { message: `Invalid model identifier "${model}". Please specify a valid downloaded model (e.g., ${examples.join(", ")}).`, type: "invalid_request_error", param: "model", code: "model_not_found" } }),
  /** LM Studio 0.3.x, prompt larger than the loaded context; "context the overflows" is verbatim. */
  lmStudioContextOverflow: (promptTokens: number, contextLength: number): ScriptedReply =>
    lmStudio(400, { error: `Trying to keep the first ${promptTokens} tokens when context the overflows. However, the model is loaded with context length of only ${contextLength} tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input` }),
  /** LM Studio 0.4.x wording for the same (seen quoted in client tests; status not confirmed). */
  lmStudioContextExceeded: (): ScriptedReply => lmStudio(400, { error: "Context size has been exceeded." }),
  /** LM Studio when the engine process dies. */
  lmStudioModelCrashed: (exitCode = 11): ScriptedReply =>
    lmStudio(400, { error: `The model has crashed without additional information. (Exit code: ${exitCode})` }),
  /** llama-server, prompt >= n_ctx (server-context.cpp, ERROR_TYPE_EXCEED_CONTEXT_SIZE; to_json in server-task.cpp). */
  llamaCppContextExceeded: (nPrompt: number, nCtx: number): ScriptedReply => ({
    status: 400,
    errorBody: { error: { code: 400, message: `request (${nPrompt} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`, type: "exceed_context_size_error", n_prompt_tokens: nPrompt, n_ctx: nCtx } },
  }),
  /** llama-server while the model loads (README, GET /health). */
  llamaCppLoading: (): ScriptedReply => ({ status: 503, errorBody: BUSY_BODY.llamacpp }),
  /** llama-server when generation runs out of context. */
  llamaCppContextFull: (): ScriptedReply => ({ status: 500, errorBody: { error: { code: 500, message: "Context size has been exceeded.", type: "server_error" } } }),
  /** Ollama's OpenAI layer, model not pulled. */
  ollamaModelNotFound: (model: string): ScriptedReply => ({
    status: 404,
    errorBody: { error: { message: `model "${model}" not found, try pulling it first`, type: "api_error", param: null, code: null } },
  }),
  /** vLLM (pre-0.10 top-level shape), prompt plus max_tokens over max_model_len. */
  vllmContextExceeded: (maxLen: number, messages: number, completion: number): ScriptedReply => ({
    status: 400,
    errorBody: { object: "error", message: `This model's maximum context length is ${maxLen} tokens. However, you requested ${messages + completion} tokens (${messages} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`, type: "BadRequestError", param: null, code: 400 },
  }),
  /** vLLM 0.10+ (serving_engine.py), a prompt that fits but not with max_tokens; OpenAI's envelope. */
  vllmMaxTokensTooLarge: (maxLen: number, input: number, maxTokens: number): ScriptedReply => ({
    status: 400,
    errorBody: { error: { message: `'max_tokens' or 'max_completion_tokens' is too large: ${maxTokens}. This model's maximum context length is ${maxLen} tokens and your request has ${input} input tokens (${maxTokens} > ${maxLen} - ${input}).`, type: "BadRequestError", param: null, code: 400 } },
  }),
  /** OpenAI's own envelope. */
  openAI: (status: number, message: string, type = "invalid_request_error", param: string | null = null, code: string | null = null): ScriptedReply => ({
    status,
    errorBody: { error: { message, type, param, code } },
  }),
};
