import type { ConfigSources } from "../config/layers.js";
import type { Config } from "../config/schema.js";
import { readConfigSnapshot } from "../config/snapshot.js";

/**
 * The config the hook works with, validated by the one schema (`ConfigSchema`): the snapshot when
 * it matches the config files and environment as they are now (a JSON read), else the full read,
 * which loads the YAML parser and the schema (their own file beside the hook, dist/hook-config.cjs)
 * and refreshes the snapshot. Null when the config is refused: the hook then stays out of the way,
 * as every command refuses it.
 */
export async function hookConfig(src: ConfigSources, stateDir: string): Promise<Config | null> {
  const snap = readConfigSnapshot(stateDir, src);
  if (snap.fresh) return snap.config;
  const { loadConfigWithSnapshot } = await import("../config/snapshot-write.js");
  const loaded = loadConfigWithSnapshot(src, stateDir);
  return loaded.ok ? loaded.value.config : null;
}
