import { loadConfig } from "../config/load.js";
import { ok } from "../errors.js";
import { contextFor } from "../project/context.js";
import type { Done, RequestHooks } from "../requests/io.js";
import { eventSink } from "./events.js";
import { handle, type Handlers } from "./handlers.js";
import { jobServer } from "./queue.js";
import { jobEnd, type JobResult } from "./request.js";
import { isActive, isoNow, type Job } from "./schema.js";
import { stateWriter, type StateWriter } from "./state-writer.js";
import { readJob, updateJob } from "./store.js";
import { waitForTurn } from "./turn.js";

/** What the worker process has: where it was started, its environment, its log (stderr, a file) and its stop signal. */
export interface WorkerIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (text: string) => void;
  signal?: AbortSignal | undefined;
}

export interface WorkerOptions {
  /** Who runs each kind of request: `JOB_HANDLERS`, or stand-ins in tests. */
  handlers: Handlers;
  heartbeatMs?: number;
  /** Least time between two progress writes: a token stream must not become a write storm. */
  progressMs?: number;
  /** How often a queued worker looks again. */
  pollMs?: number;
}

/**
 * The detached worker (`jobs --worker ID`): waits for its turn on its model server, hands the
 * job's request to the handler of its kind, in process (progress and a heartbeat into the job's
 * state, the engine's events into the log), then stores the typed result and exit code.
 * It stops itself when the state says the job was cancelled or is no longer its own.
 */
export async function runWorker(id: string, io: WorkerIO, opts: WorkerOptions): Promise<number> {
  const ctx = contextFor(io.cwd, io.env);
  const log = (line: string) => io.log(`${isoNow()} ${line}\n`);
  const first = readJob(ctx.data, id);
  if (!first.ok) {
    log(`worker: ${first.error.message}`);
    return 2;
  }
  const job = first.value;
  // The job outlives the terminal that started it; only cancel (SIGTERM) stops it.
  if (!process.listeners("SIGHUP").includes(ignore)) process.on("SIGHUP", ignore);
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (io.signal?.aborted) stop();
  io.signal?.addEventListener("abort", stop, { once: true });

  const state = stateWriter(ctx.data, id, log, stop, opts);
  await state.start();
  const cfg = loadConfig({ root: ctx.root, env: io.env });
  const server = cfg.ok ? jobServer(cfg.value.config) : null;
  const onQueued = (waitingFor: string) => {
    log(`queued: waiting for ${waitingFor}`);
    Object.assign(state.pending, { status: "queued", waiting_for: waitingFor });
    void state.flush();
  };
  const max = cfg.ok ? (cfg.value.config.max_jobs_per_server ?? 1) : 1;
  const turn = server && !controller.signal.aborted ? await waitForTurn(job, ctx, server, max, { signal: controller.signal, onQueued, pollMs: opts.pollMs }) : ok(null);
  const release = turn.ok ? turn.value : null;

  let done: Done<JobResult> | null = null;
  if (!turn.ok) {
    done = { value: jobEnd({ status: "failed", error: turn.error.message, ...(turn.error.hint ? { hint: turn.error.hint } : {}) }), exitCode: 1 };
  } else if (!controller.signal.aborted) {
    Object.assign(state.pending, { status: "running", waiting_for: null, started: isoNow() });
    await state.flush();
    log(`running: local-delegate ${job.argv.join(" ")}`);
    done = await runRequest(job, opts.handlers, { ...io, cwd: job.cwd }, workerHooks(state, log, controller.signal));
  }
  await state.close();
  const result = done?.value ?? jobEnd({ job: id, status: "cancelled", restored: [] });
  const code = done?.exitCode ?? 130;
  const cancelled = controller.signal.aborted || result.value.status === "cancelled";
  const end = await updateJob(ctx.data, id, (j) => {
    if (!isActive(j) || (j.pid !== null && j.pid !== process.pid)) return null;
    return { ...j, ...state.pending, status: cancelled ? "cancelled" : "done", waiting_for: null, step: null, ended: isoNow(), heartbeat: isoNow(), result, exit_code: code };
  });
  // Only now: the next job's worker takes the slot at once, and its `started` must not come
  // before this job's `ended`.
  release?.();
  log(`result: ${JSON.stringify(result.value)}`);
  log(`finished: ${result.value.status} (exit ${code})${end.ok ? "" : `; the state could not be saved: ${end.error.message}`}`);
  return 0;
}

function ignore(): void {}

/** Progress lands in the job's state at once (rare, and what `status` is asked for); the step of the engine soon after. */
function workerHooks(state: StateWriter, log: (line: string) => void, signal: AbortSignal): RequestHooks {
  return {
    signal,
    onProgress: (p) => {
      state.pending.progress = { done: p.done, total: p.total, current: p.current ?? null };
      void state.flush();
    },
    onEvent: eventSink(log, (step) => {
      state.pending.step = step;
      state.soon();
    }),
    warn: (message) => log(`warning: ${message}`),
  };
}

/** The handler's typed result; a request it could not run (a bug, an old state file) is a failed job, never a crash. */
async function runRequest(job: Job, handlers: Handlers, io: WorkerIO, hooks: RequestHooks): Promise<Done<JobResult>> {
  if (!job.request) return { value: jobEnd({ status: "failed", error: "this job was recorded by an older local-delegate; submit it again" }), exitCode: 1 };
  try {
    return await handle(handlers, job.request, { ctx: contextFor(io.cwd, io.env), env: io.env, hooks });
  } catch (e) {
    return { value: jobEnd({ status: "failed", error: `internal error: ${e instanceof Error ? e.message : String(e)}` }), exitCode: 1 };
  }
}
