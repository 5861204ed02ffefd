// A cancel cut short (the Bash call ended, Ctrl-C) leaves the job `cancelled` but not yet undone;
// the next cancel finishes the undo. By then the dead worker's pid may be another process's, one
// that ran tasks of its own: only the runs the job made, before it ended, are the job's to undo.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelJob } from "../../src/jobs/cancel.js";
import type { Job } from "../../src/jobs/schema.js";
import { writeJob } from "../../src/jobs/store.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { selfIdentity } from "../../src/util/process-id.js";
import { listRuns, saveManifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject({ "a.txt": "original\n", "b.txt": "original b\n" });
});
afterEach(() => proj.cleanup());

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A committed run of this process (standing for whoever has the pid), created `created`, by `proc` when given. */
function committedRun(rel: string, content: string, created: string, proc?: string): void {
  const p = resolveInProject(proj.root, rel, "file");
  if (!p.ok) throw new Error(p.error.message);
  const t = Transaction.open(proj.root, proj.data, rel.replace(".txt", ""));
  if (!t.ok) throw new Error(t.error.message);
  expect(t.value.write(p.value, content).ok).toBe(true);
  expect(t.value.commit().ok).toBe(true);
  const run = listRuns(proj.data).find((r) => r.dir === t.value.dir)!;
  saveManifest(run.dir, { ...run.manifest, created, ...(proc ? { proc } : {}) });
}

const cutShort = (worker: string, created: string, ended: string): Job => ({ v: 2, id: "260101-000000-0001", kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created, started: created, ended, status: "cancelled", waiting_for: null, pid: process.pid, proc: worker, heartbeat: ended, progress: null, step: null, cancel_requested: true, undone: false, result: null, exit_code: null, log: "x.log" });

describe.runIf(selfIdentity() !== null)("finishing a cancel cut short", () => {
  it("undoes the job's own runs, not those a process that later got its pid made", async () => {
    // The job's worker (gone: its pid is now this process's, with another start time).
    const worker = `${selfIdentity()!.split(":")[0]}:1`;
    committedRun("a.txt", "the job's output\n", ago(25 * 60_000), worker);
    committedRun("b.txt", "someone's later success\n", ago(60_000));
    const j: Job = { v: 2, id: "260101-000000-0001", kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created: ago(30 * 60_000), started: ago(30 * 60_000), ended: ago(20 * 60_000), status: "cancelled", waiting_for: null, pid: process.pid, proc: worker, heartbeat: ago(20 * 60_000), progress: null, step: null, cancel_requested: true, undone: false, result: null, exit_code: null, log: "x.log" };
    writeJob(proj.data, j);

    const r = await cancelJob(proj.data, proj.root, j.id);
    expect(r.ok && r.value.result?.value).toMatchObject({ status: "cancelled", restored: ["a.txt"] });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
    expect(readFileSync(join(proj.root, "b.txt"), "utf8")).toBe("someone's later success\n");
  });

  // The clock was 10 minutes fast when the job was submitted, and set right while it ran (NTP, a
  // VM's clock after a pause): the job's own runs are dated before the job.
  it("undoes the job's own runs, told by its worker's identity, even when the clock was set back meanwhile", async () => {
    const worker = `${selfIdentity()!.split(":")[0]}:1`;
    committedRun("a.txt", "the job's output\n", ago(60_000), worker);
    writeJob(proj.data, cutShort(worker, new Date(Date.now() + 10 * 60_000).toISOString(), ago(30_000)));

    const r = await cancelJob(proj.data, proj.root, "260101-000000-0001");
    expect(r.ok && r.value.result?.value).toMatchObject({ status: "cancelled", restored: ["a.txt"] });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
  });

  // The machine restarted under the job (pids start low again), and a run of the next boot got the
  // worker's pid before the job was found interrupted: inside the job's time, but not the job's.
  it("leaves a run of another process with the worker's pid alone, even inside the job's time", async () => {
    const worker = `${selfIdentity()!.split(":")[0]}:1`;
    committedRun("a.txt", "the job's output\n", ago(20 * 60_000), worker);
    committedRun("b.txt", "someone's later success\n", ago(5 * 60_000));
    writeJob(proj.data, cutShort(worker, ago(30 * 60_000), ago(60_000)));

    const r = await cancelJob(proj.data, proj.root, "260101-000000-0001");
    expect(r.ok && r.value.result?.value).toMatchObject({ status: "cancelled", restored: ["a.txt"] });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
    expect(readFileSync(join(proj.root, "b.txt"), "utf8")).toBe("someone's later success\n");
  });
});
