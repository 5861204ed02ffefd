import { homedir } from "node:os";
import { join } from "node:path";

/** Per-user state shared by all projects (server locks, health cache): XDG_STATE_HOME, else ~/.local/state. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "local-delegate");
}
