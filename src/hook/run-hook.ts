import { dirname, join } from "node:path";
import { writeSessionPointer } from "../ledger/session.js";
import { readHealthCache } from "../model/health-cache.js";
import { healthTarget } from "../model/targets.js";
import { dataDir, findProjectRoot } from "../project/root.js";
import { stateDir } from "../project/state-dir.js";
import type { Config } from "../config/schema.js";
import { hookConfig } from "./config.js";
import type { Ctx, HookEnv } from "./context.js";
import { parseEvent, type HookEvent } from "./event.js";
import { context, type HookOutput } from "./output.js";
import { asksForCode, PROMPT_REMINDER } from "./policy.js";
import { sessionStart } from "./session-start.js";
import { preToolUseTarget } from "./target.js";

export type { HookEnv };

/**
 * Handles one hook event and returns the one JSON object to print, or null to print nothing.
 * Any failure means "no opinion": the hook must never stand between Claude and its work. The
 * event is filtered before anything is read: most Writes and prompts need no config and no ledger.
 */
export async function runHook(raw: string, h: HookEnv): Promise<HookOutput | null> {
  let event: HookEvent | null;
  try {
    event = parseEvent(JSON.parse(raw));
  } catch {
    return null;
  }
  if (!event) return null;
  const root = findProjectRoot(h.env.CLAUDE_PROJECT_DIR || event.cwd || h.cwd);
  // A Write the hook lets through costs reading the event and nothing more.
  if (event.hook_event_name === "PreToolUse" && !preToolUseTarget(event, root)) return null;
  const state = stateDir(h.env);
  const ctx: Ctx = { h, root, state, config: async () => onlyOn(await hookConfig({ root, env: h.env }, state)) };
  switch (event.hook_event_name) {
    case "SessionStart":
      noteSession(event, root);
      return sessionStart(ctx);
    case "UserPromptSubmit":
      noteSession(event, root);
      return asksForCode(event.prompt) ? promptReminder(ctx) : null;
    case "PreToolUse":
      // Judging it may ask the server for its health.
      h.deadline?.();
      return (await import("./write-event.js")).preToolUse(event, ctx);
  }
}

/**
 * A `run` started through Bash gets no hook input; this tells it which session transcript to
 * read. A session's id is new at its start (and at /clear and compaction, which start one too),
 * and each turn begins with a prompt: a Write need not say it again.
 */
function noteSession(event: HookEvent, root: string): void {
  if (event.session_id !== null && event.transcript_path !== null) writeSessionPointer(dataDir(root), { session_id: event.session_id, transcript_path: event.transcript_path });
}

/** The config, unless it is refused or says the hook is off. */
function onlyOn(config: Config | null): Config | null {
  return config && config.hook_mode !== "off" ? config : null;
}

async function promptReminder(ctx: Ctx): Promise<HookOutput | null> {
  const config = await ctx.config();
  if (!config) return null;
  const health = readHealthCache(ctx.state, healthTarget(config).cacheKey);
  return health && !health.up ? null : context("UserPromptSubmit", PROMPT_REMINDER);
}

/** dist/cli.js, beside the running hook script (dist/hook.cjs, or dist/cli.js for `local-delegate hook`). */
export function defaultCliPath(): string {
  return join(dirname(process.argv[1] ?? "."), "cli.js");
}
