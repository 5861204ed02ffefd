// Which Claude Code session is working in this project, so that a `run` (which Claude starts
// through Bash and which gets no hook input) can find the session transcript and record what
// Claude really spent. The hooks write it (they get `session_id` and `transcript_path` on every
// event); `run` reads it. Node's fs and a small helper only: the hook imports this.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { replaceJsonFile } from "../util/fs.js";

export interface SessionPointer {
  session_id: string;
  transcript_path: string;
  /** ISO time it was last written. */
  at: string;
}

export function sessionPointerPath(dataDir: string): string {
  return join(dataDir, "session.json");
}

/** Best effort: a hook must never fail because of this, so it returns false instead of throwing. */
export function writeSessionPointer(dataDir: string, s: { session_id: string; transcript_path: string }, now = new Date()): boolean {
  const path = sessionPointerPath(dataDir);
  // Every hook event of a session names the same one: rewrite only when it changes.
  const known = readSessionPointer(dataDir);
  if (known && known.session_id === s.session_id && known.transcript_path === s.transcript_path) return true;
  return replaceJsonFile(dataDir, path, { session_id: s.session_id, transcript_path: s.transcript_path, at: now.toISOString() });
}

export function readSessionPointer(dataDir: string): SessionPointer | null {
  try {
    const v = JSON.parse(readFileSync(sessionPointerPath(dataDir), "utf8")) as Partial<SessionPointer>;
    if (typeof v.session_id !== "string" || typeof v.transcript_path !== "string" || typeof v.at !== "string") return null;
    return { session_id: v.session_id, transcript_path: v.transcript_path, at: v.at };
  } catch {
    return null;
  }
}
