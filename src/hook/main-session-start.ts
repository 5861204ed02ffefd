import { runEntry } from "./entry.js";

// dist/hook-session-start.cjs, Claude Code's SessionStart hook (hooks/hooks.json): asks the
// resident helper, which has all of it compiled (the reads, the server check, the warm-up's
// spawn); only when there is none does it load the event's code (dist/hook-session-start-work.cjs).
runEntry(async (json, h) => (await import("./session-start.js")).sessionStartFrom(json, h), { event: "SessionStart", first: true });
