import * as z from "zod/mini";
import { startDeadline, type Deadline } from "./deadline.js";
import type { HealthRecord } from "./health-cache.js";
import { MAX_LIST_BYTES, readBody, send } from "./http.js";
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
 * A quick "is the server up, and what is loaded" for the hooks: no retries, and one deadline of
 * `timeoutMs` for the whole check, however the server behaves. LM Studio's native list says which
 * model is loaded; llama.cpp's router marks it in /v1/models; elsewhere the first listed model is
 * what a run would pick.
 */
export async function probeServer(baseUrl: string, apiKey: string | undefined, timeoutMs: number, wanted?: string): Promise<HealthRecord> {
  const deadline = startDeadline(timeoutMs, "the health check");
  const checked_at = new Date().toISOString();
  try {
    const list = z.safeParse(ModelList, await getJson({ baseUrl, apiKey }, joinUrl(baseUrl, "models"), deadline));
    if (!list.success) return { up: false, model: null, checked_at };
    if (wanted) return { up: true, model: wanted, checked_at };
    const native = await getJson({ baseUrl, apiKey }, `${originOf(baseUrl)}/api/v0/models`, deadline).catch(() => null);
    const lms = native ? z.safeParse(LmStudioList, native) : null;
    if (lms?.success) {
      const loaded = lms.data.data.find((m) => m.state === "loaded" && m.type !== "embeddings");
      return { up: true, model: loaded?.id ?? null, checked_at };
    }
    const loaded = list.data.data.find((m) => (m.status as { value?: unknown } | undefined)?.value === "loaded");
    return { up: true, model: loaded?.id ?? list.data.data[0]?.id ?? null, checked_at };
  } catch {
    return { up: false, model: null, checked_at };
  } finally {
    deadline.dispose();
  }
}

/** A JSON body of at most MAX_LIST_BYTES; throws on anything else. */
async function getJson(ep: { baseUrl: string; apiKey: string | undefined }, url: string, deadline: Deadline): Promise<unknown> {
  const res = await send(ep, "GET", url, deadline);
  if (res.status >= 400) {
    res.close();
    throw new Error(`HTTP ${res.status}`);
  }
  const { text, over } = await readBody(res, MAX_LIST_BYTES);
  if (over) throw new Error("too large");
  return JSON.parse(text) as unknown;
}
