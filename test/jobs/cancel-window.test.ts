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

/** A committed run of this process (standing for whoever has the pid), created `created`. */
function committedRun(rel: string, content: string, created: string): void {
  const p = resolveInProject(proj.root, rel, "file");
  if (!p.ok) throw new Error(p.error.message);
  const t = Transaction.open(proj.root, proj.data, rel.replace(".txt", ""));
  if (!t.ok) throw new Error(t.error.message);
  expect(t.value.write(p.value, content).ok).toBe(true);
  expect(t.value.commit().ok).toBe(true);
  const run = listRuns(proj.data).find((r) => r.dir === t.value.dir)!;
  saveManifest(run.dir, { ...run.manifest, created });
}

describe.runIf(selfIdentity() !== null)("finishing a cancel cut short", () => {
  it("undoes the job's own runs, not those a process that later got its pid made", async () => {
    // The job's worker (gone: its pid is now this process's, with another start time).
    const worker = `${selfIdentity()!.split(":")[0]}:1`;
    committedRun("a.txt", "the job's output\n", ago(25 * 60_000));
    committedRun("b.txt", "someone's later success\n", ago(60_000));
    const j: Job = { v: 2, id: "260101-000000-0001", kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created: ago(30 * 60_000), started: ago(30 * 60_000), ended: ago(20 * 60_000), status: "cancelled", waiting_for: null, pid: process.pid, proc: worker, heartbeat: ago(20 * 60_000), progress: null, step: null, cancel_requested: true, undone: false, result: null, exit_code: null, log: "x.log" };
    writeJob(proj.data, j);

    const r = await cancelJob(proj.data, proj.root, j.id);
    expect(r.ok && r.value.result?.value).toMatchObject({ status: "cancelled", restored: ["a.txt"] });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
    expect(readFileSync(join(proj.root, "b.txt"), "utf8")).toBe("someone's later success\n");
  });
});
