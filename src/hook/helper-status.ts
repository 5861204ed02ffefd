import { helperSocket } from "./helper-place.js";
import { ping } from "./helper-socket.js";

// The resident helper as `doctor` shows it: whether one answers for this build, and which process
// it is, so that a person who finds it running knows what it is and how to stop it.

export type HelperStatus =
  | { state: "off" }
  | { state: "none"; socket: string }
  | { state: "answering"; socket: string; pid: number; since: string }
  | { state: "not answering"; socket: string };

/** Pings the helper a hook with this environment would ask (never starts one). */
export async function helperStatus(env: NodeJS.ProcessEnv, waitMs = 1_000): Promise<HelperStatus> {
  const socket = helperSocket(env);
  if (!socket) return { state: "off" };
  const pinged = await ping(socket, waitMs);
  if (pinged === "none") return { state: "none", socket };
  const about = pinged === "silent" ? null : parseAbout(pinged.reply);
  return about ? { state: "answering", socket, ...about } : { state: "not answering", socket };
}

/** The pid and start a helper puts in its answer to a ping (helper-server.ts). */
function parseAbout(reply: string): { pid: number; since: string } | null {
  try {
    const { pid, since } = JSON.parse(reply) as { pid?: unknown; since?: unknown };
    return typeof pid === "number" && typeof since === "string" ? { pid, since } : null;
  } catch {
    return null;
  }
}
