import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { describeZodError } from "../util/zod-errors.js";
import { CONFIG_KEYS, ConfigSchema, type Config } from "./schema.js";

export interface ConfigSources {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Overrides the user's config folder (tests). */
  userConfigDir?: string;
}

export interface LoadedConfig {
  config: Config;
  /** The files that were read, lowest precedence first. */
  files: string[];
}

export const ENV_PREFIX = "LOCAL_DELEGATE_";

export function projectConfigPath(root: string): string {
  return join(root, ".claude", "local-delegate.yaml");
}

export function userConfigPath(env: NodeJS.ProcessEnv, override?: string): string {
  const base = override ?? (env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), ".config"));
  return join(base, "local-delegate", "config.yaml");
}

/** User file, then project file, then environment: later wins, key by key. */
export function loadConfig(src: ConfigSources): Result<LoadedConfig> {
  const merged: Record<string, unknown> = {};
  const files: string[] = [];
  for (const path of [userConfigPath(src.env, src.userConfigDir), projectConfigPath(src.root)]) {
    const layer = readYamlLayer(path);
    if (!layer.ok) return layer;
    if (layer.value) {
      Object.assign(merged, layer.value);
      files.push(path);
    }
  }
  const fromEnv = envLayer(src.env);
  if (!fromEnv.ok) return fromEnv;
  Object.assign(merged, fromEnv.value);

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error, CONFIG_KEYS, merged);
    const where = field in fromEnv.value ? `${ENV_PREFIX}${field.toUpperCase()}` : field;
    const inFiles = files.length ? ` (config: ${files.join(", ")})` : "";
    return fail("CONFIG_INVALID", `${message}${inFiles}`, { field: where });
  }
  return ok({ config: parsed.data, files });
}

function readYamlLayer(path: string): Result<Record<string, unknown> | null> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return ok(null);
    return fail("CONFIG_INVALID", `cannot read ${path}: ${describeThrown(e)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    return fail("CONFIG_INVALID", `${path} is not valid YAML: ${describeThrown(e).split("\n")[0]}`);
  }
  if (data === null || data === undefined) return ok({});
  if (typeof data !== "object" || Array.isArray(data)) {
    return fail("CONFIG_INVALID", `${path} must hold a mapping of settings, e.g. "model: qwen2.5-coder-7b-instruct"`);
  }
  return ok(data as Record<string, unknown>);
}

/**
 * `LOCAL_DELEGATE_<KEY>` for each known key. Values are YAML scalars, so numbers and booleans
 * come through typed and a structured key (`models`) can be given as `{code: m1, doc: m2}`.
 */
function envLayer(env: NodeJS.ProcessEnv): Result<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const raw = env[`${ENV_PREFIX}${key.toUpperCase()}`];
    if (raw === undefined || raw === "") continue;
    try {
      // A setting that takes a string keeps the text as typed: a model id such as `qwen2.5:7b` or
      // `7`, a numeric API key, a URL. Only what a string cannot be is read as YAML.
      const setting = ConfigSchema.shape[key as keyof typeof ConfigSchema.shape];
      out[key] = setting.safeParse(raw).success ? raw : (parseYaml(raw) as unknown);
    } catch {
      out[key] = raw;
    }
  }
  return ok(out);
}
