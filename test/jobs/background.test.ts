// The background jobs end to end: the built CLI (dist/cli.js) as separate processes, its detached
// worker, and a slow fake model server on 127.0.0.1. Run `npm run build` after changing src/.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobProcesses } from "../../src/jobs/proc.js";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { identify, isSame, signalChild, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { CHECK, cli, CLI, fence, GOOD, HANG, HANG_TREE, isolatedEnv, jobState, killJobs, killWorker, useBuiltCli, waitFor, workerAlive, workerOf } from "./helpers.js";

useBuiltCli();
useProcessTag();

// No newline at the end, a non-ASCII byte: "byte-identical" means it.
// Not exported: a run that writes slugify over it is not asked to keep `keep` (edits keep a file's exports).
const ORIGINAL = "// the file as it was before the job: café\nconst keep = 1;";
// What the job writes over it: the model's file, without a final newline, as the file had none.
const WRITTEN = GOOD.replace(/\n$/, "");

let server: FakeOpenAIServer;
let proj: TempProject;
const env = (extra: Record<string, string> = {}) => ({
  LOCAL_DELEGATE_BASE_URL: server.baseUrl,
  // A loaded machine (twenty CLIs starting at once beside the worker) can take seconds to connect
  // to a loopback server; no test here is about a server that does not answer.
  LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "10000",
  LOCAL_DELEGATE_TIMEOUT_MS: "20000",
  LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000",
  LOCAL_DELEGATE_RETRIES: "0",
  ...extra,
});
const spec = (extra: Record<string, unknown> = {}) =>
  proj.spec({ task_id: "slugify", description: "Write slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs", ...extra });
async function bg(specPath: string, extra: Record<string, string> = {}) {
  const r = await cli(["run", specPath, "--background"], proj, env(extra));
  if (!r.json?.job) throw new Error(`no job started: exit ${r.code}\n${r.stdout}${r.stderr}`);
  return r;
}

beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK, "hang.mjs": HANG, "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killJobs(proj);
  await server.close();
  proj.cleanup();
});

describe("run --background", () => {
  it("answers at once, outlives the Bash call that started it, and status --wait returns the foreground result", async () => {
    // The model answers only when the test says so: the start line can only come before the job's end.
    const answer = gate();
    server.setScript([{ content: fence(GOOD), hold: answer.promise, usage: { prompt_tokens: 100, completion_tokens: 40 } }]);
    const path = spec({ test_command: "node check.mjs" });
    // Claude's Bash call: a shell in its own process group that Claude Code kills on its timeout.
    const caller = spawn("sh", ["-c", `"${process.execPath}" "${CLI}" run "${path}" --background; exec sleep 60`], { cwd: proj.root, env: isolatedEnv(proj, env()), detached: true, stdio: ["ignore", "pipe", "ignore"] });
    const callerGone = new Promise((r) => caller.once("close", r));
    let firstLine = "";
    caller.stdout.on("data", (b: Buffer) => void (firstLine += b.toString()));
    const line = await waitFor("the start line", () => (firstLine.includes("\n") ? firstLine : null), 20_000, 10);
    const started = JSON.parse(line);
    expect(Object.keys(started)).toEqual(["job", "status", "log"]);
    expect(started).toMatchObject({ status: "running", log: `.claude/local-delegate/jobs/${started.job}.log` });
    // The caller's timeout: its whole process group dies, while the job waits for its model.
    await waitFor("the job's model call", () => chats().length === 1);
    expect(signalChild(caller, "SIGKILL", { group: true })).toBe(true);
    await callerGone;

    const during = await waitUntil(started.job, (j) => j.progress !== undefined);
    expect(during.code).toBe(75);
    expect(during.json).toMatchObject({ job: started.job, status: "running", progress: "0/1", current: "slugify" });

    answer.open();
    const waited = await cli(["status", started.job, "--wait", "25"], proj, env());
    expect(waited.code).toBe(0);
    expect(waited.json).toMatchObject({ status: "success", task_id: "slugify", file: "src/slugify.mjs", attempts: 1, tests: "passed", lines: 3 });
    expect(proj.read("src/slugify.mjs")).toBe(WRITTEN);
    // The same keys, in the same order, as a foreground run prints.
    server.setScript([{ content: fence(GOOD), usage: { prompt_tokens: 100, completion_tokens: 40 } }]);
    const fg = await cli(["run", path], proj, env());
    expect(Object.keys(waited.json)).toEqual(Object.keys(fg.json));
    const state = jobState(proj, started.job);
    // The job ran a typed request, not a command line, and stored a typed result: the line printed above.
    expect(state).toMatchObject({ status: "done", exit_code: 0, progress: { done: 1, total: 1 }, request: { kind: "run", spec_file: expect.stringMatching(/\.input$/) }, result: { kind: "run", value: waited.json } });
    expect(readFileSync(join(proj.root, started.log), "utf8")).toMatch(/running tests[\s\S]*finished: success/);
  });

  it("status --wait gives up when its time runs out and says running, with progress", async () => {
    // Held until the test ends: the job cannot finish, so whatever returns did not wait for it.
    server.setScript([{ content: fence(GOOD), hold: gate().promise }]);
    // execFile returns when the caller's stdout and stderr close: the worker holds neither.
    const started = (await bg(spec())).json;
    await waitFor("the job's progress", () => jobState(proj, started.job).progress);
    const r = await cli(["status", started.job, "--wait", "1"], proj, env());
    expect(r.code).toBe(75);
    expect(r.json).toMatchObject({ job: started.job, status: "running", progress: "0/1" });
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it("takes a YAML spec on stdin, the way Claude hands it over, and runs the copy", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const yaml = "task_id: from-stdin\ndescription: Write slugify(input).\noutput_file: src/slugify.mjs\ntest_command: node check.mjs\n";
    const r = await cli(["run", "-", "--background"], proj, env(), { stdin: yaml });
    expect(r.json).toMatchObject({ status: "running" });
    const done = await cli(["status", r.json.job, "--wait", "20"], proj, env());
    expect(done.json).toMatchObject({ status: "success", task_id: "from-stdin", tests: "passed" });
    expect(proj.read(`.claude/local-delegate/jobs/${r.json.job}.input`)).toBe(yaml);
  });

  it("refuses a bad spec at once, without starting a job", async () => {
    const r = await cli(["run", spec({ output_file: "../outside.mjs" }), "--background"], proj, env());
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", task_id: "slugify" });
    const jobs = await cli(["jobs", "--json"], proj, env());
    expect(jobs.json).toEqual({ jobs: [] });
  });
});

describe("a worker that dies", () => {
  it("kill -9 while the tests run: status says interrupted within seconds, the file is byte-identical, a rerun succeeds", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const started = (await bg(spec({ test_command: "node hang.mjs" }))).json;
    const hangPid = Number(await waitFor("the test command", () => proj.exists("hang.pid") && proj.read("hang.pid")));
    const hang = identify(hangPid); // it hangs until killed: still the process that wrote the file
    expect(hang).not.toBeNull();
    expect(proj.read("src/slugify.mjs")).toContain("slugify(input)"); // written, under test: the worst moment to die
    killWorker(proj, started.job);
    await waitFor("the worker to be gone", () => !workerAlive(proj, started.job));

    // The first `status` after the worker died knows it: no heartbeat to outwait, no retry.
    const r = await cli(["status", started.job], proj, env());
    expect(r.json).toMatchObject({ job: started.job, status: "interrupted", restored: ["src/slugify.mjs"] });
    expect(r.code).toBe(1);
    expect(readFileSync(join(proj.root, "src/slugify.mjs")).equals(Buffer.from(ORIGINAL))).toBe(true);
    await waitFor("the orphaned test command to be gone", () => !isSame(hangPid, hang));
    expect(jobProcesses(started.job, null)).toEqual([]);
    const listed = await cli(["jobs", "--json"], proj, env());
    expect(listed.json.jobs[0]).toMatchObject({ id: started.job, status: "interrupted" });

    // The rerun finds nothing half-done in its way.
    server.setScript([{ content: fence(GOOD) }]);
    const again = await cli(["run", spec({ test_command: "node check.mjs" })], proj, env());
    expect(again.json).toMatchObject({ status: "success", tests: "passed" });
    expect(proj.read("src/slugify.mjs")).toBe(WRITTEN);
  });

  it("kill -9 mid-generation: nothing was written, status says interrupted", async () => {
    // The answer held: the worker dies with its model call in flight.
    server.setScript([{ content: fence(GOOD), hold: gate().promise }]);
    const started = (await bg(spec())).json;
    await waitFor("the job's model call", () => chats().length === 1 && workerOf(proj, started.job));
    killWorker(proj, started.job);
    await waitFor("the worker to be gone", () => !workerAlive(proj, started.job));
    const r = await cli(["status", started.job], proj, env());
    expect(r.json).toMatchObject({ status: "interrupted", restored: [] });
    expect(readFileSync(join(proj.root, "src/slugify.mjs")).equals(Buffer.from(ORIGINAL))).toBe(true);
  });
});

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** Asks `status` until its answer passes `ok`, or gives the last answer after `timeoutMs`. */
async function waitUntil(id: string, ok: (j: any) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await cli(["status", id], proj, env());
    if ((r.json && ok(r.json)) || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe("cancel", () => {
  it("during the test command: kills it and its whole tree, restores the file, marks the job cancelled", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    proj.write("hang-tree.mjs", HANG_TREE);
    const started = (await bg(spec({ test_command: "node hang-tree.mjs" }))).json;
    const hangPid = Number(await waitFor("the test command", () => proj.exists("hang.pid") && proj.read("hang.pid")));
    const grandchildPid = Number(proj.read("hang-child.pid"));
    // Both hang until killed: still the processes that wrote the files.
    const [hang, grandchild] = [identify(hangPid), identify(grandchildPid)];
    expect(hang && grandchild).toBeTruthy();

    const r = await cli(["cancel", started.job], proj, env());
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ job: started.job, status: "cancelled", progress: "0/1", restored: ["src/slugify.mjs"] });
    expect(isSame(hangPid, hang)).toBe(false);
    // In a process group of its own, out of reach of a group kill: found by the job's id.
    if (process.platform === "linux") expect(isSame(grandchildPid, grandchild)).toBe(false);
    expect(workerAlive(proj, started.job)).toBe(false);
    expect(readFileSync(join(proj.root, "src/slugify.mjs")).equals(Buffer.from(ORIGINAL))).toBe(true);
    // Bounded by cancel itself (6 s for the worker to stop, 3 s for SIGKILL to land), plus start-up on a loaded machine.
    expect(r.ms).toBeLessThan(25_000);

    const after = await cli(["status", started.job], proj, env());
    expect(after.code).toBe(130);
    expect(after.json).toMatchObject({ job: started.job, status: "cancelled" });
    const again = await cli(["cancel", started.job], proj, env());
    expect(again.code).toBe(2);
    expect(again.json.error).toMatch(/is not running: it is cancelled/);
  });

  it("a queued job: stops its worker before it touches anything", async () => {
    // The first job holds the server until the cancel is done: the second is queued all along.
    const firstAnswer = gate();
    server.setScript([{ content: fence(GOOD), hold: firstAnswer.promise }]);
    const first = (await bg(spec())).json;
    const second = (await bg(spec({ task_id: "other", description: "Export the constant `other`, equal to 2.", output_file: "src/other.mjs" }))).json;
    expect(second).toMatchObject({ status: "queued" });
    const r = await cli(["cancel", second.job], proj, env());
    expect(r.json).toEqual({ job: second.job, status: "cancelled", restored: [] });
    expect(proj.exists("src/other.mjs")).toBe(false);
    firstAnswer.open();
    const done = await cli(["status", first.job, "--wait", "20"], proj, env());
    expect(done.json).toMatchObject({ status: "success" });
  });
});

describe("queueing and concurrent readers", () => {
  it("a second job on the same server waits for the first, says so, then runs", async () => {
    // The first job's answer waits for the test: the second is queued until it is let go.
    const firstAnswer = gate();
    server.setScript([{ content: fence(GOOD), hold: firstAnswer.promise }, { content: fence("export const other = 2;\n") }]);
    const first = (await bg(spec())).json;
    await waitFor("the first job to hold the server", () => jobState(proj, first.job).started);
    const second = (await bg(spec({ task_id: "other", description: "Export the constant `other`, equal to 2.", output_file: "src/other.mjs" }))).json;
    expect(second).toMatchObject({ status: "queued", waiting_for: expect.stringContaining(`job ${first.job} (run slugify)`) });
    const queued = await cli(["status", second.job], proj, env());
    expect(queued.json).toMatchObject({ job: second.job, status: "queued", waiting_for: expect.stringContaining(first.job) });
    expect(queued.code).toBe(75);
    firstAnswer.open();

    const b = await cli(["status", second.job, "--wait", "25"], proj, env());
    expect(b.json).toMatchObject({ status: "success", task_id: "other" });
    const [s1, s2] = [jobState(proj, first.job), jobState(proj, second.job)];
    expect(Date.parse(s2.started)).toBeGreaterThanOrEqual(Date.parse(s1.ended));
  });

  it("three jobs submitted back to back, before any worker has started, say queued and run in the order they came", async () => {
    // The first job's answer waits until all three are submitted: none can have finished before.
    const firstAnswer = gate();
    server.setScript((_req, i) => ({ content: fence(GOOD), ...(i === 0 ? { hold: firstAnswer.promise } : {}) }));
    const ids: string[] = [];
    const lines: any[] = [];
    for (const name of ["a", "b", "c"]) {
      const r = (await bg(spec({ task_id: name, output_file: `src/${name}.mjs` }))).json;
      lines.push(r);
      ids.push(r.job);
    }
    expect(lines.map((l) => l.status)).toEqual(["running", "queued", "queued"]);
    expect(lines[1].waiting_for).toContain(`job ${ids[0]} (run a)`);
    firstAnswer.open();
    for (const id of ids) expect((await cli(["status", id, "--wait", "30"], proj, env())).json).toMatchObject({ status: "success" });
    const s = ids.map((id) => jobState(proj, id));
    expect(Date.parse(s[1].started)).toBeGreaterThanOrEqual(Date.parse(s[0].ended));
    expect(Date.parse(s[2].started)).toBeGreaterThanOrEqual(Date.parse(s[1].ended));
    const list = await cli(["jobs", "--json"], proj, env());
    expect(list.json.jobs.map((j: any) => j.id)).toEqual([...ids].reverse());
  });

  it("with max_jobs_per_server: 2 the second job runs at once; jobs --compact and a bare status show them", async () => {
    server.setScript(() => ({ content: fence(GOOD), chunkDelayMs: 30 }));
    const extra = { LOCAL_DELEGATE_MAX_JOBS_PER_SERVER: "2" };
    const first = (await bg(spec(), extra)).json;
    // Not waiting for the first to take its slot: with two slots, neither waits for the other.
    const second = (await bg(spec({ task_id: "other", description: "Export the constant `other`, equal to 2.", output_file: "src/other.mjs" }), extra)).json;
    expect(second.status).toBe("running");
    const list = await cli(["jobs", "--compact"], proj, env());
    expect(list.json.jobs.map((j: any) => [j.id, j.kind, j.label])).toEqual([[second.job, "run", "other"], [first.job, "run", "slugify"]]);
    const newest = await cli(["status", "--wait", "25"], proj, env());
    expect(newest.json).toMatchObject({ status: "success", task_id: "other" });
    for (const j of [first, second]) expect(readFileSync(join(proj.root, j.log), "utf8")).not.toMatch(/queued:/);
    const bad = await cli(["status", "--wait", "soon"], proj, env());
    expect(bad.code).toBe(2);
    expect(bad.json.error).toMatch(/--wait: must be a number of seconds/);
  });

  it("20 concurrent status and jobs calls during a run leave valid state and valid answers", async () => {
    server.setScript([{ content: fence(GOOD), chunkDelayMs: 80 }]);
    const started = (await bg(spec({ test_command: "node check.mjs" }))).json;
    await waitFor("the job to run", () => jobState(proj, started.job).started);
    const calls = Array.from({ length: 20 }, (_, i) => cli(i % 2 ? ["jobs", "--json"] : ["status", started.job], proj, env()));
    // Meanwhile the state file is read back again and again: it must always parse.
    let reads = 0;
    let pending = true;
    const reader = (async () => {
      while (pending) {
        expect(jobState(proj, started.job).id).toBe(started.job);
        reads++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const answers = await Promise.all(calls);
    pending = false;
    await reader;
    expect(reads).toBeGreaterThan(10);
    for (const [i, a] of answers.entries()) {
      if (i % 2) {
        expect(a.code).toBe(0);
        expect(a.json.jobs).toHaveLength(1);
        expect(a.json.jobs[0]).toMatchObject({ id: started.job, kind: "run", label: "slugify" });
      } else {
        // Running, or already finished: either way the answer is whole and about this job.
        if (a.code === 75) expect(a.json).toMatchObject({ job: started.job, status: "running" });
        else expect({ code: a.code, json: a.json }).toMatchObject({ code: 0, json: { status: "success", task_id: "slugify" } });
      }
    }
    const end = await cli(["status", started.job, "--wait", "25"], proj, env());
    expect(end.json).toMatchObject({ status: "success", tests: "passed" });
    expect(jobState(proj, started.job)).toMatchObject({ status: "done", exit_code: 0 });
  });
});
