import type { TaskKind } from "../spec/schema.js";
import type { ModelBackend } from "./backend.js";
import { streamChat } from "./chat.js";
import { discoverServer } from "./discover.js";
import { withoutCredentials } from "../util/model-id.js";

export interface ServerEndpointConfig {
  baseUrl: string;
  apiKey?: string | undefined;
  model?: string | undefined;
  models?: Partial<Record<TaskKind, string>> | undefined;
  maxParallel: number;
}

/** LM Studio, Ollama, llama.cpp's llama-server, vLLM: anything that speaks the OpenAI chat API. */
export function serverBackend(ep: ServerEndpointConfig, connectTimeoutMs: number): ModelBackend {
  // A chat's connection must open within connect_timeout_ms; the answer then has timeout_ms.
  const endpoint = { baseUrl: ep.baseUrl, apiKey: ep.apiKey, connectTimeoutMs };
  return {
    // The id is shown and recorded (results, ledger, messages): never a password in the URL.
    id: withoutCredentials(ep.baseUrl),
    type: "server",
    maxParallel: ep.maxParallel,
    modelFor: (kind) => ep.models?.[kind] ?? ep.model,
    describe: (signal) => discoverServer(endpoint, connectTimeoutMs, signal),
    chat: (req) => streamChat(endpoint, req),
  };
}
