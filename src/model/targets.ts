import { basename } from "node:path";
import { isFresh, readHealthCache, writeHealthCache, type HealthRecord } from "./health-cache.js";
import { probeServer } from "./probe.js";
import { withoutCredentials } from "../util/model-id.js";

/** The settings that say where the model runs, read structurally (the hook has no full schema). */
export interface TargetConfig {
  backend?: string | undefined;
  base_url: string;
  api_key?: string | undefined;
  model?: string | undefined;
  model_path?: string | undefined;
  endpoints?: ReadonlyArray<{ base_url: string; api_key?: string | undefined; model?: string | undefined }> | undefined;
}

export interface HealthTarget {
  /** Names the health cache file: the one server, the endpoint list, or the embedded model. */
  cacheKey: string;
  /** What the policy and the status line call the place the model runs. */
  label: string;
  check: (timeoutMs: number) => Promise<HealthRecord>;
}

/**
 * Where to look for the local model, as the engine would: the embedded model needs no server; a
 * list of endpoints is up when any one is (a run fails over to it).
 */
export function healthTarget(c: TargetConfig): HealthTarget {
  if (c.backend === "embedded") {
    const model = c.model_path ? basename(c.model_path).replace(/\.gguf$/i, "") : null;
    return { cacheKey: healthCacheKey(c), label: "the embedded model", check: async () => ({ up: Boolean(c.model_path), model, checked_at: new Date().toISOString() }) };
  }
  const servers = c.endpoints?.length ? c.endpoints.map((e) => ({ baseUrl: e.base_url, apiKey: e.api_key, model: e.model ?? c.model })) : [{ baseUrl: c.base_url, apiKey: c.api_key, model: c.model }];
  return {
    cacheKey: healthCacheKey(c),
    label: servers.map((s) => withoutCredentials(s.baseUrl)).join(", "),
    check: async (timeoutMs) => {
      let last: HealthRecord | null = null;
      for (const s of servers) {
        last = await probeServer(s.baseUrl, s.apiKey, timeoutMs, s.model);
        if (last.up) return last;
      }
      return last!;
    },
  };
}

/**
 * The name of the target's health cache file: the one server, the endpoint list, or the embedded
 * model. Apart from healthTarget for the prompt hook, which reads the cache and never checks.
 */
export function healthCacheKey(c: TargetConfig): string {
  if (c.backend === "embedded") return `embedded:${c.model_path ?? ""}`;
  return (c.endpoints?.length ? c.endpoints.map((e) => e.base_url) : [c.base_url]).join(" ");
}

/**
 * The target's health as cached in `stateDir`, checked again (within `timeoutMs`) and re-cached
 * only when the cache is older than `maxAgeMs`: the hook and the status line run often and must
 * not wait on the network each time.
 */
export async function cachedHealth(stateDir: string, target: HealthTarget, maxAgeMs: number, timeoutMs: number, now = new Date()): Promise<HealthRecord> {
  const cached = readHealthCache(stateDir, target.cacheKey);
  if (cached && isFresh(cached, now, maxAgeMs)) return cached;
  const fresh = await target.check(timeoutMs);
  writeHealthCache(stateDir, target.cacheKey, fresh);
  return fresh;
}
