// Job state, liveness and undo, in process: the pieces `status`, `jobs` and `cancel` are made of.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { judge, reconcile, STALE_MS } from "../../src/jobs/liveness.js";
import { probe } from "../../src/jobs/proc.js";
import { isoNow, jobFile, jobsDir, type Job } from "../../src/jobs/schema.js";
import { listJobs, pruneJobs, readJob, resolveJobId, updateJob, writeJob } from "../../src/jobs/store.js";
import { jobRuns, undoJobRuns } from "../../src/jobs/undo.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { listRuns, saveManifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

let proj: TempProject;
let data: string;
beforeEach(() => {
  proj = tempProject();
  data = proj.data;
});
afterEach(() => proj.cleanup());

function job(id: string, over: Partial<Job> = {}): Job {
  return { v: 2, id, kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), created: isoNow(), started: null, ended: null, status: "running", waiting_for: null, pid: null, proc: null, heartbeat: null, progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: "x.log", ...over };
}
function save(j: Job): Job {
  const w = writeJob(data, j);
  if (!w.ok) throw new Error(w.error.message);
  return j;
}
/** A pid that was ours a moment ago and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}
function path(rel: string) {
  const p = resolveInProject(proj.root, rel, "file");
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe("judge: is the worker still there?", () => {
  const now = Date.now();
  const me = probe(process.pid);
  const identity = me.alive ? me.identity : null;
  it("alive: its pid runs and is the same process", () => {
    expect(judge(job("a", { pid: process.pid, proc: identity, heartbeat: isoNow() }))).toBe("alive");
  });
  it("dead: its pid is gone", () => {
    expect(judge(job("a", { pid: deadPid(), proc: "x", heartbeat: isoNow() }))).toBe("dead");
  });
  it("dead: its pid was reused by another process (another start time)", () => {
    expect(judge(job("a", { pid: process.pid, proc: "0:1", heartbeat: isoNow() }))).toBe("dead");
  });
  it("alive though silent: same process, old heartbeat (the machine slept)", () => {
    expect(judge(job("a", { pid: process.pid, proc: identity, heartbeat: new Date(now - 10 * STALE_MS).toISOString() }))).toBe("alive");
  });
  it("with no identity to compare, an old heartbeat decides", () => {
    const seen = () => ({ alive: true as const, identity: null });
    expect(judge(job("a", { pid: 1, heartbeat: new Date(now - 2 * STALE_MS).toISOString() }), seen, now)).toBe("dead");
    expect(judge(job("a", { pid: 1, heartbeat: new Date(now - 1_000).toISOString() }), seen, now)).toBe("alive");
  });
  it("a worker that never recorded itself: alive for a grace period, then dead", () => {
    expect(judge(job("a", { created: new Date(now - 1_000).toISOString() }), probe, now)).toBe("alive");
    expect(judge(job("a", { created: new Date(now - 60_000).toISOString() }), probe, now)).toBe("dead");
  });
  it("another machine's worker is not judged here", () => {
    expect(judge(job("a", { host: "elsewhere", pid: deadPid() }))).toBe("alive");
  });
});

describe("reconcile: a dead worker's job", () => {
  it("is marked interrupted and the file of its unfinished run is put back, byte for byte", async () => {
    const before = Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x0d, 0x0a]);
    writeFileSync(join(proj.root, "a.txt"), before);
    const pid = deadPid();
    const j = save(job("260101-000000-0001", { pid, proc: "x", created: new Date(Date.now() - 5_000).toISOString() }));
    const txn = Transaction.open(proj.root, data, "t");
    if (!txn.ok) throw new Error("txn");
    txn.value.write(path("a.txt"), "half of the new");
    const run = listRuns(data)[0]!;
    saveManifest(run.dir, { ...run.manifest, pid, proc: "x" }); // as if the dead worker had opened it

    const after = await reconcile(data, proj.root, j);
    expect(after).toMatchObject({ status: "interrupted", exit_code: 1, result: { kind: "job", value: { job: j.id, status: "interrupted", restored: ["a.txt"] } } });
    expect(readFileSync(join(proj.root, "a.txt")).equals(before)).toBe(true);
    expect(listRuns(data)[0]!.manifest.state).toBe("interrupted");
    // A second look changes nothing.
    expect(await reconcile(data, proj.root, after)).toEqual(after);
  });

  it("leaves a live worker's job alone", async () => {
    const me = probe(process.pid);
    const j = save(job("260101-000000-0002", { pid: process.pid, proc: me.alive ? me.identity : null, heartbeat: isoNow() }));
    expect(await reconcile(data, proj.root, j)).toEqual(j);
  });
});

describe("undo: what cancel puts back", () => {
  it("undoes finished runs newest first, keeps a file changed since, and never touches other processes' runs", async () => {
    writeFileSync(join(proj.root, "a.txt"), "original a");
    writeFileSync(join(proj.root, "b.txt"), "original b");
    const since = new Date(Date.now() - 1_000).toISOString();
    for (const content of ["task 1", "task 2"]) {
      const t = Transaction.open(proj.root, data, `t-${content.at(-1)}`);
      if (!t.ok) throw new Error("txn");
      t.value.write(path("a.txt"), content);
      t.value.commit();
      // Runs are ordered by their creation time (in ms): the next one is created a tick later.
      const created = Date.now();
      await waitFor("the clock to move on", () => Date.now() > created, 5_000, 1);
    }
    const tb = Transaction.open(proj.root, data, "t-b");
    if (!tb.ok) throw new Error("txn");
    tb.value.write(path("b.txt"), "by the job");
    tb.value.commit();
    writeFileSync(join(proj.root, "b.txt"), "edited by someone after the job");
    const other = Transaction.open(proj.root, data, "other");
    if (!other.ok) throw new Error("txn");
    other.value.write(path("c.txt"), "another process's work");
    other.value.commit();
    const otherRun = listRuns(data, "other")[0]!;
    saveManifest(otherRun.dir, { ...otherRun.manifest, pid: process.pid + 100_000 });

    const report = await undoJobRuns(proj.root, data, jobRuns(data, process.pid, since, null), { committed: true });
    expect(report).toEqual({ restored: ["a.txt"], kept: ["b.txt"], problems: [] });
    expect(proj.read("a.txt")).toBe("original a");
    expect(proj.read("b.txt")).toBe("edited by someone after the job");
    expect(proj.read("c.txt")).toBe("another process's work");
  });
});

describe("undo: runs already settled", () => {
  it("lists the files a run put back itself (a new file removed, an old one as before)", async () => {
    writeFileSync(join(proj.root, "old.txt"), "before");
    const t = Transaction.open(proj.root, data, "t");
    if (!t.ok) throw new Error("txn");
    t.value.write(path("old.txt"), "during");
    t.value.write(path("new.txt"), "during");
    t.value.restore(); // what the engine does when a run is cancelled or escalates
    const report = await undoJobRuns(proj.root, data, jobRuns(data, process.pid, new Date(Date.now() - 5_000).toISOString(), null), { committed: true });
    expect(report).toEqual({ restored: ["old.txt", "new.txt"], kept: [], problems: [] });
  });
});

describe("undo: an unfinished run", () => {
  it("keeps a file edited after the worker died: newer work is never overwritten", async () => {
    writeFileSync(join(proj.root, "a.txt"), "original");
    const t = Transaction.open(proj.root, data, "t");
    if (!t.ok) throw new Error("txn");
    t.value.write(path("a.txt"), "by the dead worker");
    const run = listRuns(data)[0]!;
    const pid = deadPid();
    saveManifest(run.dir, { ...run.manifest, pid });
    writeFileSync(join(proj.root, "a.txt"), "Claude's edit after the crash");
    const report = await undoJobRuns(proj.root, data, jobRuns(data, pid, new Date(Date.now() - 5_000).toISOString(), null), { committed: false });
    expect(report).toEqual({ restored: [], kept: ["a.txt"], problems: [] });
    expect(proj.read("a.txt")).toBe("Claude's edit after the crash");
  });
});

describe("the job store", () => {
  it("loses no update when many writers change one job at once", async () => {
    const j = save(job("260101-000000-0003", { progress: { done: 0, total: 40 } }));
    await Promise.all(Array.from({ length: 40 }, () => updateJob(data, j.id, (cur) => ({ ...cur, progress: { done: cur.progress!.done + 1, total: 40 } }))));
    const r = readJob(data, j.id);
    expect(r.ok && r.value.progress).toEqual({ done: 40, total: 40, current: undefined });
  });

  it("prunes to the newest jobs but never deletes a running or queued one", async () => {
    const t0 = Date.now() - 3_600_000;
    for (let i = 0; i < 56; i++) {
      const at = new Date(t0 + i * 1_000);
      const id = `260101-00${String(i).padStart(4, "0")}-beef`;
      save(job(id, { created: at.toISOString(), status: i === 0 ? "running" : i === 1 ? "queued" : "done", result: { kind: "run", value: { status: "success", task_id: id, file: null, attempts: 1, tests: "none" } } }));
    }
    const removed = await pruneJobs(data, 50);
    expect(removed).toHaveLength(4);
    const left = listJobs(data).jobs.map((j) => j.id);
    expect(left).toHaveLength(52);
    expect(left).toContain("260101-000000-beef");
    expect(left).toContain("260101-000001-beef");
    expect(left).not.toContain("260101-000002-beef");
  });

  it("reads a state file of the version before typed requests: no request, its result shown as it was", () => {
    const id = "260101-000000-0007";
    const v1 = { ...job(id, { status: "done", exit_code: 0 }), v: 1, request: undefined, result: { status: "success", task_id: "t", ms: 5 } };
    mkdirSync(jobsDir(data), { recursive: true });
    writeFileSync(jobFile(data, id), JSON.stringify(v1));
    const r = readJob(data, id);
    expect(r.ok && r.value).toMatchObject({ v: 2, request: null, result: { kind: "legacy", value: { status: "success", task_id: "t", ms: 5 } } });
    expect(listJobs(data)).toMatchObject({ jobs: [{ id }], unreadable: 0 });
  });

  it("refuses a state file whose request or result is not one it knows", () => {
    mkdirSync(jobsDir(data), { recursive: true });
    const bad = (id: string, over: Record<string, unknown>) => writeFileSync(jobFile(data, id), JSON.stringify({ ...job(id), ...over }));
    bad("260101-000000-0008", { request: { kind: "shell", argv: ["rm", "-rf", "/"] } });
    bad("260101-000000-0009", { request: { kind: "run" } });
    bad("260101-000000-000a", { status: "done", result: { kind: "run", value: { task_id: "no status" } } });
    bad("260101-000000-000b", { status: "done", result: { status: "success" } });
    for (const id of ["260101-000000-0008", "260101-000000-0009", "260101-000000-000a", "260101-000000-000b"]) {
      const r = readJob(data, id);
      expect(!r.ok && r.error.message, id).toMatch(/unreadable/);
    }
    // The same file with a request and a result it knows is read: the refusals above are about them.
    bad("260101-000000-000c", { status: "done", result: { kind: "run", value: { status: "success", task_id: "t" } } });
    expect(readJob(data, "260101-000000-000c")).toMatchObject({ ok: true, value: { request: { kind: "run", spec_file: "spec.json" }, result: { kind: "run" } } });
  });

  it("reports an unreadable job file instead of failing, and resolves ids by prefix", () => {
    save(job("260101-000000-0004"));
    save(job("260101-000000-0005"));
    writeFileSync(jobFile(data, "260101-000000-0006"), "{\"v\":1,\"id\":");
    expect(listJobs(data).unreadable).toBe(1);
    const bad = readJob(data, "260101-000000-0006");
    expect(!bad.ok && bad.error.code).toBe("IO");
    expect(resolveJobId(data, "260101-000000-0004")).toEqual({ ok: true, value: "260101-000000-0004" });
    const amb = resolveJobId(data, "260101-000000-000");
    expect(!amb.ok && amb.error.message).toMatch(/names 3 jobs|names 2 jobs/);
    const none = resolveJobId(data, "nope");
    expect(!none.ok && none.error.code).toBe("USAGE");
  });
});

describe("the queue's liveness shortcut", () => {
  it("takes a recent heartbeat as alive outside Linux only, and an old one never", async () => {
    const { beatRecently } = await import("../../src/jobs/queue.js");
    const now = Date.parse("2026-11-26T00:00:10.000Z");
    expect(beatRecently({ heartbeat: "2026-11-26T00:00:08.000Z" }, now, "darwin")).toBe(true);
    expect(beatRecently({ heartbeat: "2026-11-26T00:00:08.000Z" }, now, "linux")).toBe(false);
    expect(beatRecently({ heartbeat: "2026-11-25T23:59:00.000Z" }, now, "darwin")).toBe(false);
    expect(beatRecently({ heartbeat: null }, now, "darwin")).toBe(false);
  });
});
