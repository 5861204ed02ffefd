import { readFileSync } from "node:fs";
import { formatFailure, type Result } from "../errors.js";
import { writeFileAtomic } from "../write/atomic.js";
import { loadConfig, type ConfigSources, type LoadedConfig } from "./load.js";
import { CONFIG_KEYS } from "./schema.js";
import { isRacy, snapshotKey, snapshotPath, type ConfigSnapshot } from "./snapshot.js";

// The one writer of the config snapshot the hook reads (snapshot.ts): the CLI calls this for each
// command that reads the config, and the hook when the snapshot is missing or stale (the hook's
// full path, dist/hook-config.cjs, is this module and what it imports).

/**
 * The config, read and validated with `ConfigSchema` (`loadConfig`), and the snapshot refreshed
 * from it: the validated config, or null when it was refused, so the hook refuses it too.
 */
export function loadConfigWithSnapshot(src: ConfigSources, stateDir: string, now = Date.now()): Result<LoadedConfig> {
  // Stamped before the files are read: a file changed in between leaves the snapshot stale, never wrong.
  const key = snapshotKey(src, CONFIG_KEYS);
  const loaded = loadConfig(src);
  if (!isRacy(key, now)) writeConfigSnapshot(stateDir, { key, config: loaded.ok ? loaded.value.config : null });
  return loaded;
}

/** Why the config is refused, as every command says it (the snapshot refreshed as well), or null when it is not. */
export function configRefusal(src: ConfigSources, stateDir: string): string | null {
  const loaded = loadConfigWithSnapshot(src, stateDir);
  return loaded.ok ? null : formatFailure(loaded.error);
}

/** Best effort, written only when it changes; the file is the user's alone (it may hold API keys). */
function writeConfigSnapshot(stateDir: string, snap: ConfigSnapshot): void {
  const path = snapshotPath(stateDir, snap.key.root);
  const text = `${JSON.stringify(snap)}\n`;
  try {
    if (readFileSync(path, "utf8") === text) return;
  } catch {
    // None yet.
  }
  // A failure costs the hook its fast path, nothing else.
  writeFileAtomic(path, text, 0o600);
}
