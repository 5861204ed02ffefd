import { runEntry } from "./entry.js";
import { parseEvent } from "./event.js";
import { onPrompt } from "./prompt.js";

// dist/hook-prompt.cjs, Claude Code's UserPromptSubmit hook (hooks/hooks.json): only this event's
// code, which the hook compiles on every prompt.
runEntry((json, h) => {
  const event = parseEvent(json);
  return event?.hook_event_name === "UserPromptSubmit" ? onPrompt(event, h) : null;
});
