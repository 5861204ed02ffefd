import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config/schema.js";
import type { EngineEvent } from "../engine/events.js";
import type { RunOutcome } from "../engine/result.js";
import { runTask } from "../engine/run.js";
import { formatFailure } from "../errors.js";
import { recordPlanStep, recordPlanStepSkipped } from "../ledger/record.js";
import { ledgerPath } from "../ledger/store.js";
import type { BackendPool } from "../model/pool.js";
import { resolveInProject } from "../project/safe-path.js";
import { validateSpec } from "../spec/load.js";
import type { LoadedPlan } from "./load.js";
import { SPEC_KEYS, outputFiles, type PlanTask } from "./schema.js";
import { contentHash, inputsHash, isUnchanged, writeStepState } from "./state.js";
import { isDone, summarize, type PlanSummary, type StepResult } from "./summary.js";

export interface PlanRunDeps {
  root: string;
  /** The project's data folder: ledger, backups, plan state. */
  data: string;
  stateDir: string;
  config: Config;
  /** Shared by every task, so a server that died for one is tried last by the next. */
  pool: BackendPool;
  signal?: AbortSignal | undefined;
  onEvent?: ((taskId: string, e: EngineEvent) => void) | undefined;
  onStart?: ((taskId: string) => void) | undefined;
  onFinish?: ((step: StepResult, done: number, total: number) => void) | undefined;
}

type Gate = { kind: "ready" } | { kind: "wait" } | { kind: "end"; status: "skipped" | "blocked"; why: string };

/**
 * Runs a plan's local tasks in dependency order, independent ones side by side (as many as the
 * backends have slots), each through the same engine as `run`. A task whose dependency failed is
 * skipped; one that needs a Claude task's file not yet written is blocked; one that succeeded
 * before with the same inputs is left alone. Returns the summary; never throws for a task.
 */
export async function runPlan(loaded: LoadedPlan, deps: PlanRunDeps): Promise<PlanSummary> {
  const started = Date.now();
  const { plan } = loaded;
  const byId = new Map(plan.tasks.map((t) => [t.task_id, t]));
  const step = new Map(plan.tasks.map((t, i) => [t.task_id, i + 1]));
  const local = plan.tasks.filter((t) => t.owner === "local");
  const results = new Map<string, StepResult>();
  const running = new Map<string, Promise<void>>();
  const limit = Math.max(1, deps.pool.capacity);
  const ledger = ledgerPath(deps.data);

  // Claude has done its task when every file it names is there; a rerun after Claude's turn then
  // goes on with the local tasks that waited for it.
  const claudeDone = (id: string): boolean => {
    const files = outputFiles(byId.get(id)!);
    return files.length > 0 && files.every((f) => {
      const p = resolveInProject(deps.root, f, "output_file");
      return p.ok && existsSync(p.value.abs);
    });
  };

  const gate = (t: PlanTask): Gate => {
    let waiting = false;
    let blockedBy: string | null = null;
    for (const d of t.depends_on) {
      const dep = byId.get(d)!;
      if (dep.owner === "claude") {
        if (!claudeDone(d)) blockedBy ??= `waits for Claude's task "${d}"`;
        continue;
      }
      const r = results.get(d);
      if (!r) waiting = true;
      else if (r.status === "blocked") blockedBy ??= r.error ?? `waits for "${d}"`;
      else if (!isDone(r.status)) return { kind: "end", status: "skipped", why: `not run: its dependency "${d}" ${r.status === "skipped" ? "was skipped" : `ended ${r.status}`}` };
    }
    if (waiting) return { kind: "wait" };
    return blockedBy ? { kind: "end", status: "blocked", why: blockedBy } : { kind: "ready" };
  };

  const finish = (r: StepResult) => {
    results.set(r.id, r);
    deps.onFinish?.(r, results.size, local.length);
  };

  const runOne = async (t: PlanTask): Promise<StepResult> => {
    const raw: Record<string, unknown> = {};
    for (const k of SPEC_KEYS) if (t[k] !== undefined) raw[k] = t[k];
    const file = outputFiles(t)[0] ?? null;
    raw.output_file = file; // `[one.ts]` is the same task as `one.ts`
    const spec = validateSpec(raw, deps.root);
    if (!spec.ok) {
      const at = `tasks[${step.get(t.task_id)! - 1}]`;
      const error = formatFailure({ ...spec.error, hint: undefined, field: spec.error.field ? `${at}.${spec.error.field}` : at });
      recordPlanStepSkipped(ledger, { plan_id: loaded.id, step: step.get(t.task_id)!, task_id: t.task_id, kind: t.kind, file, reason: `invalid: ${error}` });
      return { id: t.task_id, status: "invalid", file, attempts: 0, tests: "none", error };
    }
    if (isUnchanged(spec.value, deps.data)) return { id: t.task_id, status: "unchanged", file: spec.value.output.rel, attempts: 0, tests: "none" };
    const inputs = inputsHash(spec.value);
    deps.onStart?.(t.task_id);
    const outcome = await runTask(spec.value, JSON.stringify(raw), {
      config: deps.config,
      stateDir: deps.stateDir,
      signal: deps.signal,
      pool: deps.pool,
      onEvent: deps.onEvent ? (e) => deps.onEvent!(t.task_id, e) : undefined,
    });
    await recordPlanStep(ledger, outcome, { plan_id: loaded.id, step: step.get(t.task_id)! });
    if (outcome.result.status === "success" && inputs) {
      try {
        writeStepState(deps.data, t.task_id, { inputs, output: contentHash(readFileSync(spec.value.output.abs)), at: new Date().toISOString() });
      } catch {
        // No state only means the next run does the task again.
      }
    }
    return stepOf(outcome);
  };

  while (results.size < local.length) {
    let changed = false;
    for (const t of local) {
      if (results.has(t.task_id) || running.has(t.task_id)) continue;
      if (deps.signal?.aborted) {
        finish({ id: t.task_id, status: "cancelled", file: outputFiles(t)[0] ?? null, attempts: 0, tests: "none", error: "cancelled before it started" });
        changed = true;
        continue;
      }
      const g = gate(t);
      if (g.kind === "end") {
        recordPlanStepSkipped(ledger, { plan_id: loaded.id, step: step.get(t.task_id)!, task_id: t.task_id, kind: t.kind, file: outputFiles(t)[0] ?? null, reason: g.why });
        finish({ id: t.task_id, status: g.status, file: outputFiles(t)[0] ?? null, attempts: 0, tests: "none", error: g.why });
        changed = true;
      } else if (g.kind === "ready" && running.size < limit) {
        running.set(
          t.task_id,
          runOne(t).then((r) => {
            running.delete(t.task_id);
            finish(r);
          }),
        );
        changed = true;
      }
    }
    if (running.size) await Promise.race(running.values());
    else if (!changed) break; // cannot happen with a validated (acyclic) plan; never spin
  }

  const steps = local.map((t) => results.get(t.task_id) ?? { id: t.task_id, status: "skipped" as const, file: outputFiles(t)[0] ?? null, attempts: 0, tests: "none" as const, error: "not reached" });
  return summarize(loaded.id, plan, steps, claudeDone, Date.now() - started);
}

function stepOf(o: RunOutcome): StepResult {
  const r = o.result;
  return {
    id: r.task_id ?? "",
    status: r.status,
    file: r.file,
    attempts: r.attempts,
    tests: r.tests,
    ...(r.error ? { error: r.error } : {}),
    ...(o.usage ? { tokens: o.usage } : {}),
  };
}
