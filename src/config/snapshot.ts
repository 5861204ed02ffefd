import { lstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brokenLink, ENV_PREFIX, envName, optionName, misspeltEnvNames, PLUGIN_OPTION_KEYS, projectConfigPath, userConfigPath, type ConfigSources } from "./layers.js";
import type { Config } from "./schema.js";
import { safeName } from "../util/safe-name.js";

// The validated config as JSON, for the hook: it starts on every Write Claude makes and must not
// load a YAML parser and a schema library each time (together about half of its start-up). The
// snapshot is written only from a config that passed `ConfigSchema` (snapshot-write.ts, by the CLI
// and by the hook when the snapshot is missing or stale), and it holds the sizes, times and inodes
// of the config files, the plugin's options (`CLAUDE_PLUGIN_OPTION_<KEY>`) and the
// `LOCAL_DELEGATE_<KEY>` values it was made from: when any differs, the hook reads the config the
// full way again. node:fs only, type-only imports.
//
// It lives in the user's state folder, not in the project: it holds what the user's own config
// file and environment say (API keys among them), which must not land in a folder that may be
// committed or shared, and another user of the same project has another config.

/**
 * Which `ConfigSchema` (keys, bounds, defaults) a snapshot was validated against, and which way of
 * merging the layers (`<n>`, raised when load.ts merges differently): a snapshot made under another
 * is stale. test/config/snapshot.test.ts fails when the schema changes and this does not.
 */
export const SNAPSHOT_SCHEMA = "4:b1541592";

/** A config file as found: path, size, mtime, ctime, inode; or the path alone when it is absent. */
export type FileStamp = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number] | [path: string];

export interface SnapshotKey {
  schema: string;
  root: string;
  files: FileStamp[];
  /** Every config key's environment variable, with its value or null when unset. */
  env: [name: string, value: string | null][];
  /** The plugin's options as Claude Code hands them over, each with its value or null when unset. */
  options: [name: string, value: string | null][];
  /** The `LOCAL_DELEGATE_` names set that are a setting misspelt, which make the config refused. */
  other: string[];
}

export interface ConfigSnapshot {
  key: SnapshotKey;
  /** The validated config; null when it was refused (the hook then stays silent, as before). */
  config: Config | null;
}

export type SnapshotRead = { fresh: true; config: Config | null } | { fresh: false };

/** One file per project in `stateDir/config/`, named from the project's path (the key holds the path itself). */
export function snapshotPath(stateDir: string, root: string): string {
  const name = safeName(root).slice(-150) || "root";
  return join(stateDir, "config", `${name}.${root.length}.json`);
}

export function fileStamp(path: string): FileStamp {
  try {
    // An absent file (the user's config, usually) is the common case: no error built for it.
    let s = statSync(path, { throwIfNoEntry: false });
    if (!s) {
      // A link that leads nowhere is refused (layers.ts), not absent: its own stamp tells it apart.
      const link = brokenLink(path);
      s = link ? lstatSync(link, { throwIfNoEntry: false }) : undefined;
    }
    return s ? [path, s.size, s.mtimeMs, s.ctimeMs, s.ino] : [path];
  } catch {
    return [path];
  }
}

export function envStamps(env: NodeJS.ProcessEnv, keys: readonly string[], name: (key: string) => string = envName): [string, string | null][] {
  // As readConfigLayers reads them: an empty value is no value.
  return keys.map((k) => [name(k), env[name(k)] || null]);
}

/** The key of the config as it is now; `keys` are the config's keys (the schema's, or a snapshot's). */
export function snapshotKey(src: ConfigSources, keys: readonly string[]): SnapshotKey {
  return {
    schema: SNAPSHOT_SCHEMA,
    root: src.root,
    files: [fileStamp(userConfigPath(src.env, src.userConfigDir)), fileStamp(projectConfigPath(src.root))],
    env: envStamps(src.env, keys),
    options: envStamps(src.env, PLUGIN_OPTION_KEYS, optionName),
    other: misspeltEnvNames(src.env, keys).map(([name]) => name),
  };
}

/** The snapshot's config when the snapshot matches the config files and environment as they are now. */
export function readConfigSnapshot(stateDir: string, src: ConfigSources): SnapshotRead {
  let snap: unknown;
  try {
    snap = JSON.parse(readFileSync(snapshotPath(stateDir, src.root), "utf8"));
  } catch {
    return { fresh: false };
  }
  if (!isSnapshot(snap)) return { fresh: false };
  // The snapshot names the variables it read; their names are `LOCAL_DELEGATE_` and the key.
  const keys = snap.key.env.map(([name]) => name.slice(ENV_PREFIX.length).toLowerCase());
  const now = snapshotKey(src, keys);
  return JSON.stringify(now) === JSON.stringify(snap.key) ? { fresh: true, config: snap.config } : { fresh: false };
}

/** The shape written by snapshot-write.ts; the values came from `ConfigSchema`. */
function isSnapshot(v: unknown): v is ConfigSnapshot {
  if (!v || typeof v !== "object") return false;
  const { key, config } = v as { key?: unknown; config?: unknown };
  if (!key || typeof key !== "object" || !Array.isArray((key as { env?: unknown }).env)) return false;
  if ((key as SnapshotKey).env.some((e) => !Array.isArray(e) || typeof e[0] !== "string" || !e[0].startsWith(ENV_PREFIX))) return false;
  return config === null || (typeof config === "object" && !Array.isArray(config));
}

/**
 * A file changed less than this long ago may change again within the same timestamp tick (coarse
 * on some filesystems) without its size changing: no snapshot is made from it yet, as git treats
 * "racily clean" index entries.
 */
export const RACY_MS = 2_000;

export function isRacy(key: SnapshotKey, now = Date.now()): boolean {
  return key.files.some((f) => f.length === 5 && Math.max(f[2], f[3]) > now - RACY_MS);
}
