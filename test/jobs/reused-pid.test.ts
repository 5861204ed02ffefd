// A dead worker whose pid the kernel handed to another process (pid_max is often 32768, and lock
// files and backups survive a reboot): neither its server slot nor its unfinished run may be
// taken for a live one's. Only /proc tells a reused pid apart cheaply enough for locks.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcile } from "../../src/jobs/liveness.js";
import { isoNow, type Job } from "../../src/jobs/schema.js";
import { writeJob } from "../../src/jobs/store.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { selfIdentity } from "../../src/util/process-id.js";
import { listRuns, saveManifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cli, fence, GOOD, HANG, killJobs, killWorker, useBuiltCli, waitFor, workerAlive } from "./helpers.js";

useBuiltCli();
useProcessTag();

let server: FakeOpenAIServer;
let proj: TempProject;
let bystander: ChildProcess | null = null;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000", LOCAL_DELEGATE_RETRIES: "0" });
function findFiles(dir: string, re: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? findFiles(p, re) : re.test(n) ? [p] : [];
  });
}

beforeEach(async () => {
  proj = tempProject({ "hang.mjs": HANG, "src/slugify.mjs": "// original\n" });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killJobs(proj);
  bystander?.kill("SIGKILL");
  bystander = null;
  await server.close();
  proj.cleanup();
});

describe.runIf(process.platform === "linux")("a dead worker's pid reused by another process", () => {
  it("does not hold the model server's slot for ever: the next job runs", async () => {
    server.setScript(() => ({ content: fence(GOOD) }));
    const a = await cli(["run", proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node hang.mjs" }), "--background"], proj, env());
    await waitFor("A's test command", () => proj.exists("hang.pid"));
    killWorker(proj, a.json.job);
    await waitFor("A's worker to be gone", () => !workerAlive(proj, a.json.job));
    // The slot lock's pid now names a live, unrelated process.
    bystander = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
    const [slot] = findFiles(proj.home, /^jobs-[0-9a-f]{16}-0\.lock$/);
    expect(slot).toBeDefined();
    writeFileSync(slot!, JSON.stringify({ ...JSON.parse(readFileSync(slot!, "utf8")), pid: bystander.pid }));

    expect((await cli(["status", a.json.job], proj, env())).json).toMatchObject({ status: "interrupted" });
    const b = await cli(["run", proj.spec({ task_id: "other", description: "Export the constant `other`, equal to 2.", output_file: "src/other.mjs" }), "--background"], proj, env());
    const sb = await cli(["status", b.json.job, "--wait", "20"], proj, env(), 40_000);
    expect(sb.json).toMatchObject({ status: "success" });
  }, 90_000);

  it("has its unfinished run put back when the job is found interrupted", async () => {
    writeFileSync(join(proj.root, "a.txt"), "original\n");
    // The worker's pid is alive (this process stands for the one that got it) with another start time.
    const worker = `${selfIdentity()!.split(":")[0]}:1`;
    const j: Job = { v: 2, id: "260101-000000-0001", kind: "run", label: "t", request: { kind: "run", spec_file: "spec.json" }, argv: ["run", "spec.json"], cwd: proj.root, host: hostname(), server: null, created: new Date(Date.now() - 5_000).toISOString(), started: null, ended: null, status: "running", waiting_for: null, pid: process.pid, proc: worker, heartbeat: isoNow(), progress: null, step: null, cancel_requested: false, undone: false, result: null, exit_code: null, log: "x.log" };
    writeJob(proj.data, j);
    const p = resolveInProject(proj.root, "a.txt", "file");
    if (!p.ok) throw new Error(p.error.message);
    const txn = Transaction.open(proj.root, proj.data, "t");
    if (!txn.ok) throw new Error(txn.error.message);
    txn.value.write(p.value, "unverified model output\n");
    const run = listRuns(proj.data)[0]!;
    saveManifest(run.dir, { ...run.manifest, proc: worker }); // as the dead worker opened it

    const after = await reconcile(proj.data, proj.root, j);
    expect(after.result?.value).toMatchObject({ status: "interrupted", restored: ["a.txt"] });
    expect(readFileSync(join(proj.root, "a.txt"), "utf8")).toBe("original\n");
    expect(listRuns(proj.data)[0]!.manifest.state).toBe("interrupted");
  });
});
