import { constants, lstatSync } from "node:fs";
import { join } from "node:path";
import { stateDir } from "../project/state-dir.js";
import { fsBinding, statNumbers, type StatNumbers } from "./fs-binding.js";

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
  let dir: string;
  try {
    dir = helperDir(stateDir(env));
  } catch {
    return null;
  }
  const path = join(dir, `${HOOK_BUILD}.sock`);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH && !foreignFolder(dir) ? path : null;
}

/**
 * Whether the helper's folder is there but not this user's alone: then whatever listens in it may
 * not be this user's helper, and it is not sent the hook's environment (which holds API keys). A
 * missing folder is not foreign: no helper answers there, and the one started makes it.
 */
function foreignFolder(dir: string): boolean {
  const fs = fsBinding();
  let values: unknown;
  try {
    values = fs ? fs.lstat(dir, false, undefined, true) : undefined;
    // Not the array expected (a Node whose binding takes other arguments): Node's public call.
    if (!(values instanceof Float64Array)) values = lstatSync(dir);
  } catch {
    return false;
  }
  const st = values instanceof Float64Array ? statNumbers(values) : (values as StatNumbers);
  return !st || folderFault(st) !== null;
}

/**
 * What keeps a folder (as lstat saw it) from being the user's alone: not a real folder of this
 * user's (a link, a file, another owner), or open to the group or others. The one rule for the
 * helper's folder, as the hook checks it before asking and the helper before listening.
 */
export function folderFault(st: StatNumbers): "not-own" | "open" | null {
  const uid = process.getuid?.();
  if ((st.mode & constants.S_IFMT) !== constants.S_IFDIR || (uid !== undefined && st.uid !== uid)) return "not-own";
  return (st.mode & 0o077) !== 0 ? "open" : null;
}
