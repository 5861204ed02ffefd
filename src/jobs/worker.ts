import type { EngineEvent } from "../engine/events.js";
import { commandContext, configFor } from "../cli/context.js";
import type { CliIO, Progress } from "../cli/io.js";
import { jobServer } from "./background.js";
import { HEARTBEAT_MS } from "./liveness.js";
import { probe, sleep } from "./proc.js";
import { isActive, isoNow, type Job } from "./schema.js";
import { describeJob, waitingAhead } from "./queue.js";
import { heldSlots, slotPaths, waitForSlot } from "./slots.js";
import { readJob, updateJob } from "./store.js";

export type Main = (argv: string[], io: CliIO) => Promise<number>;

export interface WorkerOptions {
  main: Main;
  heartbeatMs?: number;
  /** Least time between two progress writes: a token stream must not become a write storm. */
  progressMs?: number;
  /** How often a queued worker looks again. */
  pollMs?: number;
}

/**
 * The detached worker (`jobs --worker ID`): waits for a slot on its model server, runs the job's
 * command in process with a job-scoped I/O (stdout captured for the result, stderr and the engine's
 * events into the log, progress and a heartbeat into the job's state), then stores the result.
 * It stops itself when the state says the job was cancelled or is no longer its own.
 */
export async function runWorker(id: string, io: CliIO, opts: WorkerOptions): Promise<number> {
  const ctx = commandContext(io);
  const data = ctx.data;
  const log = (line: string) => io.stderr(`${isoNow()} ${line}\n`);
  const first = readJob(data, id);
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

  const self = probe(process.pid);
  const pending: Partial<Job> = {};
  let chain: Promise<unknown> = Promise.resolve();
  // Writes are queued one after another, each taking what `pending` holds at that moment.
  const flush = () => {
    chain = chain.then(async () => {
      const change = { ...pending };
      const r = await updateJob(data, id, (j) => {
        if (!isActive(j) || (j.pid !== null && j.pid !== process.pid)) return null;
        return { ...j, ...change, pid: process.pid, proc: self.alive ? self.identity : j.proc, heartbeat: isoNow() };
      });
      if (!r.ok) return log(`worker: cannot update the job state: ${r.error.message}`);
      if (!isActive(r.value) || r.value.pid !== process.pid || r.value.cancel_requested) stop();
    });
    return chain;
  };
  let timer: NodeJS.Timeout | null = null;
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = null;
      void flush();
    }, opts.progressMs ?? 1_000);
  };
  await flush();
  const beat = setInterval(() => void flush(), opts.heartbeatMs ?? HEARTBEAT_MS);
  beat.unref();

  const cfg = configFor(io, ctx);
  const server = cfg.ok ? jobServer(cfg.value.config) : null;
  let release: (() => void) | null = null;
  if (server && !controller.signal.aborted) {
    const max = cfg.ok ? (cfg.value.config.max_jobs_per_server ?? 1) : 1;
    const what = describeJob(job, ctx.root);
    let told = "";
    const onQueued = (waitingFor: string) => {
      if (waitingFor === told) return;
      told = waitingFor;
      log(`queued: waiting for ${waitingFor}`);
      Object.assign(pending, { status: "queued", waiting_for: waitingFor });
      void flush();
    };
    const paths = slotPaths(ctx.stateDir, server, max);
    // First in, first served in this project: while the jobs submitted earlier would take every
    // free slot, let them have them.
    for (;;) {
      if (controller.signal.aborted) break;
      const held = heldSlots(paths);
      const ahead = waitingAhead(data, server, job, held);
      if (!ahead.length || ahead.length < paths.length - held.length) break;
      onQueued([...held.map((h) => h.what), ...ahead.map((j) => describeJob(j, ctx.root))].join("; "));
      await sleep(opts.pollMs ?? 200);
    }
    if (!controller.signal.aborted) {
      const slot = await waitForSlot(paths, what, { signal: controller.signal, onQueued });
      if (slot.ok) release = slot.value;
    }
  }

  let out = "";
  let code = 130;
  if (!controller.signal.aborted) {
    Object.assign(pending, { status: "running", waiting_for: null, started: isoNow() });
    await flush();
    log(`running: local-delegate ${job.argv.join(" ")}`);
    const jobIO: CliIO = {
      stdout: (s) => {
        out += s;
        io.stdout(s);
      },
      stderr: (s) => io.stderr(s),
      env: io.env,
      cwd: job.cwd,
      stderrIsTTY: false,
      readStdin: async () => "",
      signal: controller.signal,
      // A task started or ended: rare, and what `status` is asked for, so written at once.
      onProgress: (p: Progress) => {
        pending.progress = { done: p.done, total: p.total, current: p.current ?? null };
        void flush();
      },
      onEvent: eventSink(log, (step) => {
        pending.step = step;
        soon();
      }),
    };
    try {
      code = await opts.main(job.argv, jobIO);
    } catch (e) {
      code = 1;
      out += `${JSON.stringify({ status: "failed", error: `internal error: ${e instanceof Error ? e.message : String(e)}` })}\n`;
    }
  }
  clearInterval(beat);
  if (timer) clearTimeout(timer);
  await chain;

  const result = lastJson(out) ?? (controller.signal.aborted ? { job: id, status: "cancelled", restored: [] } : { status: "failed", error: "the command printed no result; see the job's log" });
  const cancelled = controller.signal.aborted || result.status === "cancelled";
  const end = await updateJob(data, id, (j) => {
    if (!isActive(j) || (j.pid !== null && j.pid !== process.pid)) return null;
    return { ...j, ...pending, status: cancelled ? "cancelled" : "done", waiting_for: null, step: null, ended: isoNow(), heartbeat: isoNow(), result, exit_code: code };
  });
  // Only now: the next job's worker takes the slot at once, and its `started` must not come
  // before this job's `ended`.
  release?.();
  log(`finished: ${String(result.status)} (exit ${code})${end.ok ? "" : `; the state could not be saved: ${end.error.message}`}`);
  return 0;
}

function ignore(): void {}

function lastJson(out: string): Record<string, unknown> | null {
  const line = out.trim().split("\n").at(-1);
  if (!line) return null;
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The engine's events as log lines and a short "what it does now" for `status`. */
function eventSink(log: (line: string) => void, step: (s: string) => void): (e: EngineEvent) => void {
  let lastTokens = 0;
  return (e) => {
    switch (e.type) {
      case "model":
        log(`model ${e.model} (${e.flavor}, context ${e.contextLength ?? "unknown"})`);
        return;
      case "attempt":
        lastTokens = 0;
        log(`attempt ${e.n}/${e.of}`);
        return step(`attempt ${e.n}/${e.of}: waiting for the first token`);
      case "progress":
        // A line every 5 s of generation is enough to see it move.
        if (e.elapsedMs - lastTokens >= 5_000) {
          lastTokens = e.elapsedMs;
          log(`${e.tokens} tokens, ${e.tokensPerSecond.toFixed(1)} tok/s`);
        }
        return step(`generating: ${e.tokens} tokens`);
      case "retry":
        log(`retry: ${e.reason}`);
        return step(`retrying: ${e.reason.slice(0, 80)}`);
      case "write":
        log(`writing ${e.file}`);
        return step(`writing ${e.file}`);
      case "verify":
        log(`running ${e.step}`);
        return step(e.step === "tests" ? "running tests" : "running lint");
      case "wait":
        log(`waiting: ${e.what}`);
        return step(`waiting: ${e.what}`);
    }
  };
}
