import { configuredModel, configuredServer, recordedModel, recordFromLedger } from "../classify/adaptive.js";
import { freshLedgers } from "../classify/record-source.js";
import type { Config } from "../config/schema.js";
import { ledgerPath } from "../ledger/append.js";
import { hasUserRecord, latestUserModel } from "../ledger/user-record.js";
import { isFresh, readHealthCache, recentlyWarmed, writeHealthCache, type HealthRecord } from "../model/health-cache.js";
import { healthTarget, type HealthTarget } from "../model/targets.js";
import { dataDir } from "../project/root.js";
import { normalizeModel } from "../util/model-id.js";
import { notePluginData, userRecordsDir } from "../project/records-dir.js";
import { hookConfig } from "./config.js";
import { afterAnswer, projectRoot, type Ctx, type HookEnv } from "./context.js";
import { parseEvent, type HookEvent } from "./event.js";
import { eventCtx, noteSession } from "./event-context.js";
import { context, type HookOutput } from "./output.js";
import { passOptionsOn } from "./plugin-env.js";
import { sessionPolicy } from "./policy.js";

// A session's start: the server checked (or seen up lately), the model warmed, the policy. Built
// into its own entry (dist/hook-session-start.cjs), not loaded beside another: a file required by
// a hook entry carries its own copies of the modules they share, which cost a session start 6%.

/**
 * A session starts (or resumes, or is cleared or compacted) on a server seen up this recently
 * without asking it again, as the status line shows it. A "down" is always checked again: the
 * user may just have started the server.
 */
const UP_FRESH_MS = 60_000;

/**
 * A model a warm-up found loaded this recently is loaded still: Ollama unloads an idle model after
 * 5 minutes by default, LM Studio after an hour, llama.cpp and vLLM never. No process is spawned
 * to ask again (a spawn costs a session start about a fifth of a Node start).
 */
const WARM_FRESH_MS = 4 * 60_000;

type SessionStartEvent = Extract<HookEvent, { hook_event_name: "SessionStart" }>;

/** dist/hook-session-start-work.cjs: what the entry does itself when no helper answers. */
export function sessionStartFrom(json: unknown, h: HookEnv): Promise<HookOutput | null> | null {
  const event = parseEvent(json);
  return event?.hook_event_name === "SessionStart" ? onSessionStart(event, h) : null;
}

export async function onSessionStart(event: SessionStartEvent, h: HookEnv): Promise<HookOutput | null> {
  const root = projectRoot(event, h);
  noteSession(event, root, h);
  return sessionStart(eventCtx(h, root), event.source);
}

async function sessionStart(ctx: Ctx, source: string | null): Promise<HookOutput | null> {
  // Whatever the config says, the commands Claude runs must read what this hook reads.
  passOptionsOn(ctx.h.env, source);
  notePluginData(ctx.h.env, ctx.state);
  const config = await hookConfig({ root: ctx.root, env: ctx.h.env }, ctx.state);
  if (!config) return refused(ctx);
  if (config.hook_mode === "off") return null;
  const target = healthTarget(config);
  const known = readHealthCache(ctx.state, target.cacheKey);
  const now = new Date();
  const health = known?.up && isFresh(known, now, UP_FRESH_MS) ? known : await checked(target);
  if (health !== known) afterAnswer(ctx.h, () => writeHealthCache(ctx.state, target.cacheKey, health));
  const model = configuredModel(config, "code") ?? health.model;
  if (health.up && !recentlyWarmed(ctx.state, target.cacheKey, model, now, WARM_FRESH_MS)) {
    await (ctx.h.warm ?? startWarm)(ctx.h.cliPath, ctx.root, ctx.h.env);
  }
  const unmeasured = health.up && model !== null && !onRecord(ctx, config, model);
  return context("SessionStart", sessionPolicy(health, target.label, { unmeasured }));
}

/**
 * A config every command refuses turns the plugin off for the session (no policy, no Write judged):
 * said at its start, to the user and to Claude, or a mistyped option ("Enforce") would pass for one
 * in force. The full read, loaded for this only, says what is wrong and where.
 */
async function refused(ctx: Ctx): Promise<HookOutput | null> {
  const why = (await import("../config/snapshot-write.js")).configRefusal({ root: ctx.root, env: ctx.h.env }, ctx.state);
  if (why === null) return null;
  const text = `local-delegate is off for this session: its config is refused: ${why}`;
  return { systemMessage: text, hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: `${text}. Tell the user this once; write code yourself until it is fixed.` } };
}

/** The server asked, under the hook's deadline as well as the check's own. */
function checked(target: HealthTarget): Promise<HealthRecord> {
  return target.check(800);
}

/** Whether the model has any judged attempt on record: the user's record of it first, else this project's ledger. */
function onRecord(ctx: Ctx, config: Config, model: string): boolean {
  const server = configuredServer(config);
  const dir = userRecordsDir(ctx.h.env, ctx.state);
  // Or under the id a run got for the name as configured (recordedModel): one folder read more.
  if (server && (hasUserRecord(dir, server, model) || latestUserModel(dir, server, model) !== null)) return true;
  const ledger = ledgerPath(dataDir(ctx.root));
  // A model the ledger never names has no record in it, and most session starts are of a model
  // with none yet: no need to parse the lines to learn that.
  const ledgers = ctx.h.ledgers ?? freshLedgers;
  if (!ledgers.mentions(ledger, normalizeModel(model))) return false;
  const entries = ledgers.records(ledger);
  return Object.keys(recordFromLedger(entries, recordedModel(model, entries), undefined, [], server).kinds).length > 0;
}

/**
 * Loads the model in a detached process, so the session starts now and the first task does not
 * wait. child_process is imported here, not at the top: most hook runs never spawn anything.
 */
export async function startWarm(cliPath: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const { spawn } = await import("node:child_process");
    spawn(process.execPath, [cliPath, "warm"], { cwd, env, detached: true, stdio: "ignore" }).unref();
  } catch {
    /* warming is an optimisation */
  }
}
