/**
 * A fake Anthropic Messages API for driving the real Claude Code client offline.
 *
 * - Listens on 127.0.0.1, port 0 (ephemeral) unless told otherwise.
 * - `POST /v1/messages` (the client appends `?beta=true`) answers with real SSE
 *   streaming events when `stream: true`, or a plain JSON message otherwise.
 * - `POST /v1/messages/count_tokens` answers a rough estimate (chars / 4).
 * - Anything else (e.g. `HEAD /api/hello`) is logged and answered 200 `{}` for
 *   HEAD/GET, 404 with an Anthropic-style error body otherwise.
 * - Every request is recorded (method, path, headers, parsed body, and how it
 *   was classified) so tests can assert on the system prompt, the messages and
 *   the tool_result blocks the client sends back.
 *
 * "Main" requests (the conversation loop: they carry `tools`) consume the
 * script in order. Subagent requests (Agent tool; `cc_is_subagent=true` in the
 * system prompt's billing block) consume `subagentScript` when given, else the
 * main script. "Auxiliary" requests (no tools and a small model / tiny
 * max_tokens / no streaming — title or summary calls; none were seen from
 * `claude -p` 2.1.332 with non-essential traffic off) are answered by
 * `auxReply` and do NOT consume the script. Override the split with `isAuxiliary`.
 *
 * Bounded: at most `maxRequests` requests are answered (then 400s), request
 * bodies are capped at `maxBodyBytes`, and `close()` drops all connections.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to a generated `toolu_fake_<n>` id. */
  id?: string;
}

/** One assistant turn. */
export type Turn =
  | { text: string; toolCalls?: undefined; error?: undefined; stopReason?: "end_turn" | "max_tokens" | "stop_sequence" }
  | { toolCalls: ToolCall[]; text?: string; error?: undefined; stopReason?: undefined }
  | { error: { status: number; type: string; message: string }; text?: undefined; toolCalls?: undefined; stopReason?: undefined };

/** Anthropic Messages request body, loosely typed (only what the tests read). */
export interface MessagesBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  system?: string | Array<{ type: string; text?: string; [k: string]: unknown }>;
  messages?: Array<{ role: string; content: string | ContentBlock[]; [k: string]: unknown }>;
  tools?: Array<{ name: string; description?: string; input_schema?: unknown; [k: string]: unknown }>;
  [k: string]: unknown;
}

export interface ContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | ContentBlock[];
  is_error?: boolean;
  [k: string]: unknown;
}

/**
 * main: the session's conversation loop; subagent: a request made by a subagent
 * (Agent tool) — its system prompt's billing block says `cc_is_subagent=true`;
 * aux: title/summary-style calls without tools; count_tokens; other: any other route.
 */
export type RequestKind = "main" | "subagent" | "aux" | "count_tokens" | "other";

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path without query string, e.g. `/v1/messages`. */
  path: string;
  /** Full request target, e.g. `/v1/messages?beta=true`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Raw body text (truncated to maxBodyBytes). */
  raw: string;
  /** Parsed JSON body, when it parsed. */
  body?: MessagesBody;
  kind: RequestKind;
  /** For main requests: which script turn answered it (0-based), or -1 when the script was exhausted. */
  turnIndex?: number;
  /** What the fake answered (for main/aux requests). */
  reply?: Turn;
  receivedAt: number;
}

export interface ScriptContext {
  /** 0-based index of this request among those consuming the same script. */
  mainIndex: number;
  /** True when the request comes from a subagent. */
  subagent: boolean;
  body: MessagesBody;
  /** tool_result blocks of the last user message (what the client sends back after running tools). */
  toolResults: ContentBlock[];
  requests: readonly RecordedRequest[];
}

export type Script = Turn[] | ((ctx: ScriptContext) => Turn | undefined);

export interface FakeAnthropicOptions {
  script?: Script;
  /**
   * Script for subagent requests (Agent tool). Default: subagent requests take
   * their turns from the main `script`, in arrival order (then ScriptContext.subagent is true).
   */
  subagentScript?: Script;
  /** Turn used when the script has no more turns. Default: text "(fake: script exhausted)". */
  exhausted?: Turn;
  /** Reply for auxiliary requests. Default: a short text. */
  auxReply?: (body: MessagesBody) => Turn;
  /** Decide whether a /v1/messages request is auxiliary (not consuming the script). */
  isAuxiliary?: (body: MessagesBody) => boolean;
  /** Requests answered at most (then HTTP 400 invalid_request_error). Default 200. */
  maxRequests?: number;
  /** Request bodies larger than this are cut (and fail to parse). Default 32 MiB. */
  maxBodyBytes?: number;
  /** Port to bind; default 0 (ephemeral). Always binds 127.0.0.1. */
  port?: number;
  /** Split text and tool JSON into this many chars per delta. Default 40. */
  chunkSize?: number;
  /** Model name echoed in replies when the request names none. */
  model?: string;
}

export interface FakeAnthropic {
  /** e.g. `http://127.0.0.1:43123` — use as ANTHROPIC_BASE_URL. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Bodies of the session's own /v1/messages requests (kind "main"), in order. */
  mainBodies(): MessagesBody[];
  /** Bodies of requests of a kind (e.g. "subagent"), in order. */
  bodies(kind: RequestKind): MessagesBody[];
  /** Recorded requests of a kind. */
  ofKind(kind: RequestKind): RecordedRequest[];
  /** Forget recorded requests and restart the script (for reuse across runs). */
  reset(script?: Script): void;
  close(): Promise<void>;
}

const DEFAULT_EXHAUSTED: Turn = { text: "(fake: script exhausted)" };

/** Subagent requests carry `cc_is_subagent=true` in the billing-header text block of the system prompt. */
export function isSubagentRequest(body: MessagesBody): boolean {
  const s = body.system;
  if (!Array.isArray(s)) return false;
  return s.some((b) => typeof b.text === "string" && b.text.startsWith("x-anthropic-billing-header:") && b.text.includes("cc_is_subagent=true"));
}

/** Default auxiliary split: real conversation requests always carry tools; title/summary calls carry none. */
export function defaultIsAuxiliary(body: MessagesBody): boolean {
  const noTools = !Array.isArray(body.tools) || body.tools.length === 0;
  const small = typeof body.max_tokens === "number" && body.max_tokens <= 1024;
  const haiku = typeof body.model === "string" && /haiku/i.test(body.model);
  return noTools && (small || haiku || body.stream !== true);
}

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const maxRequests = opts.maxRequests ?? 200;
  const maxBodyBytes = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const chunkSize = Math.max(1, opts.chunkSize ?? 40);
  const isAux = opts.isAuxiliary ?? defaultIsAuxiliary;
  const auxReply = opts.auxReply ?? (() => ({ text: "Fake title" }));
  const exhausted = opts.exhausted ?? DEFAULT_EXHAUSTED;

  let script: Script = opts.script ?? [];
  const subScript: Script | undefined = opts.subagentScript;
  let mainCount = 0;
  let subCount = 0;
  let seq = 0;
  let toolSeq = 0;
  const requests: RecordedRequest[] = [];

  function pick(sc: Script, index: number, body: MessagesBody, subagent: boolean): { turn: Turn; index: number } {
    if (typeof sc === "function") {
      const turn = sc({ mainIndex: index, subagent, body, toolResults: lastToolResults(body), requests });
      return turn ? { turn, index } : { turn: exhausted, index: -1 };
    }
    const turn = sc[index];
    return turn ? { turn, index } : { turn: exhausted, index: -1 };
  }

  function nextTurn(body: MessagesBody, subagent: boolean): { turn: Turn; index: number } {
    if (subagent && subScript !== undefined) return pick(subScript, subCount++, body, true);
    return pick(script, mainCount++, body, subagent);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      if (size < maxBodyBytes) chunks.push(c.subarray(0, maxBodyBytes - size));
      size += c.length;
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const path = url.split("?")[0] ?? "/";
      const method = req.method ?? "GET";
      let body: MessagesBody | undefined;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as MessagesBody;
        } catch {
          body = undefined;
        }
      }
      const rec: RecordedRequest = {
        seq: seq++,
        method,
        path,
        url,
        headers: req.headers,
        raw,
        kind: "other",
        receivedAt: Date.now(),
      };
      if (body !== undefined) rec.body = body;
      requests.push(rec);

      if (requests.length > maxRequests) {
        // 400, not 5xx: the client retries 5xx with backoff, but gives up on a 400 after a few degraded re-sends.
        sendJson(res, 400, { type: "error", error: { type: "invalid_request_error", message: "fake-anthropic: request limit reached" } });
        return;
      }

      if (method === "POST" && path === "/v1/messages/count_tokens") {
        rec.kind = "count_tokens";
        sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(raw.length / 4)) });
        return;
      }

      if (method === "POST" && path === "/v1/messages") {
        if (!body) {
          sendJson(res, 400, { type: "error", error: { type: "invalid_request_error", message: "fake-anthropic: body is not JSON" } });
          return;
        }
        let turn: Turn;
        if (isAux(body)) {
          rec.kind = "aux";
          turn = auxReply(body);
        } else {
          const sub = isSubagentRequest(body);
          rec.kind = sub ? "subagent" : "main";
          const next = nextTurn(body, sub);
          turn = next.turn;
          rec.turnIndex = next.index;
        }
        rec.reply = turn;
        answerMessages(res, body, turn, { chunkSize, model: opts.model ?? "claude-fake", nextToolId: () => `toolu_fake_${String(++toolSeq).padStart(4, "0")}`, msgId: `msg_fake_${rec.seq}` });
        return;
      }

      // Unknown endpoint: answer something harmless.
      if (method === "HEAD" || method === "GET") {
        sendJson(res, 200, {});
      } else {
        sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `fake-anthropic: no route ${method} ${path}` } });
      }
    });
  });
  server.keepAliveTimeout = 1000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    mainBodies: () => requests.filter((r) => r.kind === "main" && r.body).map((r) => r.body as MessagesBody),
    bodies: (kind) => requests.filter((r) => r.kind === kind && r.body).map((r) => r.body as MessagesBody),
    ofKind: (kind) => requests.filter((r) => r.kind === kind),
    reset(newScript?: Script) {
      requests.length = 0;
      mainCount = 0;
      subCount = 0;
      if (newScript !== undefined) script = newScript;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, obj: unknown): void {
  const text = JSON.stringify(obj);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "request-id": "req_fake" });
  res.end(text);
}

interface AnswerCtx {
  chunkSize: number;
  model: string;
  nextToolId: () => string;
  msgId: string;
}

function chunk(s: string, n: number): string[] {
  if (s.length === 0) return [""];
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

/** Content blocks for a turn (tool ids assigned here). */
function turnBlocks(turn: Turn, ctx: AnswerCtx): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  if (turn.text !== undefined && turn.text !== "") blocks.push({ type: "text", text: turn.text });
  if (turn.toolCalls) {
    for (const call of turn.toolCalls) {
      blocks.push({ type: "tool_use", id: call.id ?? ctx.nextToolId(), name: call.name, input: call.input });
    }
  }
  if (blocks.length === 0) blocks.push({ type: "text", text: "" });
  return blocks;
}

function answerMessages(res: http.ServerResponse, body: MessagesBody, turn: Turn, ctx: AnswerCtx): void {
  if (turn.error) {
    sendJson(res, turn.error.status, { type: "error", error: { type: turn.error.type, message: turn.error.message } });
    return;
  }
  const model = typeof body.model === "string" ? body.model : ctx.model;
  const blocks = turnBlocks(turn, ctx);
  const stopReason = turn.toolCalls && turn.toolCalls.length > 0 ? "tool_use" : (turn.stopReason ?? "end_turn");
  const outText = JSON.stringify(blocks);
  const inputTokens = Math.max(1, Math.ceil(JSON.stringify(body).length / 4));
  const outputTokens = Math.max(1, Math.ceil(outText.length / 4));

  if (body.stream !== true) {
    sendJson(res, 200, {
      id: ctx.msgId,
      type: "message",
      role: "assistant",
      model,
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    return;
  }

  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": "req_fake" });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", {
    type: "message_start",
    message: {
      id: ctx.msgId,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === "tool_use") {
      send("content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
      for (const part of chunk(JSON.stringify(block.input ?? {}), ctx.chunkSize)) {
        send("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } });
      }
    } else {
      send("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
      for (const part of chunk(block.text ?? "", ctx.chunkSize)) {
        send("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: part } });
      }
    }
    send("content_block_stop", { type: "content_block_stop", index });
  });
  send("message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
  send("message_stop", { type: "message_stop" });
  res.end();
}

// ---------------------------------------------------------------------------
// Assertion helpers over recorded request bodies.

/** The tool_result blocks in the last user message of a request body. */
export function lastToolResults(body: MessagesBody): ContentBlock[] {
  const msgs = body.messages ?? [];
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i];
    if (!m || m.role !== "user") continue;
    if (typeof m.content === "string") return [];
    return m.content.filter((b) => b.type === "tool_result");
  }
  return [];
}

/** All tool_result blocks anywhere in a request body. */
export function allToolResults(body: MessagesBody): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const m of body.messages ?? []) {
    if (typeof m.content === "string") continue;
    for (const b of m.content) if (b.type === "tool_result") out.push(b);
  }
  return out;
}

/** Flatten a content value (string or blocks, nested tool_result content) to text. */
export function contentText(content: string | ContentBlock[] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content
    .map((b) => {
      if (typeof b.text === "string") return b.text;
      if (b.content !== undefined) return contentText(b.content);
      if (b.type === "tool_use") return JSON.stringify(b.input ?? {});
      return "";
    })
    .join("\n");
}

/** The system prompt as one string. */
export function systemText(body: MessagesBody): string {
  const s = body.system;
  if (s === undefined) return "";
  if (typeof s === "string") return s;
  return s.map((b) => b.text ?? "").join("\n");
}

/** Text of all messages of a role (or all roles). The client also sends `role: "system"` messages. */
export function messagesText(body: MessagesBody, role?: string): string {
  return (body.messages ?? [])
    .filter((m) => role === undefined || m.role === role)
    .map((m) => contentText(m.content))
    .join("\n");
}

/** Where a marker occurs in a request: "system" prompt, or message `<index>:<role>`. */
export function locate(body: MessagesBody, marker: string): string[] {
  const where: string[] = [];
  if (systemText(body).includes(marker)) where.push("system");
  (body.messages ?? []).forEach((m, i) => {
    if (contentText(m.content).includes(marker)) where.push(`messages[${i}]:${m.role}`);
  });
  if (JSON.stringify(body.tools ?? []).includes(marker)) where.push("tools");
  return where;
}
