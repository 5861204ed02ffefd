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

