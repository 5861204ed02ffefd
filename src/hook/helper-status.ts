import { connect } from "node:net";
import { answerFrame, PING } from "./helper-client.js";
import { helperSocket } from "./helper-place.js";

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
  const reply = await ping(socket, waitMs);
  if (reply === "none") return { state: "none", socket };
  const about = reply === null ? null : parseAbout(reply);
  return about ? { state: "answering", socket, ...about } : { state: "not answering", socket };
}

/** The ping's answer line; "none" when nothing listens; null when something listens and does not answer. */
function ping(socket: string, waitMs: number): Promise<string | "none" | null> {
  return new Promise((resolve) => {
    const c = connect(socket);
    let got = "";
    const done = (v: string | "none" | null): void => {
      clearTimeout(timer);
      c.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), waitMs);
    c.once("connect", () => c.write(PING));
    c.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.endsWith("\n")) done(got);
    });
    c.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ENOENT" || e.code === "ECONNREFUSED" ? "none" : null));
    c.once("end", () => done(got.endsWith("\n") ? got : null));
  });
}

function parseAbout(line: string): { pid: number; since: string } | null {
  const mark = answerFrame("").slice(0, 1);
  if (!line.startsWith(mark)) return null;
  try {
    const inner: unknown = JSON.parse(line.slice(mark.length));
    const about: unknown = typeof inner === "string" ? JSON.parse(inner) : null;
    const { pid, since } = (about ?? {}) as { pid?: unknown; since?: unknown };
    return typeof pid === "number" && typeof since === "string" ? { pid, since } : null;
  } catch {
    return null;
  }
}
