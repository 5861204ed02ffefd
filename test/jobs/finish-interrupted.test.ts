// A dead worker's job is finished (leftovers killed, files put back, result stored) by one caller;
// between marking it `interrupted` and storing its result, every other `status` must wait for that
// result, and if the finisher itself is killed there, the next caller must finish it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FINISH_WAIT_MS, reconcile } from "../../src/jobs/liveness.js";
import { jobEnd } from "../../src/jobs/request.js";
import { finishLockFile, isoNow, type Job } from "../../src/jobs/schema.js";
import { readJob, updateJob, writeJob } from "../../src/jobs/store.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { acquireLock } from "../../src/util/lock.js";
import { listRuns, saveManifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { useProcessTag } from "../support/processes.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { cli, fence, GOOD, HANG, killJobs, killWorker, useBuiltCli, waitFor, workerAlive } from "./helpers.js";

useBuiltCli();
useProcessTag();

let proj: TempProject;
beforeEach(() => (proj = tempProject({ "hang.mjs": HANG, "src/slugify.mjs": "// original\n" })));
afterEach(() => {
  killJobs(proj);
  proj.cleanup();
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

/**
 * The state a finisher leaves between marking the job interrupted and storing its result: the dead
 * worker's run still open, its unverified output in a.txt.
 */
function cutShort(id: string): Job {
  writeFileSync(join(proj.root, "a.txt"), "original\n");
  const dead = deadPid();
  const created = new Date(Date.now() - 5_000).toISOString();
  const j: Job = { v: 2, id, kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created, started: created, ended: isoNow(), status: "interrupted", waiting_for: null, pid: dead, proc: "x", heartbeat: created, progress: { done: 0, total: 1, current: "t" }, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: "x.log" };
  writeJob(proj.data, j);
  const p = resolveInProject(proj.root, "a.txt", "file");
  if (!p.ok) throw new Error(p.error.message);
  const txn = Transaction.open(proj.root, proj.data, "t");
  if (!txn.ok) throw new Error(txn.error.message);
  txn.value.write(p.value, "unverified model output\n");
  const run = listRuns(proj.data)[0]!;
  saveManifest(run.dir, { ...run.manifest, pid: dead, proc: "x" }); // as the dead worker opened it
  return j;
}

describe("a dead worker's job marked interrupted but not finished", () => {
  it("a caller that comes while another finishes it waits for the result that one stores", async () => {
    const j = cutShort("260101-000000-0001");
    // This test is the other finisher, alive and at work.
    const held = await acquireLock(finishLockFile(proj.data, j.id), { what: "the other status", waitMs: 0 });
    if (!held.ok) throw new Error(held.error.message);
    const second = reconcile(proj.data, proj.root, j);
    const result = jobEnd({ job: j.id, status: "interrupted", restored: ["a.txt"], hint: "run it again: local-delegate run spec.json" });
    await updateJob(proj.data, j.id, (cur) => ({ ...cur, result, exit_code: 1 }));
    held.value();
    expect((await second).result).toEqual(result);
  });

  it("is finished by the next caller when its finisher was killed halfway", async () => {
    const j = cutShort("260101-000000-0002");
    writeFileSync(finishLockFile(proj.data, j.id), JSON.stringify({ pid: deadPid(), host: hostname(), since: isoNow(), what: "a killed status" }));
    const after = await reconcile(proj.data, proj.root, j);
    expect(after).toMatchObject({ status: "interrupted", exit_code: 1, result: { value: { status: "interrupted", restored: ["a.txt"], hint: expect.stringContaining("run it again") } } });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
    expect(readJob(proj.data, j.id)).toEqual({ ok: true, value: after });
  });

  it("is finished by the next `status`, which prints what was restored and what to do", async () => {
    const j = cutShort("260101-000000-0003");
    const r = await cli(["status", j.id], proj, {});
    expect(r.json).toMatchObject({ job: j.id, status: "interrupted", restored: ["a.txt"], hint: expect.stringContaining("run it again") });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
  });

  // The wait for another finisher is up to a minute; `status` and `jobs` sat it out whatever the
  // user pressed, the terminal (or Claude's Bash call) stuck until it passed.
  it("a Ctrl-C ends the wait for another finisher at once: status and jobs print what they know, cancel does nothing", async () => {
    const j = cutShort("260101-000000-0005");
    const held = await acquireLock(finishLockFile(proj.data, j.id), { what: "the other status", waitMs: 0 });
    if (!held.ok) throw new Error(held.error.message);
    const interrupted = AbortSignal.abort();
    try {
      for (const argv of [["status", j.id], ["jobs", "--json"]]) {
        const started = Date.now();
        const r = await runCli(argv, { cwd: proj.root, home: proj.home, signal: interrupted });
        expect(Date.now() - started).toBeLessThan(FINISH_WAIT_MS / 4);
        expect(r.stdout).toContain(j.id);
      }
      // cancel too: it stops there, says so, and does not undo the job beside the other finisher.
      const started = Date.now();
      const c = await runCli(["cancel", j.id], { cwd: proj.root, home: proj.home, signal: interrupted });
      expect(Date.now() - started).toBeLessThan(FINISH_WAIT_MS / 4);
      expect(c.code).toBe(130);
      expect(c.json).toMatchObject({ job: j.id, status: "interrupted", error: expect.stringContaining("nothing was done") });
      // Nothing was finished behind the other finisher's back: its run is still there to put back.
      expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("unverified model output\n");
    } finally {
      held.value();
    }
  }, FINISH_WAIT_MS * 3);

  it("once finished, is answered at once, without waiting for anyone's lock", async () => {
    const j = cutShort("260101-000000-0004");
    const finished = { ...j, result: jobEnd({ job: j.id, status: "interrupted", restored: [] }), exit_code: 1 };
    writeJob(proj.data, finished);
    const held = await acquireLock(finishLockFile(proj.data, j.id), { what: "someone", waitMs: 0 });
    if (!held.ok) throw new Error(held.error.message);
    try {
      expect(await reconcile(proj.data, proj.root, finished)).toEqual(finished);
    } finally {
      held.value();
    }
  });
});

describe("status asked many times at once after the worker died", () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => (server = await startFakeOpenAIServer({ flavor: "lmstudio" })));
  afterEach(() => server.close());

  it("every answer says interrupted, with what was restored and what to do", async () => {
    const env = { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000", LOCAL_DELEGATE_RETRIES: "0" };
    server.setScript(() => ({ content: fence(GOOD) }));
    const a = await cli(["run", proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node hang.mjs" }), "--background"], proj, env);
    await waitFor("the test command", () => proj.exists("hang.pid"));
    killWorker(proj, a.json.job);
    await waitFor("the worker to be gone", () => !workerAlive(proj, a.json.job));
    // Claude (or the status line) and a person asking at the same moment.
    const answers = await Promise.all(Array.from({ length: 6 }, () => cli(["status", a.json.job], proj, env)));
    for (const r of answers) expect(r.json).toMatchObject({ status: "interrupted", restored: ["src/slugify.mjs"], hint: expect.stringContaining("run it again") });
    expect(proj.read("src/slugify.mjs")).toBe("// original\n");
  }, 60_000);
});
