import { readFileSync } from "node:fs";
import type { Config } from "../config/schema.js";
import type { EngineEvent } from "../engine/events.js";
import type { RunOutcome } from "../engine/result.js";
import { runTask } from "../engine/run.js";
import { formatFailure } from "../errors.js";
import { recordPlanStep, recordPlanStepSkipped } from "../ledger/record.js";
import type { BackendPool } from "../model/pool.js";
import { validateSpec } from "../spec/load.js";
import { SPEC_KEYS, outputFiles, type PlanTask } from "./schema.js";
import { contentHash, fileHash, inputsHash, isEditedSince, isTakenOver, isUnchanged, writeStepState } from "./state.js";
import type { StepResult } from "./summary.js";

export interface PlanRunDeps {
  root: string;
  /** The project's data folder: ledger, backups, plan state. */
  data: string;
  stateDir: string;
  /** The user's model records: each judged step is added to its model's. */
  records: string;
  config: Config;
  /** Shared by every task, so a server that died for one is tried last by the next. */
  pool: BackendPool;
  signal?: AbortSignal | undefined;
  onEvent?: ((taskId: string, e: EngineEvent) => void) | undefined;
  onStart?: ((taskId: string) => void) | undefined;
  onFinish?: ((step: StepResult, done: number, total: number) => void) | undefined;
}

export interface StepPlace {
  planId: string;
  /** The task's 1-based place in the plan file. */
  step: number;
  ledger: string;
  /** Context files other tasks of the plan read too, in the order every prompt lists them first. */
  shared: readonly string[];
  /** Tasks that depend on this one and write its file after it: on a rerun, what they left stands for its own. */
  later: readonly PlanTask[];
  /** Ids of the tasks it depends on that write its file before it: the file as one left it is no one's takeover. */
  earlier: readonly string[];
}

/** One local task of a plan through the same engine as `run`, recorded as a plan step. */
export async function runStep(t: PlanTask, at: StepPlace, deps: PlanRunDeps): Promise<StepResult> {
  const raw = specFields(t);
  const file = outputFiles(t)[0] ?? null;
  const spec = validateSpec(raw, deps.root);
  if (!spec.ok) {
    const where = `tasks[${at.step - 1}]`;
    const error = formatFailure({ ...spec.error, hint: undefined, field: spec.error.field ? `${where}.${spec.error.field}` : where });
    recordPlanStepSkipped(at.ledger, { plan_id: at.planId, step: at.step, task_id: t.task_id, kind: t.kind, file, reason: `invalid: ${error}` });
    return { id: t.task_id, status: "invalid", file, attempts: 0, tests: "none", error };
  }
  const local = at.later.flatMap((u) => {
    const v = u.owner === "local" ? validateSpec(specFields(u), deps.root) : null;
    return v?.ok ? [v.value] : [];
  });
  if (isTakenOver(spec.value.output, deps.data, t.task_id, at.earlier)) return takenOver(t, spec.value.output.rel, at, "the local model failed at this task");
  if (isUnchanged(spec.value, deps.data, { local, claude: at.later.some((u) => u.owner === "claude") })) return { id: t.task_id, status: "unchanged", file: spec.value.output.rel, attempts: 0, tests: "none" };
  if (isEditedSince(spec.value, deps.data, local)) return takenOver(t, spec.value.output.rel, at, "the local model wrote it");
  const inputs = inputsHash(spec.value);
  const before = fileHash(spec.value.output.abs);
  deps.onStart?.(t.task_id);
  const outcome = await runTask(spec.value, JSON.stringify(raw), {
    config: deps.config,
    stateDir: deps.stateDir,
    signal: deps.signal,
    pool: deps.pool,
    sharedContext: at.shared,
    onEvent: deps.onEvent ? (e) => deps.onEvent!(t.task_id, e) : undefined,
  });
  await recordPlanStep(at.ledger, outcome, { plan_id: at.planId, step: at.step }, { userRecord: { dir: deps.records, project: deps.root } });
  try {
    const when = new Date().toISOString();
    if (outcome.result.status !== "success") writeStepState(deps.data, t.task_id, { failed: true, file: spec.value.output.rel, left: fileHash(spec.value.output.abs), before, at: when });
    // Inputs that could not be hashed match no run's: the task runs again, but the failure is forgotten.
    else writeStepState(deps.data, t.task_id, { inputs: inputs ?? "", output: contentHash(readFileSync(spec.value.output.abs)), before, at: when });
  } catch {
    // No state only means the next run does the task again.
  }
  return stepOf(outcome);
}

/** A task whose file was written since it failed, or edited since it succeeded: someone else's work, not run over. */
function takenOver(t: PlanTask, rel: string, at: StepPlace, since: string): StepResult {
  const why = `${rel} changed since ${since}: taken as Claude's or your work and left as it is. To have the local model write it, delete the file or put it back as it was before the task`;
  recordPlanStepSkipped(at.ledger, { plan_id: at.planId, step: at.step, task_id: t.task_id, kind: t.kind, file: rel, reason: why });
  return { id: t.task_id, status: "taken_over", file: rel, attempts: 0, tests: "none", error: why };
}

/** The task's spec, as `run` would get it. */
function specFields(t: PlanTask): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const k of SPEC_KEYS) if (t[k] !== undefined) raw[k] = t[k];
  raw.output_file = outputFiles(t)[0] ?? null; // `[one.ts]` is the same task as `one.ts`
  return raw;
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
    // What `run` tells Claude about what changed and what to do, a plan tells it too.
    ...(r.updated ? { updated: r.updated } : {}),
    ...(r.hint ? { hint: r.hint } : {}),
    ...(r.kept ? { kept: r.kept } : {}),
    ...(r.restored === false ? { restored: false as const, ...(r.backup ? { backup: r.backup } : {}) } : {}),
    ...(o.usage ? { tokens: o.usage } : {}),
  };
}
