// Reading a streamed chat answer (Server-Sent Events) with a bound on what is read: the deadline
// bounds the time (each read is raced against it in http.ts), `answerCap` the bytes.
import { fail, ok, type Failure, type Result } from "../errors.js";
import { streamErrorFailure } from "./failures.js";
import type { HttpResponse } from "./http.js";
import { SseParser, type SseEvent } from "./sse.js";
import { ChunkSchema, promptCacheUse, usageOf, type PromptCacheUse, type Usage } from "./wire.js";

/** The least an answer may take on the wire, whatever max_tokens says. */
export const MIN_ANSWER_BYTES = 4 * 1024 * 1024;
/** Wire bytes allowed per token: a streamed event wraps its token in 150–400 bytes of JSON. */
const WIRE_BYTES_PER_TOKEN = 512;

/** The most an answer of `maxTokens` tokens may take on the wire; reading stops there. */
export function answerCap(maxTokens: number): number {
  return Math.max(MIN_ANSWER_BYTES, maxTokens * WIRE_BYTES_PER_TOKEN + 1024 * 1024);
}

export function oversize(cap: number): { ok: false; error: Failure } {
  return fail("MODEL_ERROR", `the answer passed ${Math.round((cap / 1024 / 1024) * 10) / 10} MB, far more than one file; stopped reading`);
}

/**
 * Finish reasons that say the server stopped the answer before its end for a reason of its own
 * (vLLM's engine: "abort", "error", "repetition"; OpenAI's "content_filter"). The text so far is
 * a file cut short, which may still parse and pass the tests: never a file. "length" is not here:
 * the extractor refuses it as TRUNCATED, and the engine retries it with more room.
 */
const CUT_SHORT: Record<string, string> = {
  error: "the model server hit an error while generating",
  abort: "the model server aborted the generation",
  repetition: "the model server stopped the model repeating itself",
  content_filter: "a content filter on the model server stopped the answer",
};

/** The failure for an answer the server itself says it did not finish, or null. */
export function stoppedByServer(finish: string | null): { ok: false; error: Failure } | null {
  const why = finish !== null && Object.hasOwn(CUT_SHORT, finish) ? CUT_SHORT[finish] : undefined;
  if (!why) return null;
  return fail("MODEL_ERROR", `${why} (finish_reason: ${finish}), so the answer is not whole and nothing was written`, {
    hint: finish === "repetition" ? "try again, or use a stronger model for this task" : "check the model server's log, then try again",
  });
}

/**
 * The finish reason to go by: "length" when the server's own count says the answer used all of
 * `maxTokens`, whatever reason it gave. Some servers and proxies say "stop" for an answer cut at
 * the limit (LiteLLM in front of Ollama did, BerriAI/litellm#25825), and a module cut at a line
 * boundary still parses and may pass its tests. A count over the limit plus the server's own
 * slack means it did not apply the limit at all, so its "stop" stands.
 */
export function finishAt(finish: string | null, usage: Usage | null, maxTokens: number): string | null {
  const n = usage?.completion_tokens ?? 0;
  if (finish === "length" || stoppedByServer(finish) || n < maxTokens - 1 || n > maxTokens + LIMIT_SLACK) return finish;
  return "length";
}
/** Tokens a server may count past max_tokens for an answer it cut there (an end token, a stop string). */
const LIMIT_SLACK = 16;

/** How far a call got, for the message when its deadline passes or its connection breaks. */
export interface CallProgress {
  headers: boolean;
  /** Pieces of the answer itself. */
  tokens: number;
  /** Pieces of reasoning (`reasoning_content`, Ollama's `reasoning`): the model is at work, the file not begun. */
  reasoning: number;
}

export interface StreamedAnswer {
  text: string;
  finish: string | null;
  usage: Usage | null;
  model: string;
  /** The server's own measure of speed (llama.cpp `timings`). */
  tps: number | null;
  promptCache: PromptCacheUse | null;
}

export interface StreamOptions {
  /** The model asked for; the server's chunks may name it more precisely. */
  model: string;
  started: number;
  cap: number;
  onProgress?: ((p: { tokens: number; elapsedMs: number; tokensPerSecond: number }) => void) | undefined;
}

/**
 * The answer from an event stream, read up to `cap` bytes. Rejects (from `response.read`) when
 * the deadline ends or the connection breaks; `progress.tokens` then says how far it got.
 */
export async function readEventStream(response: HttpResponse, o: StreamOptions, progress: CallProgress): Promise<Result<StreamedAnswer>> {
  const acc: StreamedAnswer = { text: "", finish: null, usage: null, model: o.model, tps: null, promptCache: null };
  let streamError: Failure | null = null;
  let done = false;
  const parser = new SseParser((ev) => {
    if (streamError || done) return;
    // The last event of an OpenAI stream: the answer is whole here, whether or not the server or
    // a proxy in front of it ever closes the response (waiting for that would wait out timeout_ms).
    if (ev.data === "[DONE]") {
      done = true;
      return;
    }
    streamError = take(ev, acc, progress);
    if (!streamError && o.onProgress) {
      const elapsedMs = Date.now() - o.started;
      // A reasoning model's thinking is work done: shown as none, a long think looks like a hang.
      const tokens = progress.tokens + progress.reasoning;
      o.onProgress({ tokens, elapsedMs, tokensPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0 });
    }
  });
  let bytes = 0;
  for (let piece = await response.read(); piece; piece = await response.read()) {
    bytes += piece.length;
    if (bytes > o.cap) return oversize(o.cap);
    parser.push(piece);
    if (streamError) return { ok: false, error: streamError };
    if (done) break;
  }
  parser.end();
  if (streamError) return { ok: false, error: streamError };
  if (acc.finish === null) {
    if (acc.text === "") return fail("MODEL_ERROR", "the stream ended without an answer");
    // The server or a proxy stopped sending, not the model: taken for "length", it would send the
    // user to raise max_output_tokens, which cannot help.
    return fail("MODEL_ERROR", `the answer stream ended before the answer did (no finish_reason, after ${progress.tokens} tokens), so nothing was written`, {
      hint: "the model server or a proxy in front of it cut the answer short; check its log",
    });
  }
  return ok(acc);
}

/** Adds one event to the answer; returns what is wrong with it, if anything. */
function take(ev: SseEvent, acc: StreamedAnswer, progress: CallProgress): Failure | null {
  let json: unknown;
  try {
    json = JSON.parse(ev.data);
  } catch {
    return { code: "MODEL_ERROR", message: `the server sent a malformed stream event: ${ev.data.slice(0, 80)}` };
  }
  const chunk = ChunkSchema.safeParse(json);
  if (!chunk.success) return { code: "MODEL_ERROR", message: "the server sent a stream event of an unknown shape" };
  const c = chunk.data;
  if (ev.event === "error" || c.error !== undefined) return streamErrorFailure(ev.data);
  if (c.model) acc.model = c.model;
  for (const choice of c.choices ?? []) {
    const piece = choice.delta?.content;
    if (piece) {
      acc.text += piece;
      progress.tokens++;
    } else if (choice.delta?.reasoning_content || choice.delta?.reasoning) progress.reasoning++;
    if (choice.finish_reason) acc.finish = choice.finish_reason;
  }
  acc.usage = usageOf(c.usage) ?? acc.usage;
  if (c.timings?.predicted_per_second) acc.tps = c.timings.predicted_per_second;
  // llama.cpp repeats `timings` on the finish chunk and the usage chunk; either will do.
  acc.promptCache = promptCacheUse(c.timings, c.usage) ?? acc.promptCache;
  return null;
}
