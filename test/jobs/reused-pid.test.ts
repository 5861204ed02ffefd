// A dead worker whose pid the kernel handed to another process (pid_max is often 32768, and lock
// files and backups survive a reboot): neither its server slot nor its unfinished run may be
// taken for a live one's. Only /proc tells a reused pid apart cheaply enough for locks.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
});
