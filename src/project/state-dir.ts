import { homedir } from "node:os";
import { join } from "node:path";

/** Per-user state shared by all projects (server locks, health cache): XDG_STATE_HOME, else ~/.local/state. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "local-delegate");
}

/**
 * Where V8's compiled code for one of the bundles is kept (util/code-cache.ts), by a name of the
 * caller's (the command, the tokenizer): per user, as the cache is code this user's processes run.
 */
export function codeCacheFile(env: NodeJS.ProcessEnv, name: string): string {
  return join(stateDir(env), "code-cache", `${name}.bin`);
}
