// The wall clock set back while something waits (NTP correcting a clock that ran fast, a VM's
// clock after a pause, a person fixing the time). Every wait here has a bound in time; measured on
// the wall clock, a step back of an hour stretched it by an hour: `status --wait 540` then outlived
// Claude Code's 10-minute Bash limit, and a test command deaf to SIGTERM was never sent SIGKILL.
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { waitForJob } from "../../src/cli/commands/status.js";
import type { CliIO } from "../../src/cli/io.js";
import type { Job } from "../../src/jobs/schema.js";
import { writeJob } from "../../src/jobs/store.js";
import { contextFor } from "../../src/project/context.js";
import { selfIdentity } from "../../src/util/process-id.js";
import { runCommand } from "../../src/verify/command.js";
import { useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";

const tag = useProcessTag();
let proj: TempProject;
beforeEach(() => {
  proj = tempProject();
});
afterEach(() => {
  vi.restoreAllMocks();
  proj.cleanup();
});

/** From `afterMs` on, Date.now() reads an hour earlier than it is. */
function setClockBackAfter(afterMs: number): void {
  const real = Date.now.bind(Date);
  const from = real() + afterMs;
  vi.spyOn(Date, "now").mockImplementation(() => {
    const now = real();
    return now >= from ? now - 3_600_000 : now;
  });
}

function io(lines: string[]): CliIO {
  return { stdout: (s) => lines.push(s), stderr: () => {}, env: { ...process.env, HOME: proj.home, XDG_STATE_HOME: `${proj.home}/.state` }, cwd: proj.root, stderrIsTTY: false, readStdin: async () => ({ ok: true, value: "" }) };
}

describe.runIf(selfIdentity() !== null)("the clock set back an hour during a wait", () => {
  it("status --wait 1 still answers after about a second, the job still running", async () => {
    // A running job whose worker is alive: this process stands for it.
    const created = new Date().toISOString();
    const job: Job = { v: 2, id: "260101-000000-0001", kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created, started: created, ended: null, status: "running", waiting_for: null, pid: process.pid, proc: selfIdentity(), heartbeat: created, progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: "x.log" };
    writeJob(proj.data, job);
    const lines: string[] = [];
    const started = performance.now();
    setClockBackAfter(300);
    const code = await Promise.race([waitForJob(io(lines), contextFor(proj.root, {}), job.id, 1), new Promise<string>((r) => setTimeout(() => r("still waiting"), 15_000))]);
    const ms = performance.now() - started;
    expect(code).toBe(75);
    expect(JSON.parse(lines.join(""))).toMatchObject({ job: job.id, status: "running" });
    // The near miss: the wait is not cut short either.
    expect(ms).toBeGreaterThanOrEqual(900);
  }, 30_000);

  it("a cancelled test command deaf to SIGTERM is still sent SIGKILL after its grace", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const run = runCommand(`node -e 'process.on("SIGTERM", () => {}); require("fs").writeFileSync("up", ""); setInterval(() => {}, 1000)'`, { cwd: proj.root, timeoutMs: 60_000, signal: controller.signal });
    await vi.waitFor(() => expect(existsSync(join(proj.root, "up"))).toBe(true), { timeout: 10_000, interval: 50 });
    controller.abort();
    // During the grace SIGTERM is given.
    setClockBackAfter(300);
    const r = await Promise.race([run, new Promise<string>((res) => setTimeout(() => res("still running"), 20_000))]);
    expect(r).toMatchObject({ cancelled: true });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await tag().allGone(5_000)).toBe(true);
  }, 40_000);
});
