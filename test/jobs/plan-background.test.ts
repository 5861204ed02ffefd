// `plan run --background` end to end (issue 8 with issue 5's plan runner): the built CLI as separate
// processes, a detached worker, a slow fake model on 127.0.0.1.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobProcesses } from "../../src/jobs/proc.js";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { identify, isSame, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cli, fence, jobState, killJobs, killWorker, useBuiltCli, waitFor, workerAlive } from "./helpers.js";

useBuiltCli();
useProcessTag();

// Task c's test hangs while hang.flag exists: the plan can be stopped in the middle of its last task
// and rerun with the very same plan (and so the same spec hashes).
const MAYBE_HANG = `import { existsSync, writeFileSync } from "node:fs";
if (existsSync("hang.flag")) {
  writeFileSync("hang.pid", String(process.pid));
  setTimeout(() => {}, 60_000);
}
`;
const PLAN = `request: three constants files, one after the other
tasks:
  - {task_id: a, owner: local, description: constants a, output_file: src/a.js}
  - {task_id: b, owner: local, description: constants b, output_file: src/b.js, depends_on: [a]}
  - {task_id: c, owner: local, description: constants c, output_file: src/c.js, depends_on: [b], test_command: node maybe-hang.mjs}
`;
// Not exported: the answers replace it, and edits keep what a file exports.
const ORIGINAL_A = "// a, before the plan: keep me\nconst A = 0;";

let server: FakeOpenAIServer;
let proj: TempProject;
const env = (extra: Record<string, string> = {}) => ({
  LOCAL_DELEGATE_BASE_URL: server.baseUrl,
  LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000",
  LOCAL_DELEGATE_TIMEOUT_MS: "20000",
  LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000",
  LOCAL_DELEGATE_RETRIES: "0",
  ...extra,
});
async function startPlan() {
  const r = await cli(["plan", "run", "three.yaml", "--background"], proj, env());
  if (!r.json?.job) throw new Error(`no job started: exit ${r.code}\n${r.stdout}${r.stderr}`);
  return r.json as { job: string; status: string; log: string };
}
const bytes = (rel: string) => readFileSync(join(proj.root, rel));

beforeEach(async () => {
  proj = tempProject({ "three.yaml": PLAN, "maybe-hang.mjs": MAYBE_HANG, "src/a.js": ORIGINAL_A });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript((_req, i) => ({ content: fence(`export const X${i} = ${i};\n`), chunkDelayMs: 40 }));
});
afterEach(async () => {
  killJobs(proj);
  await server.close();
  proj.cleanup();
});

describe("plan run --background", () => {
  it("runs the whole plan after the caller is gone; status shows 1/3 on the way and --wait returns the summary", async () => {
    // Task b's answer waits until the test has seen 1/3: the plan cannot move past it unseen.
    const taskB = gate();
    server.setScript((_req, i) => ({ content: fence(`export const X${i} = ${i};\n`), ...(i === 1 ? { hold: taskB.promise } : {}) }));
    const started = await startPlan();
    expect(started).toMatchObject({ status: "running" });
    const mid = await waitFor("progress 1/3", () => (jobState(proj, started.job).progress?.done === 1 ? jobState(proj, started.job) : null));
    expect(mid).toMatchObject({ kind: "plan", progress: { done: 1, total: 3 } });
    taskB.open();
    const r = await cli(["status", started.job, "--wait", "25"], proj, env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "success", tasks: [{ id: "a", status: "success" }, { id: "b", status: "success" }, { id: "c", status: "success" }] });
    expect(jobState(proj, started.job)).toMatchObject({ status: "done", progress: { done: 3, total: 3 }, exit_code: 0 });
    // The same shape as the foreground command prints.
    const fg = await cli(["plan", "run", "three.yaml"], proj, env());
    expect(Object.keys(r.json)).toEqual(Object.keys(fg.json));
  });

  it("cancel in the last task's tests: kills them and undoes every task, the finished ones too", async () => {
    proj.write("hang.flag", "");
    const started = await startPlan();
    const hangPid = Number(await waitFor("c's test command", () => proj.exists("hang.pid") && proj.read("hang.pid")));
    const hang = identify(hangPid); // it hangs until killed: still the process that wrote the file
    expect(hang).not.toBeNull();
    expect(proj.exists("src/b.js") && proj.exists("src/c.js")).toBe(true);

    const r = await cli(["cancel", started.job], proj, env());
    expect(r.code).toBe(0);
    // Two tasks had finished; whether the plan counts the cancelled third as done is the plan's call.
    expect(r.json).toMatchObject({ job: started.job, status: "cancelled", progress: expect.stringMatching(/^[23]\/3$/) });
    expect([...r.json.restored].sort()).toEqual(["src/a.js", "src/b.js", "src/c.js"]);
    expect(isSame(hangPid, hang)).toBe(false);
    expect(jobProcesses(started.job, null)).toEqual([]);
    expect(bytes("src/a.js").equals(Buffer.from(ORIGINAL_A))).toBe(true);
    expect(proj.exists("src/b.js") || proj.exists("src/c.js")).toBe(false);
  });

  it("kill -9 mid-plan: interrupted, the unfinished task undone, the finished ones kept; a rerun resumes after them", async () => {
    proj.write("hang.flag", "");
    const started = await startPlan();
    await waitFor("c's test command", () => proj.exists("hang.pid"));
    const doneA = proj.read("src/a.js");
    killWorker(proj, started.job);
    await waitFor("the worker to be gone", () => !workerAlive(proj, started.job));

    // The first `status` after the worker died knows it.
    const r = await cli(["status", started.job], proj, env());
    expect(r.json).toMatchObject({ job: started.job, status: "interrupted", progress: "2/3", restored: ["src/c.js"] });
    expect(proj.exists("src/c.js")).toBe(false);
    expect(proj.read("src/a.js")).toBe(doneA);

    rmSync(join(proj.root, "hang.flag"));
    const chatsBefore = server.requests.filter((q) => q.path.endsWith("/chat/completions")).length;
    const again = await cli(["plan", "run", "three.yaml"], proj, env());
    expect(again.json).toMatchObject({ status: "success", tasks: [{ id: "a", status: "unchanged" }, { id: "b", status: "unchanged" }, { id: "c", status: "success" }] });
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions")).length - chatsBefore).toBe(1);
  });
});
