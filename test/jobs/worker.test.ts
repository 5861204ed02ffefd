// The worker in process, with a stand-in command: progress, queueing, cancel through the state.
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { acquireLock } from "../../src/util/lock.js";
import { isoNow, type Job } from "../../src/jobs/schema.js";
import { slotPaths } from "../../src/jobs/slots.js";
import { readJob, updateJob, writeJob } from "../../src/jobs/store.js";
import { runWorker, type Main } from "../../src/jobs/worker.js";
import { tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
let data: string;
const BASE = "http://127.0.0.1:9/v1";

beforeEach(() => {
  proj = tempProject();
  data = join(proj.root, ".claude/local-delegate");
});
afterEach(() => proj.cleanup());

function newJob(id: string, over: Partial<Job> = {}): Job {
  const job: Job = { v: 1, id, kind: "plan", label: "dark-mode", argv: ["plan", "run", "plan.yaml"], cwd: proj.root, host: hostname(), created: isoNow(), started: null, ended: null, status: "running", waiting_for: null, pid: null, proc: null, heartbeat: null, progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: join(data, "jobs", `${id}.log`), ...over };
  const w = writeJob(data, job);
  if (!w.ok) throw new Error(w.error.message);
  return job;
}
function io(log: string[]): CliIO {
  return { stdout: () => {}, stderr: (s) => void log.push(s), env: { HOME: proj.home, XDG_STATE_HOME: join(proj.home, ".state"), LOCAL_DELEGATE_BASE_URL: BASE }, cwd: proj.root, stderrIsTTY: false, readStdin: async () => "" };
}
const state = (id: string) => {
  const j = readJob(data, id);
  if (!j.ok) throw new Error(j.error.message);
  return j.value;
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the worker", () => {
  it("records progress 3/7 and a heartbeat while the command runs, then its result and exit code", async () => {
    const id = "260101-120000-aaaa";
    newJob(id);
    const seen: string[] = [];
    const main: Main = async (argv, cio) => {
      expect(argv).toEqual(["plan", "run", "plan.yaml"]);
      for (let i = 0; i < 7; i++) {
        cio.onProgress?.({ done: i, total: 7, current: `task-${i}` });
        cio.onEvent?.({ type: "verify", step: "tests" });
        await tick(60);
        const p = state(id).progress;
        if (p) seen.push(`${p.done}/${p.total}`);
      }
      cio.onProgress?.({ done: 7, total: 7 });
      cio.stdout(`${JSON.stringify({ status: "partial", done: 6, failed: 1 })}\n`);
      return 1;
    };
    const log: string[] = [];
    await runWorker(id, io(log), { main, heartbeatMs: 30, progressMs: 10 });
    expect(seen).toContain("3/7");
    const end = state(id);
    expect(end).toMatchObject({ status: "done", pid: process.pid, exit_code: 1, result: { status: "partial", done: 6, failed: 1 }, progress: { done: 7, total: 7 }, step: null });
    expect(end.heartbeat).not.toBeNull();
    expect(log.join("")).toMatch(/running tests[\s\S]*finished: partial \(exit 1\)/);
  });

  it("queues behind the job holding the server's slot, says what it waits for, then runs", async () => {
    const id = "260101-120000-bbbb";
    newJob(id);
    const [slot] = slotPaths(join(proj.home, ".state", "local-delegate"), BASE, 1);
    const held = await acquireLock(slot!, { what: "job 260101-110000-cccc (run slugify) in /elsewhere", waitMs: 0 });
    if (!held.ok) throw new Error("slot");
    let ran = false;
    const done = runWorker(id, io([]), { main: async (_a, cio) => ((ran = true), cio.stdout('{"status":"success"}\n'), 0), heartbeatMs: 30 });
    await tick(500);
    expect(state(id)).toMatchObject({ status: "queued", waiting_for: "job 260101-110000-cccc (run slugify) in /elsewhere" });
    expect(ran).toBe(false);
    held.value();
    await done;
    expect(ran).toBe(true);
    expect(state(id)).toMatchObject({ status: "done", waiting_for: null, exit_code: 0 });
  });

  it("lets a job submitted earlier take the one slot first, even before that job's worker is up", async () => {
    // The earlier job: recorded a moment before, its worker (this process stands in) not yet on a slot.
    const earlier = "260101-120000-ff00";
    newJob(earlier, { server: BASE, pid: process.pid, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff01";
    newJob(id, { server: BASE });
    let ran = false;
    const done = runWorker(id, io([]), { main: async (_a, cio) => ((ran = true), cio.stdout('{"status":"success"}\n'), 0), heartbeatMs: 30, pollMs: 20 });
    await tick(400);
    expect(ran).toBe(false);
    expect(state(id)).toMatchObject({ status: "queued", waiting_for: expect.stringContaining(`job ${earlier} (plan dark-mode)`) });
    await updateJob(data, earlier, (j) => ({ ...j, started: isoNow() }));
    await done;
    expect(ran).toBe(true);
  });

  it("does not wait for an earlier job recorded by another machine (it cannot be judged from here)", async () => {
    newJob("260101-120000-ff04", { server: BASE, host: "another-machine", pid: 4242, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff05";
    newJob(id, { server: BASE });
    const log: string[] = [];
    let ran = false;
    await runWorker(id, io(log), { main: async (_a, cio) => ((ran = true), cio.stdout('{"status":"success"}\n'), 0), heartbeatMs: 30, pollMs: 20 });
    expect(ran).toBe(true);
    expect(log.join("")).not.toMatch(/queued:/);
  });

  it("with two slots, does not wait for an earlier job that leaves one free", async () => {
    newJob("260101-120000-ff02", { server: BASE, pid: process.pid, created: new Date(Date.now() - 50).toISOString() });
    const id = "260101-120000-ff03";
    newJob(id, { server: BASE });
    const log: string[] = [];
    const env = { ...io(log).env, LOCAL_DELEGATE_MAX_JOBS_PER_SERVER: "2" };
    let ran = false;
    await runWorker(id, { ...io(log), env }, { main: async (_a, cio) => ((ran = true), cio.stdout('{"status":"success"}\n'), 0), heartbeatMs: 30, pollMs: 20 });
    expect(ran).toBe(true);
    expect(log.join("")).not.toMatch(/queued:/);
  });

  it("stops its command when the state says cancel, even if no signal reaches it", async () => {
    const id = "260101-120000-dddd";
    newJob(id);
    let aborted = false;
    const main: Main = async (_a, cio) => {
      await new Promise<void>((r) => cio.signal?.addEventListener("abort", () => r(), { once: true }));
      aborted = true;
      cio.stdout('{"status":"cancelled"}\n');
      return 130;
    };
    const done = runWorker(id, io([]), { main, heartbeatMs: 30 });
    await tick(150);
    await updateJob(data, id, (j) => ({ ...j, cancel_requested: true }));
    await done;
    expect(aborted).toBe(true);
    expect(state(id)).toMatchObject({ status: "cancelled", exit_code: 130 });
  });

  it("does nothing for a job that was cancelled before its worker started", async () => {
    const id = "260101-120000-eeee";
    newJob(id, { status: "cancelled", result: { job: id, status: "cancelled" }, exit_code: 130 });
    let ran = false;
    await runWorker(id, io([]), { main: async () => ((ran = true), 0) });
    expect(ran).toBe(false);
    expect(state(id)).toMatchObject({ status: "cancelled", pid: null });
  });
});
