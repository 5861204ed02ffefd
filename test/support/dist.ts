import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { hookEntryFiles, type HookEventName } from "./hook-entries.js";

// The bundle the tests start: built from src/ for this test run by test/global-setup.ts, never the
// committed dist/ (which may lag behind src/ while someone works).

/** The fresh build's folder. */
export function distDir(): string {
  return inject("distDir");
}

/** `dist/cli.js` of the fresh build. */
export function builtCli(): string {
  return join(distDir(), "cli.js");
}

export type { HookEventName };

/**
 * The entry of the fresh build that Claude Code runs for `event`, as hooks/hooks.json names it
 * (one per event); with no event, `dist/hook.cjs`, which handles them all.
 */
export function builtHook(event?: HookEventName): string {
  return join(distDir(), event ? hookEntries()[event] : "hook.cjs");
}

/** Each event's entry file in dist/, read from hooks/hooks.json. */
export function hookEntries(): Record<HookEventName, string> {
  return hookEntryFiles(readFileSync(new URL("../../hooks/hooks.json", import.meta.url), "utf8"));
}

/** The entry Claude Code would run for this hook input (its `hook_event_name`); dist/hook.cjs for anything else. */
export function builtHookFor(input: string): string {
  let name: unknown;
  try {
    name = (JSON.parse(input) as { hook_event_name?: unknown }).hook_event_name;
  } catch {
    name = undefined;
  }
  return name === "SessionStart" || name === "UserPromptSubmit" || name === "PreToolUse" ? builtHook(name) : builtHook();
}

/** A plugin folder holding the fresh build: what `--plugin-dir` and a marketplace install load. */
export function pluginRoot(): string {
  return inject("pluginRoot");
}
