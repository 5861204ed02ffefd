import { fail, ok, type Result } from "../errors.js";
import type { ChatMessage } from "../prompt/build.js";
import { httpFailure, networkFailure } from "./failures.js";
import { httpClient, isStaleConnection, joinUrl, type ServerEndpoint } from "./http.js";
import { SseParser } from "./sse.js";
import { ChunkSchema, CompletionSchema, type Usage } from "./wire.js";

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  /** Aborts the whole call: request, prompt processing and every token. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  /**
   * A JSON schema the answer must follow, enforced by the backend's grammar (llama.cpp, LM Studio
   * and vLLM take `response_format`; the embedded backend builds a grammar). A weak model cannot
   * wander off into chatter when the sampler only allows the schema.
   */
  responseSchema?: Record<string, unknown> | undefined;
}

export interface Progress {
  tokens: number;
  elapsedMs: number;
  tokensPerSecond: number;
}

export interface ChatOutcome {
  text: string;
  finishReason: string | null;
  /** The server's own figures; null when it sent none. */
  usage: Usage | null;
  model: string;
  elapsedMs: number;
  /** Generation speed the server measured (llama.cpp `timings`), else our own estimate. */
  tokensPerSecond: number | null;
}

/** An answer larger than this is not a file a local model should write; stop reading. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * One streamed chat completion. Never throws: connection problems, HTTP errors, a broken stream
 * and oversize answers all come back as failures with a message a person can act on.
 */
export async function streamChat(ep: ServerEndpoint, req: ChatRequest): Promise<Result<ChatOutcome>> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const url = joinUrl(ep.baseUrl, "chat/completions");
  const body = {
    model: req.model,
    messages: req.messages,
    max_tokens: req.maxTokens,
    temperature: req.temperature,
    stream: true,
    stream_options: { include_usage: true },
    ...(req.responseSchema ? { response_format: { type: "json_schema", json_schema: { name: "answer", strict: true, schema: req.responseSchema } } } : {}),
  };
  let response: Response | null = null;
  for (let attempt = 1; response === null; attempt++) {
    try {
      response = await httpClient(ep).post(url, { timeout: false, signal, json: body });
    } catch (e) {
      // llama.cpp's router now and then closes a reused idle connection without answering; the
      // request never reached the model, so sending it once more is safe.
      if (attempt === 1 && !signal.aborted && isStaleConnection(e)) continue;
      return aborted(req) ?? networkFailure(ep.baseUrl, e, timeout.aborted ? req.timeoutMs : undefined);
    }
  }
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    return httpFailure(ep.baseUrl, response.status, response.statusText, body);
  }
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("text/event-stream")) {
    // Some servers ignore `stream: true`; a complete JSON answer is just as good.
    return readWholeCompletion(ep, response, req, started);
  }

  const acc = { text: "", finish: null as string | null, usage: null as Usage | null, model: req.model, tps: null as number | null, tokens: 0 };
  let streamError: string | null = null;
  let bytes = 0;
  const parser = new SseParser((ev) => {
    if (streamError) return;
    if (ev.data === "[DONE]") return;
    let json: unknown;
    try {
      json = JSON.parse(ev.data);
    } catch {
      streamError = `the server sent a malformed stream event: ${ev.data.slice(0, 80)}`;
      return;
    }
    const chunk = ChunkSchema.safeParse(json);
    if (!chunk.success) {
      streamError = "the server sent a stream event of an unknown shape";
      return;
    }
    const c = chunk.data;
    if (ev.event === "error" || c.error !== undefined) {
      streamError = `the server reported an error mid-stream: ${JSON.stringify(c.error ?? json).slice(0, 300)}`;
      return;
    }
    if (c.model) acc.model = c.model;
    for (const choice of c.choices ?? []) {
      const piece = choice.delta?.content;
      if (piece) {
        acc.text += piece;
        acc.tokens++;
      }
      if (choice.finish_reason) acc.finish = choice.finish_reason;
    }
    if (c.usage && typeof c.usage.completion_tokens === "number") {
      acc.usage = { prompt_tokens: c.usage.prompt_tokens ?? 0, completion_tokens: c.usage.completion_tokens };
    }
    if (c.timings?.predicted_per_second) acc.tps = c.timings.predicted_per_second;
    if (req.onProgress) {
      const elapsedMs = Date.now() - started;
      req.onProgress({ tokens: acc.tokens, elapsedMs, tokensPerSecond: elapsedMs > 0 ? (acc.tokens * 1000) / elapsedMs : 0 });
    }
  });

  const reader = response.body?.getReader();
  if (!reader) return fail("MODEL_ERROR", "the server sent an empty response");
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > MAX_ANSWER_BYTES) {
        return fail("MODEL_ERROR", `the answer passed ${MAX_ANSWER_BYTES / 1024 / 1024} MB, far more than one file; stopped reading`);
      }
      parser.push(value);
      if (streamError) return fail("MODEL_ERROR", streamError);
    }
    parser.end();
  } catch (e) {
    const a = aborted(req);
    if (a) return a;
    if (timeout.aborted) return networkFailure(ep.baseUrl, e, req.timeoutMs);
    return fail("MODEL_ERROR", `the connection to the model server broke mid-answer after ${acc.tokens} tokens`, {
      hint: "the server may have crashed or been stopped; check its log",
    });
  } finally {
    reader.cancel().catch(() => {});
  }
  if (streamError) return fail("MODEL_ERROR", streamError);
  if (acc.finish === null && acc.text === "") {
    return fail("MODEL_ERROR", "the stream ended without an answer");
  }
  const elapsedMs = Date.now() - started;
  return ok({
    text: acc.text,
    // A stream that ends with no finish_reason was cut, not finished.
    finishReason: acc.finish ?? "length",
    usage: acc.usage,
    model: acc.model,
    elapsedMs,
    tokensPerSecond: acc.tps ?? (acc.usage && elapsedMs > 0 ? (acc.usage.completion_tokens * 1000) / elapsedMs : null),
  });
}

async function readWholeCompletion(ep: ServerEndpoint, response: Response, req: ChatRequest, started: number): Promise<Result<ChatOutcome>> {
  let json: unknown;
  try {
    const text = await readCapped(response, MAX_ANSWER_BYTES);
    if (text === null) return fail("MODEL_ERROR", `the answer passed ${MAX_ANSWER_BYTES / 1024 / 1024} MB, far more than one file; stopped reading`);
    json = JSON.parse(text);
  } catch (e) {
    return aborted(req) ?? fail("MODEL_ERROR", `the server's answer is not JSON (${ep.baseUrl})`);
  }
  const parsed = CompletionSchema.safeParse(json);
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  if (!parsed.success || !choice) return fail("MODEL_ERROR", "the server's answer has no choices");
  const usage = parsed.data.usage;
  return ok({
    text: choice.message?.content ?? "",
    finishReason: choice.finish_reason ?? null,
    usage: usage && typeof usage.completion_tokens === "number" ? { prompt_tokens: usage.prompt_tokens ?? 0, completion_tokens: usage.completion_tokens } : null,
    model: parsed.data.model ?? req.model,
    elapsedMs: Date.now() - started,
    tokensPerSecond: null,
  });
}


/** A cancel from the caller is not a server fault; say so rather than blame the server. */
function aborted(req: ChatRequest) {
  return req.signal?.aborted ? fail("CANCELLED", "cancelled") : null;
}

/** The body as text, or null as soon as it passes `max` bytes (the rest is never read). */
async function readCapped(response: Response, max: number): Promise<string | null> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) return null;
      parts.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(parts).toString("utf8");
}
