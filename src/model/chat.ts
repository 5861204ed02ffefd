import { fail, ok, type Result } from "../errors.js";
import type { ChatMessage } from "../prompt/build.js";
import { answerCap, finishAt, oversize, readEventStream, stoppedByServer, type CallProgress } from "./chat-stream.js";
import { startDeadline } from "./deadline.js";
import { callFailure, httpFailure, redirectFailure, streamErrorFailure } from "./failures.js";
import { ERROR_BODY_BYTES, joinUrl, readBody, send, type HttpResponse, type ServerEndpoint } from "./http.js";
import { withoutCredentials } from "../util/model-id.js";
import { CompletionSchema, promptCacheUse, usageOf, type PromptCacheUse, type Usage } from "./wire.js";

export { answerCap } from "./chat-stream.js";

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  /** Bounds the whole call: connection, request, prompt processing, the first token and every other. */
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
  /** The prompt tokens the server processed and took from its cache; null when it did not say. */
  promptCache: PromptCacheUse | null;
  /** Pieces of reasoning that came apart from `text` (`reasoning_content`, Ollama's `reasoning`); 0 or absent when none. */
  reasoning?: number;
}

/**
 * One streamed chat completion under one deadline (`timeoutMs`, from the request to the last
 * token), read up to what `maxTokens` can take. Never throws: connection problems, HTTP errors,
 * a broken stream, a deadline and oversize answers all come back as failures a person can act on.
 */
export async function streamChat(ep: ServerEndpoint, req: ChatRequest): Promise<Result<ChatOutcome>> {
  const started = Date.now();
  const deadline = startDeadline(req.timeoutMs, "timeout_ms", req.signal);
  const progress: CallProgress = { headers: false, tokens: 0, reasoning: 0 };
  let response: HttpResponse | null = null;
  try {
    response = await send(ep, "POST", joinUrl(ep.baseUrl, "chat/completions"), deadline, requestBody(req));
    progress.headers = true;
    if (response.status >= 300 && response.status < 400) return redirectFailure(ep.baseUrl, "chat/completions", response.status, response.header("location"));
    if (response.status >= 400) {
      // A body that will not end or arrive is no reason to lose the status: read what comes.
      const body = await readBody(response, ERROR_BODY_BYTES).catch(() => null);
      if (deadline.ended === "cancelled") return fail("CANCELLED", "cancelled");
      return httpFailure(ep.baseUrl, response.status, response.statusText, body?.text ?? "");
    }
    const cap = answerCap(req.maxTokens);
    // Some servers ignore `stream: true`; a complete JSON answer is just as good.
    if (!response.header("content-type").includes("text/event-stream")) return await readWholeCompletion(ep, response, req, started, cap);
    const r = await readEventStream(response, { model: req.model, started, cap, onProgress: req.onProgress }, progress);
    if (!r.ok) return r;
    const { text, finish, usage, model, tps, promptCache } = r.value;
    const cut = stoppedByServer(finish);
    if (cut) return cut;
    const elapsedMs = Date.now() - started;
    return ok({
      text,
      finishReason: finishAt(finish, usage, req.maxTokens),
      usage,
      model,
      elapsedMs,
      tokensPerSecond: tps ?? (usage && elapsedMs > 0 ? (usage.completion_tokens * 1000) / elapsedMs : null),
      promptCache,
      reasoning: progress.reasoning,
    });
  } catch (e) {
    if (progress.headers && !deadline.ended) {
      return fail("MODEL_ERROR", `the connection to the model server broke mid-answer after ${progress.tokens} tokens`, {
        hint: "the server may have crashed or been stopped; check its log",
      });
    }
    return callFailure(ep.baseUrl, e, deadline, waitedFor(progress));
  } finally {
    response?.close();
    deadline.dispose();
  }
}

function requestBody(req: ChatRequest): Record<string, unknown> {
  return {
    model: req.model,
    messages: req.messages,
    max_tokens: req.maxTokens,
    temperature: req.temperature,
    stream: true,
    stream_options: { include_usage: true },
    ...(req.responseSchema ? { response_format: { type: "json_schema", json_schema: { name: "answer", strict: true, schema: req.responseSchema } } } : {}),
  };
}

/** What had not come when the deadline passed. */
function waitedFor(p: CallProgress): string {
  if (!p.headers) return "no answer to the request";
  if (!p.tokens && p.reasoning) return `the model was still reasoning after ${p.reasoning} tokens, before any of the file`;
  if (!p.tokens) return "the answer started, but no token came";
  return `the answer was still coming after ${p.tokens} tokens`;
}

async function readWholeCompletion(ep: ServerEndpoint, response: HttpResponse, req: ChatRequest, started: number, cap: number): Promise<Result<ChatOutcome>> {
  const body = await readBody(response, cap);
  if (body.over) return oversize(cap);
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return fail("MODEL_ERROR", `the server's answer is not JSON (${withoutCredentials(ep.baseUrl)})`);
  }
  const parsed = CompletionSchema.safeParse(json);
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  // An error sent with HTTP 200 (some proxies and servers do): read as the same error in a stream.
  if (!parsed.success || !choice) return (json as { error?: unknown } | null)?.error ? { ok: false, error: streamErrorFailure(body.text, "in its answer") } : fail("MODEL_ERROR", "the server's answer has no choices");
  const cut = stoppedByServer(choice.finish_reason ?? null);
  if (cut) return cut;
  const usage = parsed.data.usage;
  return ok({
    text: choice.message?.content ?? "",
    finishReason: finishAt(choice.finish_reason ?? null, usageOf(usage), req.maxTokens),
    usage: usageOf(usage),
    model: parsed.data.model ?? req.model,
    elapsedMs: Date.now() - started,
    tokensPerSecond: null,
    promptCache: promptCacheUse(parsed.data.timings, usage),
    reasoning: choice.message?.reasoning_content ? 1 : 0,
  });
}
