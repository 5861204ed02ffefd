// Two runs on the same file at once, as two real CLI processes. The per-file lock makes the second
// wait for the first (and then back up the first's finished file), or give up with LOCKED after
// lock_wait_ms; either way the file is always one whole answer, never two interleaved.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, CLI, fence, killChildren, OWN, spawnCli } from "./support.js";

const ORIGINAL = "export const answer = 0;\n";
const FIRST = "export const answer = 1;\n";
const SECOND = "export const answer = 2;\n";

let server: FakeOpenAIServer;
let proj: TempProject;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
});
beforeEach(async () => {
  proj = tempProject({ "src/answer.mjs": ORIGINAL });
  // The first answer takes a while, so the first run holds the lock when the second arrives.
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: (_req, i) => (i === 0 ? { content: fence(FIRST), delayMs: 3_000 } : { content: fence(SECOND) }) });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

function start(taskId: string, lockWaitMs: number) {
  const spec = proj.spec({ task_id: taskId, description: "Export answer.", output_file: "src/answer.mjs" });
  return spawnCli(["run", spec], {
    cwd: proj.root,
    env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_LOCK_WAIT_MS: String(lockWaitMs) }),
  });
}

/** Waits until the first run is inside its generation, i.e. holds the file's lock. */
async function firstHoldsTheLock(): Promise<void> {
  const until = Date.now() + 10_000;
  while (!server.requests.some((q) => q.path.endsWith("/chat/completions"))) {
    if (Date.now() > until) throw new Error("the first run never asked the model");
    await new Promise((r) => setTimeout(r, 20));
  }
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
    const b = start("second", 20_000);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.json).toMatchObject({ status: "success", task_id: "first" });
    expect(rb.json).toMatchObject({ status: "success", task_id: "second" });
    // The second's own answer is instant: its time is the wait for the first's lock.
    const entries = readFileSync(join(proj.root, OWN, "ledger.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(entries.find((e) => e.task_id === "second").wall_ms).toBeGreaterThan(500);
    expect(proj.read("src/answer.mjs")).toBe(SECOND);
    // Serialized: each run backed up a whole file, the second the first's result.
    expect(backupOf("first")).toBe(ORIGINAL);
    expect(backupOf("second")).toBe(FIRST);
    expect(readdirSync(join(proj.root, OWN, "locks"))).toEqual([]);
  });

  it("the second gives up after lock_wait_ms with LOCKED, naming the holder; the first is unharmed", async () => {
    // Long enough that the second (whose Node start alone can take a second on a busy machine)
    // certainly arrives while the first still holds the lock.
    server.setScript((_req, i) => (i === 0 ? { content: fence(FIRST), delayMs: 5_000 } : { content: fence(SECOND) }));
    const a = start("first", 20_000);
    await firstHoldsTheLock();
    const started = Date.now();
    const rb = await start("second", 300).done;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(rb.code).toBe(1);
    expect(rb.json).toMatchObject({ status: "failed", task_id: "second", attempts: 0 });
    expect(rb.json.error).toMatch(/^busy: task first on src\/answer\.mjs \(pid \d+, since [0-9T:.Z-]+\) holds .*file-[0-9a-f]{16}\.lock/);
    expect(rb.json.hint).toMatch(/wait for it to finish, or cancel it/);
    expect(existsSync(join(proj.root, OWN, "backups", "second"))).toBe(false);
    const ra = await a.done;
    expect(ra.json).toMatchObject({ status: "success", task_id: "first" });
    expect(proj.read("src/answer.mjs")).toBe(FIRST);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(1);
  });
});
