// The worker in process, with stand-in handlers: progress, queueing, cancel through the state.
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/util/lock.js";
import { isoNow, type Job } from "../../src/jobs/schema.js";
import { slotPaths } from "../../src/jobs/slots.js";
import { readJob, updateJob, writeJob } from "../../src/jobs/store.js";
import type { Handler, Handlers } from "../../src/jobs/handlers.js";
import { runWorker, type WorkerIO } from "../../src/jobs/worker.js";
import { tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "./helpers.js";

let proj: TempProject;
let data: string;
const BASE = "http://127.0.0.1:9/v1";

beforeEach(() => {
  proj = tempProject();
  data = proj.data;
});
afterEach(() => proj.cleanup());

function newJob(id: string, over: Partial<Job> = {}): Job {
  const job: Job = { v: 2, id, kind: "plan", label: "dark-mode", request: { kind: "plan", plan_file: join(data, "jobs", `${id}.input`) }, argv: ["plan", "run", "plan.yaml"], cwd: proj.root, host: hostname(), created: isoNow(), started: null, ended: null, status: "running", waiting_for: null, pid: null, proc: null, heartbeat: null, progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: join(data, "jobs", `${id}.log`), ...over };
  const w = writeJob(data, job);
  if (!w.ok) throw new Error(w.error.message);
  return job;
}
function io(log: string[]): WorkerIO {
  return { log: (s) => void log.push(s), env: { HOME: proj.home, XDG_STATE_HOME: join(proj.home, ".state"), LOCAL_DELEGATE_BASE_URL: BASE }, cwd: proj.root };
}
/** The plan handler given, and handlers for the other kinds that must not be called. */
function handlers(plan: Handler<"plan">): Handlers {
  const never = async (): Promise<never> => {
    throw new Error("the wrong handler");
  };
  return { run: never, plan, qualify: never };
}
/** A stand-in plan that succeeds at once, and says whether it ran. */
function succeeding(): { handlers: Handlers; ran: () => boolean } {
  let ran = false;
  return { handlers: handlers(async () => ((ran = true), { value: { kind: "plan", value: SUMMARY }, exitCode: 0 })), ran: () => ran };
}
const SUMMARY = { status: "success" as const, plan: "dark-mode", tasks: [], totals: { local: 0, claude: 0 }, claude: [], ms: 1 };
const state = (id: string) => {
  const j = readJob(data, id);
  if (!j.ok) throw new Error(j.error.message);
  return j.value;
};
/**
 * Waits until the worker has written its heartbeat `n` more times: evidence that time passed in
 * the worker, its timers (the queue's poll among them, which is shorter) included, without
 * sleeping for a guess of how long that takes.
 */
async function beats(id: string, n: number): Promise<void> {
  const seen = new Set<string>();
  await waitFor(`${n} heartbeats`, () => {
    const h = state(id).heartbeat;
    if (h) seen.add(h);
    return seen.size > n;
  }, 20_000, 5);
}

describe("the worker", () => {
  it("hands the request to its kind's handler, records progress 3/7 and a heartbeat meanwhile, then the typed result and exit code", async () => {
    const id = "260101-120000-aaaa";
    newJob(id);
    const seen: string[] = [];
    const failed = { status: "failed" as const, plan: "dark-mode", tasks: [], totals: { local: 7, claude: 0, success: 6, failed: 1 }, claude: [], ms: 5 };
    const plan: Handler<"plan"> = async (request, run) => {
      expect(request).toEqual({ kind: "plan", plan_file: join(data, "jobs", `${id}.input`) });
      expect(run.ctx.root).toBe(proj.root);
      for (let i = 0; i < 7; i++) {
        run.hooks.onProgress?.({ done: i, total: 7, current: `task-${i}` });
        run.hooks.onEvent?.({ type: "verify", step: "tests" });
        // Each step's progress reaches the state while the handler still runs.
        const p = await waitFor(`progress ${i}/7`, () => (state(id).progress?.done === i ? state(id).progress : null), 20_000, 5);
        seen.push(`${p!.done}/${p!.total}`);
      }
      // And the heartbeat moves on while it runs, not only when the job ends: of two more writes,
      // at most one is the step's pending write, so one at least is the heartbeat's.
      await beats(id, 2);
      run.hooks.onProgress?.({ done: 7, total: 7 });
      run.hooks.warn("the ledger could not be written");
      return { value: { kind: "plan", value: failed }, exitCode: 1 };
    };
    const log: string[] = [];
    await runWorker(id, io(log), { handlers: handlers(plan), heartbeatMs: 30, progressMs: 10 });
    expect(seen).toEqual(["0/7", "1/7", "2/7", "3/7", "4/7", "5/7", "6/7"]);
    const end = state(id);
    expect(end).toMatchObject({ status: "done", pid: process.pid, exit_code: 1, result: { kind: "plan", value: failed }, progress: { done: 7, total: 7 }, step: null });
    // Read back as written: the keys in the order the foreground command prints them.
    expect(Object.keys(end.result!.value)).toEqual(Object.keys(failed));
    expect(log.join("")).toMatch(/running tests[\s\S]*warning: the ledger could not be written[\s\S]*finished: failed \(exit 1\)/);
  });

  it("stores a handler that throws as a failed job, and a job with no request (an older version's) likewise", async () => {
    const id = "260101-120000-abab";
    newJob(id);
    await runWorker(id, io([]), { handlers: handlers(async () => { throw new Error("a bug"); }) });
    expect(state(id)).toMatchObject({ status: "done", exit_code: 1, result: { kind: "job", value: { status: "failed", error: "internal error: a bug" } } });
    const old = "260101-120000-abac";
    newJob(old, { request: null });
    const s = succeeding();
    await runWorker(old, io([]), { handlers: s.handlers });
    expect(s.ran()).toBe(false);
    expect(state(old)).toMatchObject({ status: "done", exit_code: 1, result: { kind: "job", value: { status: "failed", error: expect.stringMatching(/older local-delegate/) } } });
  });

  it("queues behind the job holding the server's slot, says what it waits for, then runs", async () => {
    const id = "260101-120000-bbbb";
    newJob(id);
    const [slot] = slotPaths(join(proj.home, ".state", "local-delegate"), BASE, 1);
    const held = await acquireLock(slot!, { what: "job 260101-110000-cccc (run slugify) in /elsewhere", waitMs: 0 });
    if (!held.ok) throw new Error("slot");
    const s = succeeding();
    const done = runWorker(id, io([]), { handlers: s.handlers, heartbeatMs: 30, pollMs: 20 });
    await waitFor("the job to say queued", () => state(id).status === "queued");
    // Queued it stays while the slot is held, however many times the worker looks again.
    await beats(id, 5);
    expect(state(id)).toMatchObject({ status: "queued", waiting_for: "job 260101-110000-cccc (run slugify) in /elsewhere" });
    expect(s.ran()).toBe(false);
    held.value();
    await done;
    expect(s.ran()).toBe(true);
    expect(state(id)).toMatchObject({ status: "done", waiting_for: null, exit_code: 0 });
  });

  it("fails, without running, when the server's slot lock cannot be read: no endless queue, no second job beside the holder", async () => {
    const id = "260101-120000-bbbc";
    newJob(id);
    const [slot] = slotPaths(join(proj.home, ".state", "local-delegate"), BASE, 1);
    mkdirSync(slot!, { recursive: true });
    const s = succeeding();
    await runWorker(id, io([]), { handlers: s.handlers, heartbeatMs: 30, pollMs: 20 });
    expect(s.ran()).toBe(false);
    expect(state(id)).toMatchObject({ status: "done", exit_code: 1, result: { kind: "job", value: { status: "failed", error: expect.stringContaining(`cannot read the lock ${slot}`) } } });
  });

  it("lets a job submitted earlier take the one slot first, even before that job's worker is up", async () => {
    // The earlier job: recorded a moment before, its worker (this process stands in) not yet on a slot.
    const earlier = "260101-120000-ff00";
    newJob(earlier, { server: BASE, pid: process.pid, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff01";
    newJob(id, { server: BASE });
    const s = succeeding();
    const done = runWorker(id, io([]), { handlers: s.handlers, heartbeatMs: 30, pollMs: 20 });
    await waitFor("the job to say queued", () => state(id).status === "queued");
    await beats(id, 5);
    expect(s.ran()).toBe(false);
    expect(state(id)).toMatchObject({ status: "queued", waiting_for: expect.stringContaining(`job ${earlier} (plan dark-mode)`) });
    await updateJob(data, earlier, (j) => ({ ...j, started: isoNow() }));
    await done;
    expect(s.ran()).toBe(true);
  });

  it("does not wait for an earlier job recorded by another machine (it cannot be judged from here)", async () => {
    newJob("260101-120000-ff04", { server: BASE, host: "another-machine", pid: 4242, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff05";
    newJob(id, { server: BASE });
    const log: string[] = [];
    const s = succeeding();
    await runWorker(id, io(log), { handlers: s.handlers, heartbeatMs: 30, pollMs: 20 });
    expect(s.ran()).toBe(true);
    expect(log.join("")).not.toMatch(/queued:/);
  });

  it("with two slots, does not wait for an earlier job that leaves one free", async () => {
    newJob("260101-120000-ff02", { server: BASE, pid: process.pid, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff03";
    newJob(id, { server: BASE });
    const log: string[] = [];
    const env = { ...io(log).env, LOCAL_DELEGATE_MAX_JOBS_PER_SERVER: "2" };
    const s = succeeding();
    await runWorker(id, { ...io(log), env }, { handlers: s.handlers, heartbeatMs: 30, pollMs: 20 });
    expect(s.ran()).toBe(true);
    expect(log.join("")).not.toMatch(/queued:/);
  });

  it("stops its command when the state says cancel, even if no signal reaches it", async () => {
    const id = "260101-120000-dddd";
    newJob(id);
    let aborted = false;
    let listening = false;
    const plan: Handler<"plan"> = async (_r, run) => {
      const stopped = new Promise<void>((r) => run.hooks.signal?.addEventListener("abort", () => r(), { once: true }));
      listening = true;
      await stopped;
      aborted = true;
      return { value: { kind: "plan", value: { ...SUMMARY, status: "cancelled" } }, exitCode: 130 };
    };
    const done = runWorker(id, io([]), { handlers: handlers(plan), heartbeatMs: 30 });
    await waitFor("the command to run", () => listening);
    await updateJob(data, id, (j) => ({ ...j, cancel_requested: true }));
    await done;
    expect(aborted).toBe(true);
    expect(state(id)).toMatchObject({ status: "cancelled", exit_code: 130 });
  });

  it("does nothing for a job that was cancelled before its worker started", async () => {
    const id = "260101-120000-eeee";
    newJob(id, { status: "cancelled", result: { kind: "job", value: { job: id, status: "cancelled" } }, exit_code: 130 });
    const s = succeeding();
    await runWorker(id, io([]), { handlers: s.handlers });
    expect(s.ran()).toBe(false);
    expect(state(id)).toMatchObject({ status: "cancelled", pid: null });
  });
});
