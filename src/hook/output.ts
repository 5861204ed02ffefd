/**
 * The one JSON object a hook prints. Claude Code reads the first JSON object on stdout, so
 * exactly one is written, on the event's own channel (`hookSpecificOutput`), never mixed with
 * plain text.
 */
export type HookOutput =
  | { hookSpecificOutput: { hookEventName: "SessionStart" | "UserPromptSubmit" | "PreToolUse"; additionalContext: string } }
  | { hookSpecificOutput: { hookEventName: "PreToolUse"; permissionDecision: "deny"; permissionDecisionReason: string } }
  // `systemMessage`: shown to the user by Claude Code, never sent to the model.
  | { systemMessage: string; hookSpecificOutput: { hookEventName: "SessionStart"; additionalContext: string } };

export function context(event: "SessionStart" | "UserPromptSubmit" | "PreToolUse", text: string): HookOutput {
  return { hookSpecificOutput: { hookEventName: event, additionalContext: text } };
}

export function deny(reason: string): HookOutput {
  return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } };
}
