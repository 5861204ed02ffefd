import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { fail, ok, type Result } from "../errors.js";
import { TASK_KINDS, type TaskKind } from "../spec/schema.js";
import type { ModelBackend } from "./backend.js";
import { embeddedBackend, type EmbeddedConfig } from "./embedded.js";
import { serverBackend, type ServerEndpointConfig } from "./http-backend.js";

export type BackendSpec = ({ type: "server" } & ServerEndpointConfig) | ({ type: "embedded" } & EmbeddedConfig);

/**
 * The backends a config names, in the order they are tried. Pure. `backend: embedded` is one
 * in-process model; `endpoints` lists servers; otherwise `base_url` is the one server. A model
 * set on an endpoint wins over the top-level `model`/`models`, since a laptop rarely holds the
 * GPU box's model; an API key stays with the endpoint it was given for.
 */
export function backendSpecs(config: Config, root: string): Result<BackendSpec[]> {
  if (config.backend === "embedded") {
    if (!config.model_path) {
      return fail("CONFIG_INVALID", "backend: embedded needs the GGUF file to load", {
        field: "model_path",
        hint: "set model_path: ~/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf",
      });
    }
    return ok([{ type: "embedded", modelPath: expandPath(config.model_path, root), contextLength: config.context_length, maxParallel: 1 }]);
  }
  if (!config.endpoints) {
    return ok([{ type: "server", baseUrl: config.base_url, apiKey: config.api_key, model: config.model, models: config.models, maxParallel: config.max_parallel }]);
  }
  return ok(
    config.endpoints.map((ep) => {
      const models: Partial<Record<TaskKind, string>> = {};
      for (const k of TASK_KINDS) {
        const m = ep.models?.[k] ?? ep.model ?? config.models?.[k] ?? config.model;
        if (m) models[k] = m;
      }
      return { type: "server" as const, baseUrl: ep.base_url, apiKey: ep.api_key, models, maxParallel: ep.max_parallel ?? config.max_parallel };
    }),
  );
}

export function createBackends(config: Config, root: string): Result<ModelBackend[]> {
  const specs = backendSpecs(config, root);
  if (!specs.ok) return specs;
  return ok(specs.value.map((s) => (s.type === "embedded" ? embeddedBackend(s) : serverBackend(s, config.connect_timeout_ms))));
}

function expandPath(p: string, root: string): string {
  if (p === "~" || p.startsWith("~/")) return join(process.env.HOME || homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(root, p);
}
