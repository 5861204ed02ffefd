import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import type { EngineEvent } from "../engine/events.js";
import type { BackendPool } from "../model/pool.js";
import type { RunOutcome } from "../engine/result.js";
import type { Failure, Result } from "../errors.js";
import { runTask } from "../engine/run.js";
import { createTaskProject } from "./project.js";
import type { SuiteTask } from "./suite/task.js";

export interface TaskRun {
  task: SuiteTask;
  outcome: RunOutcome;
  /** Answers the model gave (one per attempt) and how many held a usable file. */
  answers: number;
  wellFormedAnswers: number;
}

export interface SuiteDeps {
  config: Config;
  stateDir: string;
  /** Shared by every task, as a plan's tasks share one; without it each run makes its own. */
  pool?: BackendPool | undefined;
  signal?: AbortSignal | undefined;
  /** Keep the throwaway projects (for looking at what the model wrote). */
  keep?: boolean;
  onEvent?: ((task: SuiteTask, e: EngineEvent) => void) | undefined;
  onTaskDone?: ((run: TaskRun, index: number, total: number) => void) | undefined;
}

export interface SuiteRun {
  runs: TaskRun[];
  /** Why the suite stopped before its end (server down, cancelled); null when it ran through. */
  stopped: RunOutcome | null;
  /** A task's project could not be laid out (disk full, a bug in the suite). */
  failure: Failure | null;
  /** Where the throwaway projects are, when kept. */
  dir: string | null;
}

/** Statuses after which the next task would fare no better: the suite stops. */
const STOP = new Set(["unavailable", "cancelled"]);

/**
 * Every task through the real engine, in its own throwaway project, one after another (the
 * server runs one generation at a time anyway), so format and logic failures are measured
 * exactly as a real `run` meets them.
 */
export async function runSuite(tasks: readonly SuiteTask[], deps: SuiteDeps): Promise<SuiteRun> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "ld-qualify-")));
  const runs: TaskRun[] = [];
  let stopped: RunOutcome | null = null;
  let failure: Failure | null = null;
  try {
    for (const [i, task] of tasks.entries()) {
      const r = await runOne(base, task, deps);
      if (!r.ok) {
        failure = r.error;
        break;
      }
      const run = r.value;
      runs.push(run);
      deps.onTaskDone?.(run, i, tasks.length);
      if (STOP.has(run.outcome.result.status)) {
        stopped = run.outcome;
        break;
      }
    }
  } finally {
    if (!deps.keep) rmSync(base, { recursive: true, force: true });
  }
  return { runs, stopped, failure, dir: deps.keep ? base : null };
}

async function runOne(base: string, task: SuiteTask, deps: SuiteDeps): Promise<Result<TaskRun>> {
  const project = createTaskProject(base, task);
  if (!project.ok) return project;
  let malformed = 0;
  const outcome = await runTask(project.value.spec, project.value.specText, {
    config: deps.config,
    stateDir: deps.stateDir,
    pool: deps.pool,
    signal: deps.signal,
    onEvent: (e) => {
      // The engine's wording for an answer it could not take a file from (run.ts): the one
      // failure that is about the answer's form rather than the code in it.
      if (e.type === "retry" && e.reason.startsWith("answer not usable")) malformed++;
      // The answer is on disk and the check is about to run: build what it needs from it.
      if (e.type === "verify") project.value.prepare();
      deps.onEvent?.(task, e);
    },
  });
  // The engine counts an attempt once the model has answered: one answer per attempt.
  const answers = outcome.result.attempts;
  return { ok: true, value: { task, outcome, answers, wellFormedAnswers: Math.max(0, answers - malformed) } };
}
