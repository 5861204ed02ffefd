// The one HTTP client of the model layer: node:http(s) under a deadline, with bodies read piece
// by piece. Not fetch, and not ky over fetch: fetch links the caller's signal to its request
// through a weak reference (nodejs/undici#3644), and ky passes its request through `new Request`,
// so after one garbage collection an abort reached nothing and a server that dripped tokens kept
// a run (and its file lock) for minutes. Here the deadline destroys the socket itself, and every
// wait is raced against it. node:http is imported when a request is made: the hook imports this
// module and must not load the network stack to start.
import type { ClientRequest, IncomingMessage } from "node:http";
import type { Deadline } from "./deadline.js";
import type { LookupPlaces } from "./lookup.js";

// URL helpers live apart so the hook's other modules can use them without this one.
export { joinUrl, originOf } from "./url.js";

export interface ServerEndpoint {
  /** OpenAI-compatible base URL ending in /v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  /** Bounds opening each request's TCP connection (`connect_timeout_ms`); none when absent. */
  connectTimeoutMs?: number | undefined;
}

/** An error answer is read this far for its message; the rest is never read. */
export const ERROR_BODY_BYTES = 16 * 1024;

/** A model list, /props or LM Studio's native list is read this far; real ones are a few KB. */
export const MAX_LIST_BYTES = 1024 * 1024;

/** A response whose body is read one piece at a time, each wait bounded by the call's deadline. */
export interface HttpResponse {
  status: number;
  statusText: string;
  /** A header's value, "" when absent. */
  header(name: string): string;
  /** The next piece of the body, or null at its end. Rejects when the deadline ends or the connection breaks. */
  read(): Promise<Buffer | null>;
  /** Done with it: a body not read to its end is never downloaded (the connection is closed). */
  close(): void;
}

/** The TCP connection did not open within `connect_timeout_ms`. */
export class ConnectTimeout extends Error {
  override readonly name = "ConnectTimeout";
  constructor(readonly ms: number) {
    super(`no connection within ${ms} ms`);
  }
}

/**
 * One request, resolved when the response headers arrive. Rejects with the deadline's reason when
 * it ends first (the socket is destroyed), `ConnectTimeout`, or the network error. A keep-alive
 * connection the server closed while idle never carried the request, so that one is retried once.
 */
export async function send(
  ep: ServerEndpoint,
  method: "GET" | "POST",
  url: string,
  deadline: Deadline,
  json?: unknown,
  /** DNS servers and hosts file in place of the system's: for tests. */
  places?: LookupPlaces,
): Promise<HttpResponse> {
  const u = new URL(url);
  const lib = u.protocol === "https:" ? await import("node:https") : await import("node:http");
  // A host name is looked up without getaddrinfo's thread (lookup.ts); an IP literal needs no lookup.
  const { isIP } = await import("node:net");
  const named = isIP(u.hostname.replace(/^\[|\]$/g, "")) ? null : await import("./lookup.js");
  // A little short of the deadline, so that a silent DNS is reported as such, naming the host.
  const lookupMs = Math.max(1, deadline.ms - Math.min(250, deadline.ms / 10));
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json), "utf8");
  const headers: Record<string, string | number> = { accept: "application/json, text/event-stream" };
  if (ep.apiKey) headers.authorization = `Bearer ${ep.apiKey}`;
  if (body) Object.assign(headers, { "content-type": "application/json", "content-length": body.length });
  for (let attempt = 1; ; attempt++) {
    const r = await deadline.race(
      new Promise<HttpResponse | "stale">((resolve, reject) => {
        const host = named?.hostLookup(lookupMs, places);
        const cr = lib.request(u, { method, headers, lookup: host?.lookup });
        let connectTimer: NodeJS.Timeout | undefined;
        const offEnd = deadline.onEnd((why) => cr.destroy(why));
        // A DNS query still waiting when the request ends (deadline, connect timeout, error) would keep the process alive.
        cr.once("close", () => host?.cancel());
        cr.once("socket", (socket) => {
          // A reused keep-alive socket is already open; a new one must open within the bound.
          if (!ep.connectTimeoutMs || !socket.connecting) return;
          const ms = ep.connectTimeoutMs;
          // Still waiting on DNS: say so, naming the host, rather than blame the server.
          connectTimer = setTimeout(() => cr.destroy(host?.silence() ?? new ConnectTimeout(ms)), ms);
          socket.once("connect", () => clearTimeout(connectTimer));
        });
        cr.once("response", (res) => {
          clearTimeout(connectTimer);
          resolve(wrap(cr, res, deadline, offEnd));
        });
        // `on`, not `once`: a second error (the socket dying after a destroy) must not go unhandled.
        cr.on("error", (e) => {
          clearTimeout(connectTimer);
          offEnd();
          if (attempt === 1 && cr.reusedSocket && !deadline.ended && isStaleConnection(e)) resolve("stale");
          else reject(e);
        });
        cr.end(body);
      }),
    );
    if (r !== "stale") return r;
  }
}

function wrap(cr: ClientRequest, res: IncomingMessage, deadline: Deadline, offEnd: () => void): HttpResponse {
  const pieces = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let finished = false;
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? "",
    header(name) {
      const v = res.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(", ") : (v ?? "");
    },
    async read() {
      if (finished) return null;
      const next = await deadline.race(pieces.next());
      if (!next.done) return next.value;
      // Read to the end: the socket went back to the keep-alive pool and is no longer ours.
      finished = true;
      offEnd();
      return null;
    },
    close() {
      if (finished) return;
      finished = true;
      offEnd();
      cr.destroy();
    },
  };
}

/** The body as text, up to `max` bytes; `over` when there was more, which is never read. Closes the response. */
export async function readBody(res: HttpResponse, max: number): Promise<{ text: string; over: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for (let piece = await res.read(); piece; piece = await res.read()) {
      parts.push(piece);
      size += piece.length;
      if (size > max) return { text: Buffer.concat(parts).subarray(0, max).toString("utf8"), over: true };
    }
    return { text: Buffer.concat(parts).toString("utf8"), over: false };
  } finally {
    res.close();
  }
}

/**
 * A keep-alive connection the server closed while idle: the request never reached it, so one
 * resend is safe. llama.cpp's router does this now and then, and any server may after a pause
 * (a long prompt build between two requests).
 */
export function isStaleConnection(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
