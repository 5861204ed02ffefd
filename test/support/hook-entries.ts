// Which dist/ file hooks/hooks.json runs for each hook event (one entry per event): the one reading
// of it, for the tests (support/dist.ts) and for `npm run bench`, so both start what Claude Code starts.

export type HookEventName = "SessionStart" | "UserPromptSubmit" | "PreToolUse";

/** Each event's entry file name in dist/, from the text of hooks/hooks.json. */
export function hookEntryFiles(hooksJson: string): Record<HookEventName, string> {
  const config = JSON.parse(hooksJson) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
  const entry = (event: HookEventName): string => {
    const m = /\/dist\/([\w-]+\.cjs)"/.exec(config.hooks[event]?.[0]?.hooks[0]?.command ?? "");
    if (!m) throw new Error(`hooks/hooks.json runs no dist/*.cjs on ${event}`);
    return m[1]!;
  };
  return { SessionStart: entry("SessionStart"), UserPromptSubmit: entry("UserPromptSubmit"), PreToolUse: entry("PreToolUse") };
}
