import { homedir } from "node:os";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { Result } from "../errors.js";
import { dataDir, findProjectRoot } from "../project/root.js";
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

/** Per-user state shared by all projects (server locks): XDG_STATE_HOME, else ~/.local/state. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "local-delegate");
}
