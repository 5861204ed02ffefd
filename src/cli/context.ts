import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { Result } from "../errors.js";
import { contextFor, type CommandContext } from "../project/context.js";
import { stateDir } from "../project/state-dir.js";
import type { CliIO } from "./io.js";

export type { CommandContext };

export function commandContext(io: CliIO): CommandContext {
  return contextFor(io.cwd, io.env);
}

export function configFor(io: CliIO, ctx: CommandContext): Result<LoadedConfig> {
  return loadConfig({ root: ctx.root, env: io.env });
}

export { stateDir };
