import { runEntry } from "./entry.js";
import { parseEvent } from "./event.js";
import { onSessionStart } from "./session-start.js";

// dist/hook-session-start.cjs, Claude Code's SessionStart hook (hooks/hooks.json): only this
// event's code, which the hook compiles each time it starts.
runEntry((json, h) => {
  const event = parseEvent(json);
  return event?.hook_event_name === "SessionStart" ? onSessionStart(event, h) : null;
});
