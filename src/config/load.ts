import { parse as parseYaml } from "yaml";
import { fail, ok, type Result } from "../errors.js";
import { describeZodError } from "../util/zod-errors.js";
import { envName, LAYER_ORDER, misspeltEnvNames, parseEnvValue, readConfigLayers, type ConfigLayer, type ConfigSources, type LayerKind } from "./layers.js";
import { keyStaysWithItsServer } from "./key-server.js";
import { CONFIG_KEYS, ConfigSchema, type Config } from "./schema.js";

export { ENV_PREFIX, LAYER_ORDER, projectConfigPath, userConfigPath, type ConfigSources, type LayerKind } from "./layers.js";

/** Where a setting's value came from: the layer, and the file, option or variable that set it. */
export interface ConfigSource {
  layer: LayerKind;
  /** The file's path, `plugin option base_url`, or `LOCAL_DELEGATE_BASE_URL`. */
  name: string;
}

export interface LoadedConfig {
  config: Config;
  /** The files that were read, lowest precedence first. */
  files: string[];
  /** Every setting a layer set, with the layer that won; a setting not listed has its default. */
  sources: Record<string, ConfigSource>;
}

/** User file, then plugin options, then project file, then environment: later wins, key by key. */
export function loadConfig(src: ConfigSources): Result<LoadedConfig> {
  const read = readConfigLayers(src, CONFIG_KEYS, parseYaml);
  if (!read.ok) return read;
  const misspelt = misspeltVariable(src.env);
  if (!misspelt.ok) return misspelt;
  const { files, layers } = read.value;
  const merged: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer.values)) {
      merged[key] = layer.kind === "user" || layer.kind === "project" ? raw : typedValue(key, String(raw));
      sources[key] = { layer: layer.kind, name: sourceName(layer, key) };
    }
  }
  laterServersWin(merged, sources);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error, CONFIG_KEYS, merged);
    // The setting as the user set it: a file's key, the variable, or the plugin's option.
    const top = field.split(/[.[]/)[0] ?? "";
    const from = sources[top];
    const typed = from?.layer === "env" || from?.layer === "plugin";
    // The file that set the value (each setting's value is one layer's), not every file read, and
    // none beside a variable's or an option's mistake.
    const blamed = from ? [from.name] : files;
    const inFiles = blamed.length && !typed ? ` (config: ${blamed.join(", ")})` : "";
    const hint = from?.layer === "plugin" ? { hint: "change it in Claude Code with /plugin configure" } : {};
    return fail("CONFIG_INVALID", `${message}${inFiles}`, { field: typed ? `${from.name}${field.slice(top.length)}` : field, ...hint });
  }
  const config = parsed.data;
  // With endpoints too: `ask` and the warm-up still send the top-level key to the top-level base_url.
  if (config.backend === "server") {
    const paired = keyStaysWithItsServer(layers, sources, config.base_url);
    if (!paired.ok) return paired;
  }
  return ok({ config, files, sources });
}

/**
 * A variable that is a setting's name misspelt (`BASEURL` for `BASE_URL`) would leave that setting at
 * another value, perhaps another server, without a word; as a file's unknown key, it is refused.
 * A name close to no setting is left alone: the plugin's own markers (a job's id, the helper's).
 */
function misspeltVariable(env: NodeJS.ProcessEnv): Result<null> {
  const [first] = misspeltEnvNames(env, CONFIG_KEYS);
  if (!first) return ok(null);
  const [name, near] = first;
  return fail("CONFIG_INVALID", `unknown setting (did you mean ${envName(near)}?)`, { field: name, hint: `rename it ${envName(near)}, or unset it` });
}

/**
 * `base_url` and `endpoints` both say where code is sent. In one layer `endpoints` replaces
 * `base_url` (it is the longer answer); across layers the later one wins, as any setting does: a
 * variable set for one command, or a project's own server, must not lose to a list of servers an
 * earlier layer named, for the code would go to servers the user did not choose for this run.
 */
function laterServersWin(merged: Record<string, unknown>, sources: Record<string, ConfigSource>): void {
  const url = sources.base_url;
  const list = sources.endpoints;
  if (!url || !list || LAYER_ORDER.indexOf(url.layer) <= LAYER_ORDER.indexOf(list.layer)) return;
  delete merged.endpoints;
  delete sources.endpoints;
}

/**
 * An option or a variable, typed as text: a setting that takes a string keeps the text as typed
 * (a model id such as `qwen2.5:7b` or `7`, a numeric API key, a URL); only what a string cannot be
 * is read as YAML.
 */
function typedValue(key: string, raw: string): unknown {
  const setting = ConfigSchema.shape[key as keyof typeof ConfigSchema.shape];
  return setting.safeParse(raw).success ? raw : parseEnvValue(raw, parseYaml);
}

function sourceName(layer: ConfigLayer, key: string): string {
  if (layer.kind === "env") return envName(key);
  if (layer.kind === "plugin") return `plugin option ${key}`;
  return layer.where;
}
