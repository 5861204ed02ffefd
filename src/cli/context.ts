import type { LoadedConfig } from "../config/load.js";
import { loadConfigWithSnapshot } from "../config/snapshot-write.js";
import type { Result } from "../errors.js";
import { contextFor, type CommandContext } from "../project/context.js";
import { stateDir } from "../project/state-dir.js";
import type { CliIO } from "./io.js";

export type { CommandContext };

export function commandContext(io: CliIO): CommandContext {
  return contextFor(io.cwd, io.env);
}

/** The config, validated; the snapshot the hook reads is refreshed on the way (config/snapshot.ts). */
export function configFor(io: CliIO, ctx: CommandContext): Result<LoadedConfig> {
  return loadConfigWithSnapshot({ root: ctx.root, env: io.env }, ctx.stateDir);
}

export { stateDir };
