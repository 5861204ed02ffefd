import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describeThrown, fail, ok, type Result } from "../errors.js";

// Reading the config's layers, apart from validating them: the hook reads a few keys on every
// Write and must not load the full schema library; the CLI validates everything (load.ts).

export interface ConfigSources {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Overrides the user's config folder (tests). */
  userConfigDir?: string;
}

export interface ConfigLayers {
  /** User file then project file, merged key by key. */
  fromFiles: Record<string, unknown>;
  /** `LOCAL_DELEGATE_<KEY>` values as typed, for the keys asked for. */
  fromEnv: Record<string, string>;
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

/** A YAML parser, passed in: the hook loads one only when there is a file to parse. */
export type ParseYaml = (text: string) => unknown;

export interface ConfigText {
  path: string;
  text: string;
}

/** The config files that exist, lowest precedence first, as text. */
export function readConfigTexts(src: ConfigSources): Result<ConfigText[]> {
  const out: ConfigText[] = [];
  for (const path of [userConfigPath(src.env, src.userConfigDir), projectConfigPath(src.root)]) {
    try {
      out.push({ path, text: readFileSync(path, "utf8") });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      return fail("CONFIG_INVALID", `cannot read ${path}: ${describeThrown(e)}`);
    }
  }
  return ok(out);
}

export function readConfigLayers(src: ConfigSources, keys: readonly string[], parseYaml: ParseYaml, texts?: ConfigText[]): Result<ConfigLayers> {
  const fromFiles: Record<string, unknown> = {};
  const files: string[] = [];
  const read = texts ? ok(texts) : readConfigTexts(src);
  if (!read.ok) return read;
  for (const { path, text } of read.value) {
    const layer = parseLayer(path, text, parseYaml);
    if (!layer.ok) return layer;
    Object.assign(fromFiles, layer.value);
    files.push(path);
  }
  const fromEnv: Record<string, string> = {};
  for (const key of keys) {
    const raw = src.env[`${ENV_PREFIX}${key.toUpperCase()}`];
    if (raw !== undefined && raw !== "") fromEnv[key] = raw;
  }
  return ok({ fromFiles, fromEnv, files });
}

/** An env value for a setting that is not a string: a YAML scalar or flow mapping (`{code: m1}`). */
export function parseEnvValue(raw: string, parseYaml: ParseYaml): unknown {
  try {
    return parseYaml(raw);
  } catch {
    return raw;
  }
}

function parseLayer(path: string, text: string, parseYaml: ParseYaml): Result<Record<string, unknown>> {
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
