import { chmodSync, lstatSync, mkdirSync, statSync, unlinkSync } from "node:fs";
import { fail, ok, type Result } from "../errors.js";
import { askHelper, PING } from "./helper-client.js";
import { folderFault } from "./helper-place.js";

// The resident helper's socket file: its folder, whether a helper already answers on it, and
// telling it from another file at the same path (helper-server.ts).

/** How long a helper already on the socket has to answer a ping before it is taken for stuck. */
const PING_MS = 1_000;

/**
 * The socket's folder, made if missing, and refused unless it is a real folder of this user's
 * that nobody else may enter: whoever can open the socket can have hook events answered. Only in
 * a state folder that exists: a helper started as its folder was being removed (a finished test, a
 * cleaned-up home) must not bring the folder back and stay in it.
 */
export function privateDir(dir: string): Result<string> {
  try {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let fault = folderFault(lstatSync(dir));
    if (fault === "not-own") return fail("IO", `${dir} is not a folder of this user's`);
    if (fault === "open") {
      chmodSync(dir, 0o700);
      fault = folderFault(lstatSync(dir));
    }
    return fault === null ? ok(dir) : fail("IO", `${dir} is open to other users`);
  } catch (e) {
    return fail("IO", `cannot make ${dir}: ${(e as Error).message}`);
  }
}

/** Whether a helper answers a ping on the socket now: one that only accepts connections is stuck. */
export async function answers(socket: string): Promise<boolean> {
  return typeof (await ping(socket, PING_MS)) === "object";
}

/**
 * A ping to whatever is on the socket, as a hook asks (helper-client.ts): the answer's text; "none"
 * when nothing listens there; "silent" when something accepts the connection and answers nothing
 * within `waitMs`, or breaks it off.
 */
export async function ping(socket: string, waitMs: number): Promise<{ reply: string } | "none" | "silent"> {
  const asked = await askHelper(socket, PING, waitMs);
  if ("out" in asked) return { reply: asked.out };
  return asked.fallback === "absent" ? "none" : "silent";
}

/**
 * What tells this socket file from another at the same path: a socket removed and made again may
 * get the same inode number back, but not the same times.
 */
export function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}:${st.birthtimeMs}:${st.ctimeMs}`;
  } catch {
    return null;
  }
}

export function rmQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
