import * as z from "zod/mini";
import { parseEnvValue, readConfigLayers, readConfigTexts, type ConfigSources, type ParseYaml } from "../config/layers.js";
import { DEFAULT_BASE_URL, DEFAULT_HOOK_MODE, HOOK_MODES } from "../config/defaults.js";

// The few settings the hook reads, validated with zod's small build: the hook runs on every Write
// and the full config schema (with zod's full build) would double its start-up time. Other keys
// are ignored here; `local-delegate doctor` validates the whole config.
const KEYS = ["base_url", "api_key", "model", "hook_mode", "backend", "model_path", "endpoints", "route_min_first_pass", "route_min_samples", "route_window"] as const;

const HookConfigSchema = z.object({
  base_url: z._default(z.url(), DEFAULT_BASE_URL),
  api_key: z.optional(z.string()),
  model: z.optional(z.string()),
  hook_mode: z._default(z.enum(HOOK_MODES), DEFAULT_HOOK_MODE),
  // Where the model runs (src/model/targets.ts reads these as the engine does).
  backend: z.optional(z.string()),
  model_path: z.optional(z.string()),
  endpoints: z.optional(z.array(z.looseObject({ base_url: z.url(), api_key: z.optional(z.string()), model: z.optional(z.string()) }))),
  // Adaptive routing's thresholds (see src/classify/adaptive.ts); env values arrive as text.
  route_min_first_pass: z.optional(z.coerce.number()),
  route_min_samples: z.optional(z.coerce.number()),
  route_window: z.optional(z.coerce.number()),
});

export type HookConfig = z.infer<typeof HookConfigSchema>;

/**
 * The hook's settings, or null when the config cannot be read (then the hook stays out of the
 * way). The YAML parser is loaded only when there is YAML to parse: most projects have no config
 * file, and loading the parser is a good part of the hook's start-up.
 */
export async function readHookConfig(src: ConfigSources): Promise<HookConfig | null> {
  const texts = readConfigTexts(src);
  if (!texts.ok) return null;
  const needsYaml = texts.value.length > 0 || Boolean(src.env.LOCAL_DELEGATE_ENDPOINTS);
  // "yaml" is its own file beside the hook bundle (scripts/build.mjs), loaded only here.
  const parseYaml: ParseYaml = needsYaml ? ((await import("yaml")) as { parse: ParseYaml }).parse : () => ({});
  const layers = readConfigLayers(src, KEYS, parseYaml, texts.value);
  if (!layers.ok) return null;
  const merged: Record<string, unknown> = {};
  for (const k of KEYS) {
    const env = layers.value.fromEnv[k];
    // A structured setting from the environment is YAML (`[{base_url: …}]`), as the CLI reads it.
    const v = env !== undefined ? (k === "endpoints" ? parseEnvValue(env, parseYaml) : env) : layers.value.fromFiles[k];
    if (v !== undefined && v !== null) merged[k] = v;
  }
  const parsed = z.safeParse(HookConfigSchema, merged);
  return parsed.success ? parsed.data : null;
}
