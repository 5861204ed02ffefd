import { runEntry } from "./entry.js";
import { runHookEvent } from "./run-hook.js";

// dist/hook.cjs: every event in one entry, for a person trying the hook by hand and for a session
// that started with an earlier hooks/hooks.json. Claude Code runs one entry per event
// (main-session-start.ts, main-prompt.ts, main-pre-tool-use.ts), each with only its own code.
runEntry(runHookEvent);
