import { readHealthCache } from "../model/health-cache.js";
import { healthCacheKey } from "../model/targets.js";
import { projectRoot, type HookEnv } from "./context.js";
import { parseEvent, type HookEvent } from "./event.js";
import { eventCtx, noteSession } from "./event-context.js";
import { context, type HookOutput } from "./output.js";
import { asksForCode, PROMPT_REMINDER } from "./policy.js";

type PromptEvent = Extract<HookEvent, { hook_event_name: "UserPromptSubmit" }>;

/** dist/hook-prompt-work.cjs: what the entry does itself when no helper answers. */
export function promptFrom(json: unknown, h: HookEnv): Promise<HookOutput | null> | null {
  const event = parseEvent(json);
  return event?.hook_event_name === "UserPromptSubmit" ? onPrompt(event, h) : null;
}

/** A prompt: a one-line reminder when it asks for code and the server is not known to be down. */
export async function onPrompt(event: PromptEvent, h: HookEnv): Promise<HookOutput | null> {
  const root = projectRoot(event, h);
  noteSession(event, root, h);
  if (!asksForCode(event.prompt)) return null;
  const ctx = eventCtx(h, root);
  const config = await ctx.config();
  if (!config) return null;
  const health = readHealthCache(ctx.state, healthCacheKey(config));
  return health && !health.up ? null : context("UserPromptSubmit", PROMPT_REMINDER);
}
