// The user's test command misbehaving: it hangs (with children that ignore SIGTERM), or prints
// megabytes. The run must end in bounded time, kill every process the command started, keep the
// retry prompt and the result small, and put the original file back.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { useProcessTag } from "../support/processes.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { cliEnv, CLI, fence, GOOD, killChildren, ORIGINAL, OWN, snapshot, spawnCli } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
let before: Record<string, string>;
// Every process a test starts carries the test's tag; what is left after it is killed by the tag,
// never by a pid read from a file (the process may be long gone and its pid someone else's).
const tag = useProcessTag();

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
});
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD) }, { content: fence(GOOD) }] });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/**
 * Long enough for the test command to have started its grandchild before it is cut, even when a
 * Node start takes a second or two on a loaded machine: otherwise there is no grandchild to prove
 * anything about.
 */
const TEST_TIMEOUT_MS = 3_000;
const env = (extra: Record<string, string> = {}) => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000", ...extra });

function spec(testCommand: string): string {
  const path = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: testCommand });
  before = snapshot(proj.root);
  return path;
}

/**
 * A test command that never ends: it starts a grandchild that ignores SIGTERM and has let go of
 * its output (so nothing waits on it), and both write their pids to HOME.
 */
function hangingTests(): string {
  const dir = proj.home;
  const grandchild = `process.on("SIGTERM", () => {}); require("fs").writeFileSync(${JSON.stringify(join(dir, "grandchild.pid"))}, String(process.pid)); setInterval(() => {}, 1000);`;
  proj.write(
    "hang.mjs",
    `import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
spawn(process.execPath, ["-e", ${JSON.stringify(grandchild)}], { stdio: "ignore" });
writeFileSync(${JSON.stringify(join(dir, "child.pid"))}, String(process.pid));
setInterval(() => {}, 1000);
`,
  );
  return "node hang.mjs";
}

/** The pids the test command and its grandchild wrote: proof that both were started. */
function pidsOf(...names: string[]): number[] {
  return names.map((n) => Number(readFileSync(join(proj.home, n), "utf8")));
}

describe("the test command hangs", () => {
  it("each attempt is killed at test_timeout_ms, grandchildren included; the original comes back", async () => {
    const path = spec(hangingTests());
    const started = Date.now();
    const r = await runCli(["run", path], { cwd: proj.root, home: proj.home, env: env({ LOCAL_DELEGATE_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS) }) });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "failed" });
    expect(r.json.error).toMatch(/the tests did not finish within 3 s/);
    // Two attempts of 3 s, each followed by at most the 1.5 s SIGTERM grace: a hang that were not
    // cut would run into the test's own timeout. The rest is start-up on a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!.body.messages.at(-1).content;
    expect(retry).toMatch(/endless loop or a promise that never settles/);
    expect(snapshot(proj.root)).toEqual(before);
    expect(pidsOf("child.pid", "grandchild.pid").every((p) => p > 0)).toBe(true);
    expect(await tag().allGone()).toBe(true);
  }, 60_000);

  it("the CLI leaves no process behind when it exits, even one that ignores SIGTERM", async () => {
    const path = spec(hangingTests());
    const { done } = spawnCli(["run", path], { cwd: proj.root, env: cliEnv(proj.home, env({ LOCAL_DELEGATE_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS), LOCAL_DELEGATE_RETRIES: "0" })) });
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", tests: "failed" });
    expect(pidsOf("child.pid", "grandchild.pid").every((p) => p > 0)).toBe(true);
    // Once the CLI has exited, nothing of ours is left to kill them later: gone they must be.
    expect(await tag().allGone()).toBe(true);
    expect(snapshot(proj.root)).toEqual(before);
  });
});

describe("the test command prints megabytes", () => {
  it("30 MB of output: the result line, the retry prompt and the ledger stay small", async () => {
    proj.write("noisy.mjs", 'const line = "x".repeat(1023) + "\\n";\nfor (let i = 0; i < 30 * 1024; i++) process.stdout.write(line);\nconsole.error("AssertionError: expected slug, got shouting");\nprocess.exit(1);\n');
    const path = spec("node noisy.mjs");
    const rss = process.memoryUsage().rss;
    const r = await runCli(["run", path], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "failed" });
    expect(r.json.error).toBe("tests failed: AssertionError: expected slug, got shouting");
    expect(r.stdout.length).toBeLessThan(2_000);
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!;
    expect(retry.rawBody.length).toBeLessThan(50_000);
    expect(retry.body.messages.at(-1).content).toContain("AssertionError: expected slug, got shouting");
    expect(readFileSync(join(proj.root, OWN, "ledger.jsonl"), "utf8").length).toBeLessThan(20_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("a command that does not exist: invalid before the model is called, the original back", async () => {
    const path = spec("no-such-test-runner --run");
    const r = await runCli(["run", path], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", attempts: 0, tests: "none" });
    expect(r.json.error).toBe("test_command: `no-such-test-runner` is not a command on PATH or a file in the project");
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
    expect(snapshot(proj.root)).toEqual(before);
  });
});
