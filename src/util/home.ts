import { isAbsolute } from "node:path";
import { nodeOs } from "./node-os.js";

/**
 * The user's home folder: HOME when it is an absolute path, else the passwd entry's; null when
 * neither is. Never a relative path, which would put the user's files under whatever folder a
 * command runs in (stateDir, the user's config file).
 */
export function absoluteHome(env: NodeJS.ProcessEnv): string | null {
  if (env.HOME && isAbsolute(env.HOME)) return env.HOME;
  let fromPasswd = "";
  try {
    // With HOME unset or unusable, the passwd entry's; it throws when the user has none.
    fromPasswd = nodeOs()?.userInfo().homedir ?? "";
  } catch {
    // Null below.
  }
  return fromPasswd && isAbsolute(fromPasswd) ? fromPasswd : null;
}
