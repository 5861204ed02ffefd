// `run --wait S` (the plugin's commands use it): the run as a job, waited on for S seconds, so that
// a run longer than Claude Code's Bash call may last leaves Claude a job to wait on, not a call
// moved to the background with no line. The built CLI (dist/cli.js) as separate processes.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { signalChild, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { CHECK, cli, CLI, fence, GOOD, isolatedEnv, jobState, killJobs, useBuiltCli, waitFor, workerAlive } from "./helpers.js";

useBuiltCli();
useProcessTag();

// Not exported: the answer writes slugify over it, and edits keep what a file exports.
const ORIGINAL = "// the file as it was before the job: café\nconst keep = 1;\n";
const YAML = "task_id: slugify\ndescription: Write slugify(input).\noutput_file: src/slugify.mjs\ntest_command: node check.mjs\n";

let server: FakeOpenAIServer;
let proj: TempProject;
const env = () => ({
  LOCAL_DELEGATE_BASE_URL: server.baseUrl,
  LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000",
  LOCAL_DELEGATE_TIMEOUT_MS: "30000",
  LOCAL_DELEGATE_RETRIES: "0",
});

beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK, "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killJobs(proj);
  await server.close();
  proj.cleanup();
});

describe("run --wait", () => {
  it("prints the foreground run's line when the job ends in time", async () => {
    server.setScript([{ content: fence(GOOD), usage: { prompt_tokens: 100, completion_tokens: 40 } }]);
    const r = await cli(["run", "-", "--wait", "60"], proj, env(), { stdin: YAML });
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "success", task_id: "slugify", file: "src/slugify.mjs", tests: "passed" });
    expect(r.json.job).toBeUndefined();
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
  });

  it("says where a job still going is and how to wait on, and that wait gets the line", async () => {
    const answer = gate();
    server.setScript([{ content: fence(GOOD), hold: answer.promise }]);
    const r = await cli(["run", "-", "--wait", "1"], proj, env(), { stdin: YAML });
    expect(r.code).toBe(75);
    expect(r.json).toMatchObject({ status: "running", hint: expect.stringContaining(`local-delegate status ${r.json.job} --wait 540`) });
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
    answer.open();
    const done = await cli(["status", r.json.job, "--wait", "60"], proj, env());
    expect(done.json).toMatchObject({ status: "success", task_id: "slugify", tests: "passed" });
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
  });

  it("a Ctrl-C while it waits cancels the job, as it would the foreground run: the file is left as it was", async () => {
    server.setScript([{ content: fence(GOOD), hold: gate().promise }]);
    const caller = spawn(process.execPath, [CLI, "run", "-", "--wait", "120"], { cwd: proj.root, env: isolatedEnv(proj, env()), stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    caller.stdout.on("data", (b: Buffer) => void (out += b.toString()));
    const closed = new Promise<number | null>((r) => caller.once("close", (code) => r(code)));
    caller.stdin.end(YAML);
    await waitFor("the job's model call", () => server.requests.filter((q) => q.path.endsWith("/chat/completions")).length === 1);
    expect(signalChild(caller, "SIGINT")).toBe(true);
    expect(await closed).toBe(130);
    const line = JSON.parse(out.trim());
    expect(line).toMatchObject({ job: expect.any(String), status: "cancelled" });
    expect(jobState(proj, line.job)).toMatchObject({ status: "cancelled" });
    await waitFor("the worker to be gone", () => !workerAlive(proj, line.job));
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
  });
});
