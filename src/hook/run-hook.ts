import { dirname, join } from "node:path";
import { configuredModel, configuredServer, readRecordEntries, recordFromLedger } from "../classify/adaptive.js";
import { ledgerPath } from "../ledger/append.js";
import { writeSessionPointer } from "../ledger/session.js";
import { hasUserRecord } from "../ledger/user-record.js";
import { isFresh, readHealthCache, writeHealthCache } from "../model/health-cache.js";
import { healthTarget } from "../model/targets.js";
import { dataDir, findProjectRoot } from "../project/root.js";
import { notePluginData, userRecordsDir } from "../project/records-dir.js";
import { stateDir } from "../project/state-dir.js";
import { hookConfig } from "./config.js";
import type { Config } from "../config/schema.js";
import type { Ctx, HookEnv } from "./context.js";

export type { HookEnv };
import { parseEvent, type HookEvent } from "./event.js";
import { context, type HookOutput } from "./output.js";
import { passOptionsOn } from "./plugin-env.js";
import { asksForCode, PROMPT_REMINDER, sessionPolicy } from "./policy.js";
import { preToolUseTarget } from "./target.js";


/**
 * A session starts (or resumes, or is cleared or compacted) on a server seen up this recently
 * without asking it again, as the status line shows it. A "down" is always checked again: the
 * user may just have started the server.
 */
const UP_FRESH_MS = 60_000;


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
  const state = stateDir(h.env);
  // A `run` started through Bash gets no hook input; this tells it which session transcript to read.
  if (event.session_id !== null && event.transcript_path !== null) writeSessionPointer(dataDir(root), { session_id: event.session_id, transcript_path: event.transcript_path });
  const ctx: Ctx = { h, root, state, config: async () => onlyOn(await hookConfig({ root, env: h.env }, state)) };
  switch (event.hook_event_name) {
    case "SessionStart":
      return sessionStart(ctx);
    case "UserPromptSubmit":
      return asksForCode(event.prompt) ? promptReminder(ctx) : null;
    case "PreToolUse":
      return preToolUseTarget(event, root) ? (await import("./write-event.js")).preToolUse(event, ctx) : null;
  }
}

/** The config, unless it is refused or says the hook is off. */
function onlyOn(config: Config | null): Config | null {
  return config && config.hook_mode !== "off" ? config : null;
}

async function sessionStart(ctx: Ctx): Promise<HookOutput | null> {
  // Whatever the config says, the commands Claude runs must read what this hook reads.
  passOptionsOn(ctx.h.env);
  notePluginData(ctx.h.env, ctx.state);
  const config = await ctx.config();
  if (!config) return null;
  const target = healthTarget(config);
  const known = readHealthCache(ctx.state, target.cacheKey);
  const health = known?.up && isFresh(known, new Date(), UP_FRESH_MS) ? known : await target.check(800);
  if (health !== known) writeHealthCache(ctx.state, target.cacheKey, health);
  if (health.up) await (ctx.h.warm ?? startWarm)(ctx.h.cliPath, ctx.root);
  const model = configuredModel(config, "code") ?? health.model;
  const unmeasured = health.up && model !== null && !onRecord(ctx, config, model);
  return context("SessionStart", sessionPolicy(health, target.label, { unmeasured }));
}

/** Whether the model has any judged attempt on record: the user's record of it first (one stat), else this project's ledger. */
function onRecord(ctx: Ctx, config: Config, model: string): boolean {
  const server = configuredServer(config);
  if (server && hasUserRecord(userRecordsDir(ctx.h.env, ctx.state), server, model)) return true;
  return Object.keys(recordFromLedger(readRecordEntries(ledgerPath(dataDir(ctx.root))), model).kinds).length > 0;
}

async function promptReminder(ctx: Ctx): Promise<HookOutput | null> {
  const config = await ctx.config();
  if (!config) return null;
  const health = readHealthCache(ctx.state, healthTarget(config).cacheKey);
  return health && !health.up ? null : context("UserPromptSubmit", PROMPT_REMINDER);
}

/**
 * Loads the model in a detached process, so the session starts now and the first task does not
 * wait. child_process is imported here, not at the top: most hook runs never spawn anything.
 */
async function startWarm(cliPath: string, cwd: string): Promise<void> {
  try {
    const { spawn } = await import("node:child_process");
    spawn(process.execPath, [cliPath, "warm"], { cwd, detached: true, stdio: "ignore" }).unref();
  } catch {
    /* warming is an optimisation */
  }
}

/** dist/cli.js, beside the running hook script (dist/hook.cjs, or dist/cli.js for `local-delegate hook`). */
export function defaultCliPath(): string {
  return join(dirname(process.argv[1] ?? "."), "cli.js");
}
