// `cancel` undoes what a job's finished runs wrote, reading each file to see whether it is still as
// the run left it. That read followed links and opened a FIFO put in a file's place for reading,
// which waits for a writer for ever: `cancel` never returned. Recovery and rollback never block
// there; the undo now reads a file the way they do.
import { execFile, spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isoNow, type Job } from "../../src/jobs/schema.js";
import { writeJob } from "../../src/jobs/store.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { listRuns, saveManifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { useProcessTag } from "../support/processes.js";
import { lastJsonLine, tempProject, type TempProject } from "../support/project.js";
import { CLI, isolatedEnv, useBuiltCli } from "./helpers.js";

useBuiltCli();
useProcessTag();

let proj: TempProject;
beforeEach(() => (proj = tempProject({ "a.txt": "a original\n", "b.txt": "b original\n" })));
afterEach(() => proj.cleanup());

/** `cancel ID --json` in its own process; one still running after 15 s is killed outright (a blocked read ignores SIGTERM's handler). */
function cancel(id: string): Promise<{ hung: boolean; json: any }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, "cancel", id, "--json"], { cwd: proj.root, env: isolatedEnv(proj, {}), timeout: 15_000, killSignal: "SIGKILL", encoding: "utf8" }, (err, stdout) => {
      done({ hung: err?.signal === "SIGKILL", json: lastJsonLine(stdout) });
    });
  });
}

/** A job whose worker (now dead) kept a run that wrote a.txt and b.txt: interrupted before its end. */
function interruptedJob(): string {
  const pid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
  const created = new Date(Date.now() - 5_000).toISOString();
  const t = Transaction.open(proj.root, proj.data, "t1");
  if (!t.ok) throw new Error(t.error.message);
  for (const rel of ["a.txt", "b.txt"]) {
    const p = resolveInProject(proj.root, rel, "file");
    if (!p.ok || !t.value.write(p.value, `${rel} by the job\n`).ok) throw new Error("write failed");
  }
  if (!t.value.commit().ok) throw new Error("commit failed");
  const run = listRuns(proj.data, "t1")[0]!;
  saveManifest(run.dir, { ...run.manifest, pid });
  const id = "260101-000000-0001";
  const job: Job = { v: 2, id, kind: "run", label: "t1", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), created, started: created, ended: isoNow(), status: "interrupted", waiting_for: null, pid, proc: null, heartbeat: null, progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: 1, log: "x.log" };
  const w = writeJob(proj.data, job);
  if (!w.ok) throw new Error(w.error.message);
  return id;
}

it("cancel returns when a file the job wrote was replaced by a FIFO: the FIFO is kept, the other file put back", async (ctx) => {
  const id = interruptedJob();
  spawnSync("rm", [join(proj.root, "a.txt")]);
  if (spawnSync("mkfifo", [join(proj.root, "a.txt")]).status !== 0) return ctx.skip("mkfifo is not available here");
  const r = await cancel(id);
  expect(r.hung).toBe(false);
  expect(r.json).toMatchObject({ status: "cancelled", restored: ["b.txt"], kept: ["a.txt"] });
  expect(proj.read("b.txt")).toBe("b original\n");
}, 30_000);

it("the near miss: with both files as the job left them, cancel puts both back", async () => {
  const id = interruptedJob();
  const r = await cancel(id);
  expect(r.hung).toBe(false);
  expect(r.json).toMatchObject({ status: "cancelled", restored: ["a.txt", "b.txt"] });
  expect([proj.read("a.txt"), proj.read("b.txt")]).toEqual(["a original\n", "b original\n"]);
});
