import type { LoadedConfig } from "../config/load.js";
import { loadConfigWithSnapshot } from "../config/snapshot-write.js";
import type { Result } from "../errors.js";
import { dataDir, findProjectRoot } from "../project/root.js";
import { stateDir } from "../project/state-dir.js";
import type { CliIO } from "./io.js";

export interface CommandContext {
  root: string;
  data: string;
  stateDir: string;
}

export function commandContext(io: CliIO): CommandContext {
  const root = findProjectRoot(io.cwd);
  return { root, data: dataDir(root), stateDir: stateDir(io.env) };
}

/** The config, validated; the snapshot the hook reads is refreshed on the way (config/snapshot.ts). */
export function configFor(io: CliIO, ctx: CommandContext): Result<LoadedConfig> {
  return loadConfigWithSnapshot({ root: ctx.root, env: io.env }, ctx.stateDir);
}

export { stateDir };
