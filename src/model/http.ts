import ky, { type KyInstance } from "ky";

export interface ServerEndpoint {
  /** OpenAI-compatible base URL ending in /v1. */
  baseUrl: string;
  apiKey?: string | undefined;
}

/** The server's origin, for the native endpoints beside /v1 (LM Studio's /api/v0, llama.cpp's /props). */
export function originOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  const path = u.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${u.origin}${path}`;
}

export function httpClient(ep: ServerEndpoint): KyInstance {
  return ky.create({
    // POST is never retried by ky, and a GET retry would hide a dead server: the engine decides.
    retry: 0,
    throwHttpErrors: false,
    headers: ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {},
  });
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
