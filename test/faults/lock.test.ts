// Two runs on the same file at once, in two processes. The per-file lock makes the second wait for
// the first (and then back up the first's finished file), or give up with LOCKED after
// lock_wait_ms; either way the file is always one whole answer, never two interleaved. The first
// run's answer is held by the fake server until the test lets it go, so the first holds the lock
// for exactly as long as the test needs, however slowly the second starts on a loaded machine.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer, type Gate } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";
import { cliEnv, CLI, fence, killChildren, OWN, spawnCli } from "./support.js";

const ORIGINAL = "export const answer = 0;\n";
const FIRST = "export const answer = 1;\n";
const SECOND = "export const answer = 2;\n";

let server: FakeOpenAIServer;
let proj: TempProject;
let firstAnswer: Gate;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
});
beforeEach(async () => {
  proj = tempProject({ "src/answer.mjs": ORIGINAL });
  // The first answer waits for the test: the first run holds the lock until then.
  firstAnswer = gate();
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: (_req, i) => (i === 0 ? { content: fence(FIRST), hold: firstAnswer.promise } : { content: fence(SECOND) }) });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

const spec = (taskId: string) => proj.spec({ task_id: taskId, description: "Export answer.", output_file: "src/answer.mjs" });
const env = (lockWaitMs: number) => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "30000", LOCAL_DELEGATE_LOCK_WAIT_MS: String(lockWaitMs) });

/** A run as a CLI child process. */
const start = (taskId: string, lockWaitMs: number) => spawnCli(["run", spec(taskId)], { cwd: proj.root, env: cliEnv(proj.home, env(lockWaitMs)) });

/** Waits until the first run is inside its generation, i.e. holds the file's lock. */
async function firstHoldsTheLock(): Promise<void> {
  await waitFor("the first run to ask the model", () => server.requests.some((q) => q.path.endsWith("/chat/completions")));
}

const backupOf = (task: string) => {
  const dir = join(proj.root, OWN, "backups", task);
  const [run] = readdirSync(dir);
  return readFileSync(join(dir, run!, "files/src/answer.mjs"), "utf8");
};

describe("two runs on the same file at once", () => {
  it("the second waits for the first, then works on the first's finished file", async () => {
    const a = start("first", 20_000);
    await firstHoldsTheLock();
    // The second in this process, with the progress line a person would see: it says when it
    // starts to wait, and only then is the first let go.
    let waiting = "";
    const b = runCli(["run", spec("second")], { cwd: proj.root, home: proj.home, env: { ...env(20_000), NO_COLOR: "1" }, stderrIsTTY: true, onStderr: (s) => void (waiting ||= /waiting: [^\r\x1b]*/.exec(s)?.[0] ?? "") });
    expect(await waitFor("the second to wait for the lock", () => waiting)).toBe("waiting: task first on src/answer.mjs");
    expect(chats()).toHaveLength(1);
    firstAnswer.open();
    const [ra, rb] = await Promise.all([a.done, b]);
    expect(ra.json).toMatchObject({ status: "success", task_id: "first" });
    expect(rb.json).toMatchObject({ status: "success", task_id: "second" });
    expect(chats()).toHaveLength(2);
    expect(proj.read("src/answer.mjs")).toBe(SECOND);
    // Serialized: each run backed up a whole file, the second the first's result.
    expect(backupOf("first")).toBe(ORIGINAL);
    expect(backupOf("second")).toBe(FIRST);
    expect(readdirSync(join(proj.root, OWN, "locks"))).toEqual([]);
  });

  it("the second gives up after lock_wait_ms with LOCKED, naming the holder; the first is unharmed", async () => {
    // The first holds the lock until the second has given up: a second that waited for it instead
    // would never end (and the test would time out).
    const a = start("first", 20_000);
    await firstHoldsTheLock();
    const rb = await start("second", 300).done;
    firstAnswer.open();
    expect(rb.code).toBe(1);
    expect(rb.json).toMatchObject({ status: "failed", task_id: "second", attempts: 0 });
    expect(rb.json.error).toMatch(/^busy: task first on src\/answer\.mjs \(pid \d+, since [0-9T:.Z-]+\) holds .*file-[0-9a-f]{16}\.lock/);
    expect(rb.json.hint).toMatch(/wait for it to finish, or cancel it/);
    expect(existsSync(join(proj.root, OWN, "backups", "second"))).toBe(false);
    const ra = await a.done;
    expect(ra.json).toMatchObject({ status: "success", task_id: "first" });
    expect(proj.read("src/answer.mjs")).toBe(FIRST);
    expect(chats()).toHaveLength(1);
  });
});

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));
