import { runEntry } from "./entry.js";
import { parseEvent } from "./event.js";
import { onPreToolUse } from "./pre-tool.js";

// dist/hook-pre-tool-use.cjs, Claude Code's PreToolUse hook on Write and Edit (hooks/hooks.json):
// the filter, which is all a Write it lets through costs; one it must judge goes to the resident
// helper, else to the judging in dist/hook-write.cjs.
runEntry(
  (json, h) => {
    const event = parseEvent(json);
    return event?.hook_event_name === "PreToolUse" ? onPreToolUse(event, h) : null;
  },
  { event: "PreToolUse", first: false },
);
