import { loadConfig, type LoadedConfig } from "../config/load.js";
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

export function configFor(io: CliIO, ctx: CommandContext): Result<LoadedConfig> {
  return loadConfig({ root: ctx.root, env: io.env });
}

export { stateDir };
