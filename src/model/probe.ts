import * as z from "zod/mini";
import type { HealthRecord } from "./health-cache.js";
import { joinUrl, originOf } from "./url.js";

// Only the fields the probe reads, with zod's small build (the engine's full wire schemas live
// in src/model/wire.ts and would bring the full build into the hook).
const ModelList = z.looseObject({
  data: z.array(z.looseObject({ id: z.string(), status: z.optional(z.unknown()) })),
});
const LmStudioList = z.looseObject({
  data: z.array(z.looseObject({ id: z.string(), state: z.nullish(z.string()), type: z.nullish(z.string()) })),
});

/**
 * A quick "is the server up, and what is loaded" for the hooks: plain fetch with a short timeout,
 * no retries, no HTTP client library. LM Studio's native list says which model is loaded; llama.cpp's
 * router marks it in /v1/models; elsewhere the first listed model is what a run would pick.
 */
export async function probeServer(baseUrl: string, apiKey: string | undefined, timeoutMs: number, wanted?: string): Promise<HealthRecord> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const get = async (url: string): Promise<unknown> => {
    const r = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return (await r.json()) as unknown;
  };
  const checked_at = new Date().toISOString();
  try {
    const list = z.safeParse(ModelList, await get(joinUrl(baseUrl, "models")));
    if (!list.success) return { up: false, model: null, checked_at };
    if (wanted) return { up: true, model: wanted, checked_at };
    const native = await get(`${originOf(baseUrl)}/api/v0/models`).catch(() => null);
    const lms = native ? z.safeParse(LmStudioList, native) : null;
    if (lms?.success) {
      const loaded = lms.data.data.find((m) => m.state === "loaded" && m.type !== "embeddings");
      return { up: true, model: loaded?.id ?? null, checked_at };
    }
    const loaded = list.data.data.find((m) => (m.status as { value?: unknown } | undefined)?.value === "loaded");
    return { up: true, model: loaded?.id ?? list.data.data[0]?.id ?? null, checked_at };
  } catch {
    return { up: false, model: null, checked_at };
  }
}
