import { stopRunLeftovers } from "../engine/leftovers.js";
import { formatFailure } from "../errors.js";
import { recordPlanStepSkipped } from "../ledger/record.js";
import { recoverInterrupted } from "../write/recover.js";
import { ledgerPath } from "../ledger/store.js";
import type { LoadedPlan } from "./load.js";
import { gate, type ClaudeState, type Gate } from "./gate.js";
import { ancestors } from "./graph.js";
import { outputFiles, type PlanTask } from "./schema.js";
import { contextOf, sharedContext, startOrder } from "./share.js";
import { claudeTaskDone, laterWriters } from "./writers.js";
import { readSeen } from "./claude-seen.js";
import { runStep, type PlanRunDeps } from "./step.js";
import { isDone, summarize, type PlanSummary, type StepResult } from "./summary.js";

export type { PlanRunDeps } from "./step.js";

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
  const place = new Map(plan.tasks.map((t, i) => [t.task_id, i + 1]));
  const local = plan.tasks.filter((t) => t.owner === "local");
  const results = new Map<string, StepResult>();
  const running = new Map<string, Promise<void>>();
  const limit = Math.max(1, deps.pool.capacity);
  const ledger = ledgerPath(deps.data);
  // A Claude task waits for the local tasks it depends on: until they end it cannot be done, and
  // what depends on it waits too; once they have, its files say whether Claude did it.
  const before = ancestors(plan.tasks);
  const claudeState = (id: string): ClaudeState => {
    const earlier = local.filter((u) => before.get(id)?.has(u.task_id));
    if (earlier.some((u) => !results.has(u.task_id))) return "wait";
    if (earlier.some((u) => !isDone(results.get(u.task_id)!.status))) return "open";
    const t = byId.get(id)!;
    return claudeTaskDone(t, earlier, deps.root, deps.data, readSeen(deps.data, loaded, t, deps.root)) ? "done" : "open";
  };
  const fileOf = (t: PlanTask) => outputFiles(t)[0] ?? null;
  const finish = (r: StepResult) => {
    results.set(r.id, r);
    deps.onFinish?.(r, results.size, local.length);
  };
  const end = (t: PlanTask, status: "skipped" | "blocked" | "cancelled", why: string) => {
    if (status !== "cancelled") recordPlanStepSkipped(ledger, { plan_id: loaded.id, step: place.get(t.task_id)!, task_id: t.task_id, kind: t.kind, file: fileOf(t), reason: why });
    finish({ id: t.task_id, status, file: fileOf(t), attempts: 0, tests: "none", error: why });
  };

  // A run killed mid-write left its model's file, unchecked, in place: put back before any task is
  // judged by its file (that file is no one's edit, nor a task's work). If it cannot be, nothing runs.
  const recovered = recoverInterrupted(deps.root, deps.data, stopRunLeftovers);
  if (!recovered.ok) {
    const error = formatFailure(recovered.error);
    return summarize(loaded.id, plan, local.map((t) => ({ id: t.task_id, status: "failed", file: fileOf(t), attempts: 0, tests: "none", error, hint: "run `local-delegate rollback` for that task, then the plan again" })), () => false, Date.now() - started);
  }

  // Tasks that read the same files list them first, in one order, so that a server caching the
  // prompt's prefix processes them once; a ready task sharing most with the last one goes next.
  const shared = sharedContext(local, deps.root);
  const later = laterWriters(plan.tasks, local, deps.root);
  const files = new Map(local.map((t) => [t, contextOf(t, deps.root)]));
  let last: PlanTask | null = null;
  while (results.size < local.length) {
    let changed = false;
    const ready: PlanTask[] = [];
    for (const t of local) {
      if (results.has(t.task_id) || running.has(t.task_id)) continue;
      const g: Gate = deps.signal?.aborted ? { kind: "end", status: "cancelled", why: "cancelled before it started" } : gate(t, byId, results, claudeState);
      if (g.kind === "ready") ready.push(t);
      else if (g.kind === "end") {
        changed = true;
        end(t, g.status, g.why);
      }
    }
    for (const t of startOrder(ready, last, (x) => files.get(x)!, shared).slice(0, Math.max(0, limit - running.size))) {
      last = t;
      const earlier = local.filter((u) => later.get(u)?.includes(t)).map((u) => u.task_id);
      const at = { planId: loaded.id, step: place.get(t.task_id)!, ledger, shared, later: later.get(t) ?? [], earlier };
      const done = runStep(t, at, deps).then((r) => {
        running.delete(t.task_id);
        finish(r);
      });
      running.set(t.task_id, done);
    }
    if (running.size) await Promise.race(running.values());
    else if (!changed) break; // nothing runs, ends or can start: cannot happen with a validated (acyclic) plan; never spin
  }

  const steps = local.map((t) => results.get(t.task_id) ?? { id: t.task_id, status: "skipped" as const, file: fileOf(t), attempts: 0, tests: "none" as const, error: "not reached" });
  return summarize(loaded.id, plan, steps, (id) => claudeState(id) === "done", Date.now() - started);
}
