// A lock file is a file in the project (`.claude/local-delegate/locks/`), and git keeps symlinks: a
// cloned repository may carry one at the lock of a file, or something else may stand there. A
// dangling link made the taker spin for ever without yielding (O_EXCL found a file, the read found
// none: "free, try again"), deaf even to Ctrl-C; a FIFO's read waited for a writer for ever. Now
// the run ends at once, naming what to remove; the file untouched, the model not asked.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileLockPath } from "../../src/write/file-lock.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, spawnCli } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD) }] });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/** The lock of src/slugify.mjs, its folder made. */
function lockOfOutput(): string {
  const lock = fileLockPath(proj.data, { rel: "src/slugify.mjs" });
  mkdirSync(dirname(lock), { recursive: true });
  return lock;
}

/** The built CLI on slugify; killed after 30 s, since a run that spins never ends by itself. */
async function run() {
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" });
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "5000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0" });
  const { child, done } = spawnCli(["run", spec], { cwd: proj.root, env });
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const r = await done;
  clearTimeout(killer);
  return r;
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

describe("something other than a lock file at a file's lock", () => {
  it("a dangling symlink: the run ends at once, naming it; the file untouched", async () => {
    const lock = lockOfOutput();
    symlinkSync(join(proj.root, "nowhere"), lock);
    const r = await run();
    expect(r.signal, "the run spun until killed").toBeNull();
    expect(r.json).toMatchObject({ status: "failed" });
    expect(r.json.error).toContain(`${lock}: it is a symlink`);
    expect(r.json.hint).toContain(`remove ${lock}`);
    expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(ORIGINAL);
    expect(chats()).toHaveLength(0);
  }, 60_000);

  it("a FIFO: the run ends at once, naming it; the file untouched", async (ctx) => {
    const lock = lockOfOutput();
    const made = spawnSync("mkfifo", [lock]);
    if (made.status !== 0) return ctx.skip("mkfifo is not available here");
    const r = await run();
    expect(r.signal, "the run hung until killed").toBeNull();
    expect(r.json).toMatchObject({ status: "failed" });
    expect(r.json.error).toContain(`${lock}: it is a FIFO`);
    expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(ORIGINAL);
    expect(chats()).toHaveLength(0);
  }, 60_000);

  it("near miss: a regular lock a dead run left is taken over, and the run succeeds", async () => {
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    writeFileSync(lockOfOutput(), JSON.stringify({ pid: dead, host: hostname(), since: "2026-01-01T00:00:00.000Z", what: "task slugify on src/slugify.mjs" }));
    const r = await run();
    expect(r.json).toMatchObject({ status: "success" });
    expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(GOOD.replace(/\n/g, "\r\n"));
  }, 60_000);
});
