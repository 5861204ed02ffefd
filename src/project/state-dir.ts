import { isAbsolute, join } from "node:path";
import { FailureError } from "../errors.js";
import { absoluteHome } from "../util/home.js";

/**
 * Per-user state shared by all projects (server locks, health cache, the code cache):
 * XDG_STATE_HOME, else ~/.local/state. Only an absolute path counts (as the XDG spec says): a
 * relative one, or `HOME=` set empty, would put the user's state into whatever folder a command
 * runs in, which is usually a project.
 */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "local-delegate");
  return join(homeFolder(env), ".local", "state", "local-delegate");
}

function homeFolder(env: NodeJS.ProcessEnv): string {
  const home = absoluteHome(env);
  if (home) return home;
  throw new FailureError({ code: "CONFIG_INVALID", field: "HOME", message: "this user has no home folder for local-delegate's state", hint: "set HOME or XDG_STATE_HOME to an absolute path" });
}

/**
 * Where V8's compiled code for one of the bundles is kept (util/code-cache.ts), by a name of the
 * caller's (the command, the tokenizer): per user, as the cache is code this user's processes run.
 * Null when there is no state folder: the command then runs without a cache.
 */
export function codeCacheFile(env: NodeJS.ProcessEnv, name: string): string | null {
  try {
    return join(stateDir(env), "code-cache", `${name}.bin`);
  } catch {
    return null;
  }
}
