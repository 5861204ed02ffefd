import type { HookEnv } from "./context.js";
import { parseEvent } from "./event.js";
import type { HookOutput } from "./output.js";
import { onPreToolUse } from "./pre-tool.js";
import { onPrompt } from "./prompt.js";
import { onSessionStart } from "./session-start.js";

export type { HookEnv };
export { defaultCliPath } from "./context.js";

/**
 * Handles one hook event of any kind and returns the one JSON object to print, or null to print
 * nothing: for `local-delegate hook` and dist/hook.cjs. Claude Code runs one entry per event
 * (hooks/hooks.json: dist/hook-session-start.cjs, hook-prompt.cjs, hook-pre-tool-use.cjs), each
 * holding only its own event's code, which every event compiles. Any failure means "no opinion":
 * the hook must never stand between Claude and its work.
 */
export async function runHook(raw: string, h: HookEnv): Promise<HookOutput | null> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  return runHookEvent(json, h);
}

/** The same for an event already parsed from JSON. */
export async function runHookEvent(json: unknown, h: HookEnv): Promise<HookOutput | null> {
  const event = parseEvent(json);
  switch (event?.hook_event_name) {
    case "SessionStart":
      return onSessionStart(event, h);
    case "UserPromptSubmit":
      return onPrompt(event, h);
    case "PreToolUse":
      return onPreToolUse(event, h);
    default:
      return null;
  }
}
