import { runEntry } from "./entry.js";
import { passOptionsOn } from "./plugin-env.js";

// dist/hook-session-start.cjs, Claude Code's SessionStart hook (hooks/hooks.json): asks the
// resident helper, which has all of it compiled (the reads, the server check, the warm-up's
// spawn); only when there is none does it load the event's code (dist/hook-session-start-work.cjs).
// The session's env file is written here, by Claude Code's own hook, even when the helper answers:
// the helper writes no file a request names (helper-trust.ts).
runEntry(async (json, h) => (await import("./session-start.js")).sessionStartFrom(json, h), {
  event: "SessionStart",
  first: true,
  ownWork: (json) => passOptionsOn(process.env, sourceOf(json)),
});

function sourceOf(json: unknown): string | null {
  const source = (json as { source?: unknown } | null)?.source;
  return typeof source === "string" ? source : null;
}
