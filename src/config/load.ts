import { parse as parseYaml } from "yaml";
import { fail, ok, type Result } from "../errors.js";
import { describeZodError } from "../util/zod-errors.js";
import { ENV_PREFIX, parseEnvValue, readConfigLayers, type ConfigSources } from "./layers.js";
import { CONFIG_KEYS, ConfigSchema, type Config } from "./schema.js";

export { ENV_PREFIX, projectConfigPath, userConfigPath, type ConfigSources } from "./layers.js";

export interface LoadedConfig {
  config: Config;
  /** The files that were read, lowest precedence first. */
  files: string[];
}

/** User file, then project file, then environment: later wins, key by key. */
export function loadConfig(src: ConfigSources): Result<LoadedConfig> {
  const layers = readConfigLayers(src, CONFIG_KEYS, parseYaml);
  if (!layers.ok) return layers;
  const { files } = layers.value;
  const fromEnv: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(layers.value.fromEnv)) {
    // A setting that takes a string keeps the text as typed: a model id such as `qwen2.5:7b` or
    // `7`, a numeric API key, a URL. Only what a string cannot be is read as YAML.
    const setting = ConfigSchema.shape[key as keyof typeof ConfigSchema.shape];
    fromEnv[key] = setting.safeParse(raw).success ? raw : parseEnvValue(raw, parseYaml);
  }
  const merged: Record<string, unknown> = { ...layers.value.fromFiles, ...fromEnv };

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error, CONFIG_KEYS, merged);
    const where = field in fromEnv ? `${ENV_PREFIX}${field.toUpperCase()}` : field;
    const inFiles = files.length ? ` (config: ${files.join(", ")})` : "";
    return fail("CONFIG_INVALID", `${message}${inFiles}`, { field: where });
  }
  return ok({ config: parsed.data, files });
}
