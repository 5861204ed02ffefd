import { describeThrown, fail, type Failure } from "../errors.js";
import { Cancelled, DeadlineExceeded, type Deadline } from "./deadline.js";
import { ConnectTimeout, joinUrl } from "./http.js";
import { withoutCredentials } from "../util/model-id.js";
import { ErrorBodySchema } from "./wire.js";

const START_SERVER_HINT =
  "start your model server (LM Studio: `lms server start`; Ollama: `ollama serve`; llama.cpp: `llama-server -m MODEL.gguf`) or set LOCAL_DELEGATE_BASE_URL";

/** How each server is given a larger context: the setting a context overflow asks the user to change. */
export const LARGER_CONTEXT =
  "load the model with a larger context (llama.cpp: `llama-server -c 16384`; LM Studio: `lms load MODEL --context-length 16384`; Ollama: OLLAMA_CONTEXT_LENGTH=16384; vLLM: `--max-model-len 16384`)";

// Each failure names the server by its URL without credentials: messages reach the user, Claude and the ledger.

/** A failure to reach the server at all: refused, reset, DNS, timeout. */
export function networkFailure(url: string, e: unknown, timeoutMs?: number): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  const name = (e as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    const what = timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : "";
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} did not answer${what}`, {
      hint: "check that it is running and not stuck; raise LOCAL_DELEGATE_TIMEOUT_MS for slow machines",
    });
  }
  // lookup.ts's DnsNoAnswer, known by its code: lookup.ts is loaded only when a host name is looked up.
  if ((e as { code?: unknown })?.code === "DNS_NO_ANSWER") {
    return fail("MODEL_UNAVAILABLE", `cannot reach the model server at ${baseUrl}: ${(e as Error).message}`, {
      hint: "check the network connection (Wi-Fi, VPN) and its DNS server, or put the server's IP address in base_url, or its name and address in the hosts file (/etc/hosts)",
    });
  }
  const code = errnoCode(e);
  const why = code ?? describeThrown(e);
  return fail("MODEL_UNAVAILABLE", `cannot reach the model server at ${baseUrl} (${why})`, { hint: START_SERVER_HINT });
}

/**
 * What a server call that threw comes to: the caller's cancel, its deadline (`what` says what did
 * not come in time), a connection that did not open, or the network's own error.
 */
export function callFailure(url: string, e: unknown, deadline: Deadline, what: string): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  if (deadline.ended === "cancelled" || e instanceof Cancelled) return fail("CANCELLED", "cancelled");
  if (deadline.ended === "expired" || e instanceof DeadlineExceeded) return timeoutFailure(baseUrl, deadline.ms, deadline.setting, what);
  if (e instanceof ConnectTimeout) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} did not accept a connection within ${seconds(e.ms)} s (connect_timeout_ms)`, {
      hint: `check the address and that the server is up, or raise connect_timeout_ms (${envName("connect_timeout_ms")}) for a slow network`,
    });
  }
  return networkFailure(baseUrl, e);
}

/** A deadline passed: says what did not come in time, and the setting that allows more. */
export function timeoutFailure(url: string, ms: number, setting: string, what: string): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} did not answer within ${seconds(ms)} s (${setting}: ${what})`, {
    hint: `check that it is running and not stuck, or raise ${setting} (${envName(setting)}) if it is only slow`,
  });
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const envName = (setting: string) => `LOCAL_DELEGATE_${setting.toUpperCase()}`;

function errnoCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === "string" && /^E[A-Z]+$/.test(c)) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

/** An HTTP error answer, read from the body shapes LM Studio, llama.cpp, Ollama and vLLM send. */
export function httpFailure(url: string, status: number, statusText: string, body: string): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  const e = readErrorBody(body);
  const { type, code } = e;
  const text = e.message ?? (statusText || `HTTP ${status}`);
  const lower = `${type ?? ""} ${text}`.toLowerCase();
  const overflow = contextOverflow(e, text);
  if (overflow) return { ok: false, error: overflow };
  // LM Studio answers an unknown model id with HTTP 400 and "Invalid model identifier"; its code,
  // like OpenAI's, is `model_not_found`.
  if (
    code === "model_not_found" ||
    /no models? (is |are )?loaded|model (is )?not loaded|model not found|no model|failed to load|unloaded|invalid model identifier/.test(lower) ||
    status === 404
  ) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} has no usable model: ${text}`, {
      hint: "load one (LM Studio: `lms load MODEL`; Ollama: `ollama pull MODEL`) or set `model` in .claude/local-delegate.yaml",
    });
  }
  if (status === 503 && /\bloading model\b/.test(lower)) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} ${STILL_LOADING} (HTTP 503): ${text}`, {
      hint: "wait until it has loaded (llama-server logs `model loaded`) and run the task again; a task waits for the load up to lock_wait_ms (LOCAL_DELEGATE_LOCK_WAIT_MS)",
    });
  }
  if (status === 503 || status === 429) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} is busy (HTTP ${status}): ${text}`, { hint: "try again when it is free" });
  }
  // A gateway's own answer: the proxy in front of the model server could not reach it, or not in time.
  if (status === 502 || status === 504) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} answered HTTP ${status} from a gateway or proxy: the server behind it did not answer (${text})`, {
      hint: `check that the model server behind ${baseUrl} is running and reachable from the proxy, then run the task again`,
    });
  }
  if (status === 401 || status === 403) {
    return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} refused the request (HTTP ${status}): ${text}`, {
      hint: "set api_key in the config or LOCAL_DELEGATE_API_KEY",
    });
  }
  return fail("MODEL_ERROR", `the model server answered HTTP ${status}: ${text}`);
}

/**
 * A redirect (a proxy that sends http:// on to https://, a server that moved), not followed: the
 * request and its API key would go to an address the config does not name. Read as an answer, it
 * was "not JSON" or "no model list", with no word of where the server is. `path`: what was asked
 * under base_url (`models`, `chat/completions`), so that the base_url to set can be told.
 */
export function redirectFailure(url: string, path: string, status: number, location: string): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  let to: string | null = null;
  try {
    to = location ? withoutCredentials(new URL(location, joinUrl(url, path)).href) : null;
  } catch {
    to = null;
  }
  const said = to ? `redirects to ${to}` : "answered a redirect with no address";
  const base = to?.endsWith(`/${path}`) ? to.slice(0, -path.length - 1) : null;
  return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} ${said} (HTTP ${status}); a request is not sent on to an address base_url does not name`, {
    hint: base ? `set base_url to ${base}` : "set base_url to the server's own address (its OpenAI-compatible URL, ending in /v1)",
  });
}

/**
 * An error event inside the answer's stream (`data: {"error": …}`, llama.cpp's `error:` line),
 * read as the same body sent with an HTTP error would be: a context that filled up says so.
 */
export function streamErrorFailure(data: string, where = "mid-stream"): Failure {
  const e = readErrorBody(data);
  const said = `the server reported an error ${where}: ${data.slice(0, 300)}`;
  const overflow = e.message ? contextOverflow(e, e.message) : null;
  if (overflow) return { ...overflow, message: `the server reported an error ${where}: ${overflow.message}` };
  return { code: "MODEL_ERROR", message: said, hint: "nothing was written; check the model server's log, then try again" };
}

/** The failure for a prompt or answer too long for the model's context, when the server's error says so; else null. */
function contextOverflow(e: ErrorBody, text: string): Failure | null {
  const lower = `${e.type ?? ""} ${text}`.toLowerCase();
  if (e.type !== "exceed_context_size_error" && !/context (length|size|window)|too many tokens|maximum context|n_ctx/.test(lower)) return null;
  const answer = answerOverflow(text);
  if (answer) {
    return {
      code: "CONTEXT_OVERFLOW",
      message: `the prompt (${answer.prompt} tokens) fits the model's context of ${answer.context} tokens, but not with ${answer.maxTokens} tokens for the answer: ${text}`,
      hint: `lower max_output_tokens (LOCAL_DELEGATE_MAX_OUTPUT_TOKENS) below ${answer.context - answer.prompt}, or ${LARGER_CONTEXT}`,
    };
  }
  const figures = e.nPrompt && e.nCtx ? ` (prompt ${e.nPrompt} tokens, context ${e.nCtx})` : "";
  return { code: "CONTEXT_OVERFLOW", message: `the prompt does not fit the model's loaded context${figures}: ${text}`, hint: `${LARGER_CONTEXT}, or give fewer context files` };
}

/**
 * vLLM's refusal of a prompt that fits its context but not with the answer's max_tokens: the
 * limit to change is the answer's, not the prompt's. Its two wordings: before 0.10 "…maximum
 * context length is L tokens. However, you requested T tokens (P in the messages, M in the
 * completion)…"; since, "'max_tokens' … is too large: M. This model's maximum context length is
 * L tokens and your request has P input tokens…".
 */
function answerOverflow(text: string): { context: number; prompt: number; maxTokens: number } | null {
  const old = /maximum context length is (\d+) tokens\. However, you requested \d+ tokens \((\d+) in the messages, (\d+) in the completion\)/.exec(text);
  const now = /is too large: (\d+)\. This model's maximum context length is (\d+) tokens and your request has (\d+) input tokens/.exec(text);
  const [context, prompt, maxTokens] = old ? [old[1], old[2], old[3]] : now ? [now[2], now[3], now[1]] : [];
  const r = { context: Number(context), prompt: Number(prompt), maxTokens: Number(maxTokens) };
  return r.prompt < r.context ? r : null;
}

const STILL_LOADING = "is still loading its model";

/** A server that is up but not ready yet (llama-server answers 503 "Loading model" until its model is in memory): worth waiting for. */
export function isStillLoading(f: Failure): boolean {
  return f.code === "MODEL_UNAVAILABLE" && f.message.includes(STILL_LOADING);
}

export interface ErrorBody {
  message: string | null;
  type: string | null;
  nPrompt: number | null;
  nCtx: number | null;
  /** OpenAI's string `code`, e.g. `model_not_found` (llama.cpp and vLLM send the HTTP status instead). */
  code: string | null;
}

/**
 * A proxy's error page (nginx, Caddy, a tunnel) said in words: its title, else its text without
 * tags. Markup quoted into a message helps no one. Other text is left as it is.
 */
function htmlText(body: string): string {
  if (!/^(<!doctype html|<html|<head|<body)|<\/html>\s*$/i.test(body)) return body;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title?.trim() ? title : body.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " "))
    .replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  return text.replace(/\s+/g, " ").trim();
}

export function readErrorBody(body: string): ErrorBody {
  const none = { type: null, nPrompt: null, nCtx: null, code: null };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const t = htmlText(body.trim());
    return { message: t ? t.slice(0, 300) : null, ...none };
  }
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return { message: body.slice(0, 300), ...none };
  const d = parsed.data as Record<string, unknown>;
  const err = d.error;
  if (typeof err === "string") return { message: err, ...none };
  if (err && typeof err === "object") {
    const e = err as { message?: string | null; type?: string | null; n_prompt_tokens?: number | null; n_ctx?: number | null; code?: unknown };
    return {
      message: e.message ?? null,
      type: e.type ?? null,
      nPrompt: e.n_prompt_tokens ?? null,
      nCtx: e.n_ctx ?? null,
      code: typeof e.code === "string" ? e.code : null,
    };
  }
  const m = (d.detail ?? d.message) as string | undefined;
  return { message: m ?? null, ...none };
}
