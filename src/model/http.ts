import ky, { type KyInstance } from "ky";

// URL helpers live apart so the hook bundle can use them without the HTTP client.
export { joinUrl, originOf } from "./url.js";

export interface ServerEndpoint {
  /** OpenAI-compatible base URL ending in /v1. */
  baseUrl: string;
  apiKey?: string | undefined;
}

export function httpClient(ep: ServerEndpoint): KyInstance {
  return ky.create({
    // POST is never retried by ky, and a GET retry would hide a dead server: the engine decides.
    retry: 0,
    throwHttpErrors: false,
    headers: ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {},
  });
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
