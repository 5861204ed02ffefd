import { existsSync, lstatSync, readFileSync, readlinkSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { closest } from "../util/closest.js";
import { absoluteHome } from "../util/home.js";

// Reading the config's layers, apart from validating them: the hook reads a few keys on every
// Write and must not load the full schema library; the CLI validates everything (load.ts).

export interface ConfigSources {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Overrides the user's config folder (tests). */
  userConfigDir?: string;
}

/** Where a layer's values come from, lowest precedence first (the order of `LAYER_ORDER`). */
export type LayerKind = "user" | "plugin" | "project" | "env";

/**
 * The layers, lowest precedence first: the user's file, the plugin's options as set in Claude
 * Code (`/plugin configure`), the project's file, `LOCAL_DELEGATE_<KEY>` variables. A project
 * says what it needs over what one user chose once for all projects, and a variable set for one
 * command wins over everything.
 */
export const LAYER_ORDER: readonly LayerKind[] = ["user", "plugin", "project", "env"];

export interface ConfigLayer {
  kind: LayerKind;
  /** The file's path; for plugin options and variables, what a person calls them. */
  where: string;
  /** From a file, as YAML parsed it; from an option or a variable, the text as typed. */
  values: Record<string, unknown>;
}

export interface ConfigLayers {
  /** The layers that set anything, lowest precedence first. */
  layers: ConfigLayer[];
  /** The files that were read, lowest precedence first. */
  files: string[];
}

export const ENV_PREFIX = "LOCAL_DELEGATE_";

/**
 * Claude Code hands a plugin's `userConfig` values to its hooks as `CLAUDE_PLUGIN_OPTION_<KEY>`
 * (the key upper-cased); the SessionStart hook passes them on to the session's shell, where Claude
 * runs the CLI (hook/plugin-env.ts). An option left unset has no variable, even with a default.
 */
export const PLUGIN_OPTION_PREFIX = "CLAUDE_PLUGIN_OPTION_";
/** The settings `.claude-plugin/plugin.json` asks for when the plugin is enabled (test/plugin/user-config.test.ts keeps the two equal). */
export const PLUGIN_OPTION_KEYS = ["base_url", "model", "api_key", "hook_mode"] as const;

export const envName = (key: string): string => `${ENV_PREFIX}${key.toUpperCase()}`;
export const optionName = (key: string): string => `${PLUGIN_OPTION_PREFIX}${key.toUpperCase()}`;

export function projectConfigPath(root: string): string {
  return join(root, ".claude", "local-delegate.yaml");
}

export function userConfigPath(env: NodeJS.ProcessEnv, override?: string): string {
  return join(override ?? userConfigBase(env), "local-delegate", "config.yaml");
}

/**
 * XDG_CONFIG_HOME, else HOME/.config. Only an absolute path counts (the XDG spec's rule, and
 * stateDir's): a relative one (`HOME=` set empty) would make "your file" whatever lies under the
 * folder a command runs in, a project's perhaps, and another one in the resident hook helper's.
 */
function userConfigBase(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return env.XDG_CONFIG_HOME;
  // With no home to be had, /.config: no user's config is there.
  return join(absoluteHome(env) ?? "/", ".config");
}

/** A YAML parser, passed in: the hook loads one only when there is a file to parse. */
export type ParseYaml = (text: string) => unknown;

export interface ConfigText {
  kind: "user" | "project";
  path: string;
  text: string;
}

/** The config files that exist, lowest precedence first, as text. */
export function readConfigTexts(src: ConfigSources): Result<ConfigText[]> {
  const out: ConfigText[] = [];
  const files = [
    { kind: "user", path: userConfigPath(src.env, src.userConfigDir) },
    { kind: "project", path: projectConfigPath(src.root) },
  ] as const;
  for (const { kind, path } of files) {
    try {
      out.push({ kind, path, text: readFileSync(path, "utf8") });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") return fail("CONFIG_INVALID", `cannot read ${path}: ${describeThrown(e)}`);
      const link = brokenLink(path);
      if (!link) continue;
      return fail("CONFIG_INVALID", `cannot read ${path}: ${link} is a symbolic link to ${linkTarget(link)}, which does not exist`, { hint: "restore what it points to, or remove the link" });
    }
  }
  return ok(out);
}

/**
 * The link that leads nowhere, at a config file's path or at its folder: a config kept elsewhere
 * (a dotfiles repository, GNU Stow's folder links) that was moved or is not checked out here. Read
 * as no file, every setting in it would take its default without a word. Undefined when the file
 * is simply absent.
 */
export function brokenLink(path: string): string | undefined {
  try {
    // The nearest that is there: a file or folder there exists, unless it is a link to nothing.
    for (const p of [path, dirname(path)]) if (lstatSync(p, { throwIfNoEntry: false })) return existsSync(p) ? undefined : p;
  } catch {
    // Unreadable: taken as absent, as before.
  }
  return undefined;
}

function linkTarget(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return "a path";
  }
}

/** Values set in the environment under `name(key)`, for the keys asked for; an empty value is no value. */
export function typedValues(env: NodeJS.ProcessEnv, keys: readonly string[], name: (key: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const raw = env[name(key)];
    if (raw !== undefined && raw !== "") out[key] = raw;
  }
  return out;
}

/**
 * The `LOCAL_DELEGATE_` variables set that are a setting's name misspelt (`BASEURL` for
 * `BASE_URL`), each with the setting it is closest to; load.ts refuses them. Names close to no
 * setting are the plugin's own markers (a job's, a run's or a check command's id, the hook
 * helper's switches), which differ from one process to the next: a config snapshot keyed on them
 * would be made stale by every warm-up and job, and each hook after it would parse the YAML again.
 */
export function misspeltEnvNames(env: NodeJS.ProcessEnv, keys: readonly string[]): [name: string, near: string][] {
  const settings = new Set(keys.map(envName));
  const out: [string, string][] = [];
  for (const n of Object.keys(env).sort()) {
    if (!n.startsWith(ENV_PREFIX) || !env[n] || settings.has(n)) continue;
    const near = closest(n.slice(ENV_PREFIX.length).toLowerCase(), keys);
    if (near) out.push([n, near]);
  }
  return out;
}

export function readConfigLayers(src: ConfigSources, keys: readonly string[], parseYaml: ParseYaml): Result<ConfigLayers> {
  const read = readConfigTexts(src);
  if (!read.ok) return read;
  const byKind = new Map<LayerKind, ConfigLayer>();
  for (const { kind, path, text } of read.value) {
    const values = parseLayer(path, text, parseYaml);
    if (!values.ok) return values;
    byKind.set(kind, { kind, where: path, values: values.value });
  }
  const optionKeys = keys.filter((k) => (PLUGIN_OPTION_KEYS as readonly string[]).includes(k));
  byKind.set("plugin", { kind: "plugin", where: "Claude Code plugin options", values: typedValues(src.env, optionKeys, optionName) });
  byKind.set("env", { kind: "env", where: "environment", values: typedValues(src.env, keys, envName) });
  const layers = LAYER_ORDER.map((k) => byKind.get(k)).filter((l): l is ConfigLayer => l !== undefined && Object.keys(l.values).length > 0);
  return ok({ layers, files: read.value.map((t) => t.path) });
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
