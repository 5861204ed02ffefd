import { join } from "node:path";
import { stateDir } from "../project/state-dir.js";

// Where the hook's resident helper listens (helper-server.ts): a Unix socket in a folder of the
// user's state folder that only the user can open, named by the build, so a hook only ever talks
// to a helper running the very same code (an update starts a new one; the old one idles out).

declare const __HOOK_BUILD__: string | undefined;

/** The build's id, set by scripts/build.mjs from the sources; "dev" when running from src/. */
export const HOOK_BUILD = typeof __HOOK_BUILD__ === "string" ? __HOOK_BUILD__ : "dev";

/**
 * The longest socket path every platform binds: sun_path holds 108 bytes on Linux and 104 on
 * macOS, the terminating NUL included. A longer state folder means no helper, not a cut path.
 */
const MAX_SOCKET_PATH = 100;

/** The helper's folder in the state folder. */
export function helperDir(state: string): string {
  return join(state, "hook-helper");
}

/**
 * The socket a hook asks, or null when the helper is switched off (LOCAL_DELEGATE_HOOK_HELPER=0)
 * or cannot be placed: the hook then does the work in its own process, as it always could.
 */
export function helperSocket(env: NodeJS.ProcessEnv): string | null {
  const off = env.LOCAL_DELEGATE_HOOK_HELPER;
  // Windows has no Unix socket at a file path that libuv's pipe connects to (it uses named pipes).
  if (off === "0" || off === "off" || off === "false" || process.platform === "win32") return null;
  let path: string;
  try {
    path = join(helperDir(stateDir(env)), `${HOOK_BUILD}.sock`);
  } catch {
    return null;
  }
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : null;
}
