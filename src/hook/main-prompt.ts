import { runEntry } from "./entry.js";

// dist/hook-prompt.cjs, Claude Code's UserPromptSubmit hook (hooks/hooks.json): asks the resident
// helper; only when there is none does it load the event's code (dist/hook-prompt-work.cjs).
runEntry(async (json, h) => (await import("./prompt.js")).promptFrom(json, h), { event: "UserPromptSubmit", first: true });
