// A background worker outlives the terminal that started it: SIGHUP, which stops a foreground run
// (test/faults/hangup.test.ts), must not stop or undo a job.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { signalIfSame, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { CHECK, cli, fence, GOOD, killJobs, useBuiltCli, waitFor, workerAlive, workerOf } from "./helpers.js";

useBuiltCli();
useProcessTag();

/** Says it has started, then waits for `go` (bounded), so the test can signal the worker meanwhile. */
const WAIT_GO = `import { existsSync, writeFileSync } from "node:fs";
writeFileSync("started", "");
const until = Date.now() + 30_000;
const tick = () => (existsSync("go") || Date.now() > until ? process.exit(0) : setTimeout(tick, 20));
tick();
`;

let server: FakeOpenAIServer;
let proj: TempProject;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_RETRIES: "0" });

beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK, "wait-go.mjs": WAIT_GO, "src/slugify.mjs": "export const slugify = (s) => s;\n" });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killJobs(proj);
  await server.close();
  proj.cleanup();
});

describe("a background worker sent SIGHUP", () => {
  it("carries on: the job ends success and its file stays", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node wait-go.mjs && node check.mjs" });
    const started = await cli(["run", spec, "--background"], proj, env());
    const id = started.json?.job;
    expect(id, started.stdout + started.stderr).toBeTruthy();
    await waitFor("the job's tests", () => proj.exists("started"));
    const w = workerOf(proj, id);
    expect(signalIfSame(w.pid, w.proc, "SIGHUP")).toBe(true);
    proj.write("go", "");
    const r = await cli(["status", id, "--wait", "30"], proj, env(), 40_000);
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed" });
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
    await waitFor("the worker to exit", () => !workerAlive(proj, id));
  }, 60_000);
});
