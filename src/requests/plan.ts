import type { Config } from "../config/schema.js";
import { loadConfig } from "../config/load.js";
import type { EngineEvent } from "../engine/events.js";
import { ok, type Result } from "../errors.js";
import { createBackends } from "../model/endpoints.js";
import { BackendPool } from "../model/pool.js";
import { noteClaudeTasks } from "../plan/claude-seen.js";
import { parsePlanText, validatePlan, type LoadedPlan } from "../plan/load.js";
import { runPlan } from "../plan/run.js";
import { exitCodeForPlan, type PlanSummary, type StepResult } from "../plan/summary.js";
import type { CommandContext } from "../project/context.js";
import { refusal, type Done, type Refusal, type RequestHooks } from "./io.js";

/** A plan checked against the project, and the config it runs with. */
export interface PreparedPlan {
  loaded: LoadedPlan;
  config: Config;
}

/**
 * Parses the plan, loads the config, validates the plan against the project, in that order; then
 * notes its Claude tasks' files as they are, before Claude's turn (a background plan may wait its
 * turn while Claude works), so that a change to an existing file is seen as the change.
 */
export function preparePlan(text: string, ctx: CommandContext, env: NodeJS.ProcessEnv, mode: "check" | "run"): Result<PreparedPlan> {
  const raw = parsePlanText(text);
  if (!raw.ok) return raw;
  const cfg = loadConfig({ root: ctx.root, env });
  if (!cfg.ok) return cfg;
  const loaded = validatePlan(raw.value, text, ctx.root, { mode });
  if (!loaded.ok) return loaded;
  noteClaudeTasks(loaded.value, ctx.root, ctx.data);
  return ok({ loaded: loaded.value, config: cfg.value.config });
}

/** A plan's own moments, for a person's terminal: a task started, its engine's events, it ended. */
export interface PlanHooks extends RequestHooks {
  onStart?: ((taskId: string) => void) | undefined;
  onTaskEvent?: ((taskId: string, e: EngineEvent) => void) | undefined;
  onFinish?: ((step: StepResult, done: number) => void) | undefined;
}

/** The plan's local tasks in dependency order on one pool of backends: the summary `plan run` prints. */
export async function executePlan(p: PreparedPlan, ctx: CommandContext, hooks: PlanHooks): Promise<Done<PlanSummary | Refusal>> {
  const { config, loaded } = p;
  const backends = createBackends(config, ctx.root);
  if (!backends.ok) return refusal(backends.error);
  const pool = new BackendPool(backends.value, { stateDir: ctx.stateDir, lockWaitMs: config.lock_wait_ms, contextLength: config.context_length });
  const total = loaded.plan.tasks.filter((t) => t.owner === "local").length;
  const running = new Set<string>();
  let done = 0;
  const report = () => hooks.onProgress?.({ done, total, current: running.size ? [...running].join(", ") : null });
  report();
  try {
    const summary = await runPlan(loaded, {
      root: ctx.root,
      data: ctx.data,
      stateDir: ctx.stateDir,
      records: ctx.records,
      config,
      pool,
      signal: hooks.signal,
      onStart: (id) => {
        running.add(id);
        hooks.onStart?.(id);
        report();
      },
      onEvent: (id, e) => {
        hooks.onTaskEvent?.(id, e);
        hooks.onEvent?.(e);
      },
      onFinish: (s, doneNow) => {
        running.delete(s.id);
        done = doneNow;
        hooks.onFinish?.(s, doneNow);
        report();
      },
    });
    return { value: summary, exitCode: exitCodeForPlan(summary.status) };
  } finally {
    await pool.dispose();
  }
}
