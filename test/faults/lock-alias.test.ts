// One file named two ways: `src/a.mjs`, and `alias/a.mjs` through a linked folder inside the project.
// The per-file lock is keyed on the file reached, not on the spelling: a second run on the other
// name waits for the first, as it would on the same name. Were both to run at once, the first's
// failed test would put its original back over the second's checked file, which says `success`.
// Two runs on two different files through the link still run at the same time.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer, type Gate } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

const ORIGINAL = "export const a = 0;\n";
const A_CONTENT = "export const a = 1; // run A\n";
const B_CONTENT = "export const a = 2; // run B\n";
const fence = (s: string) => "```js\n" + s + "```\n";

let server: FakeOpenAIServer;
let proj: TempProject;
let answerA: Gate;

beforeEach(async () => {
  proj = tempProject({ "src/a.mjs": ORIGINAL, "src/b.mjs": "export const a = 9; // b\n" });
  symlinkSync("src", join(proj.root, "alias"));
  answerA = gate();
  // Run A's answer waits for the test: A holds its lock until then.
  server = await startFakeOpenAIServer({
    flavor: "lmstudio",
    script: (req) => (JSON.stringify(req.body).includes("Run A.") ? { content: fence(A_CONTENT), hold: answerA.promise } : { content: fence(B_CONTENT) }),
  });
});
afterEach(async () => {
  answerA.open();
  await server.close();
  proj.cleanup();
});

const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_LOCK_WAIT_MS: "20000", LOCAL_DELEGATE_MAX_PARALLEL: "2", NO_COLOR: "1" });
const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** Run A on src/a.mjs, its test failing, started and holding its answer (so its lock); `done` is its end. */
async function startA(): Promise<{ done: ReturnType<typeof runCli> }> {
  const spec = proj.spec({ task_id: "task-a", kind: "code", description: "Run A.", output_file: "src/a.mjs", test_command: `node -e "process.exit(1)"` });
  const a = runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
  await waitFor("run A to ask the model", () => chats().length === 1);
  return { done: a };
}

/** Run B on `output`, its test passing; `waiting` gets the progress line it shows when it waits for a lock. */
function startB(output: string, waiting: { line: string }): ReturnType<typeof runCli> {
  const spec = proj.spec({ task_id: "task-b", kind: "code", description: "Run B.", output_file: output, test_command: `node -e "process.exit(0)"` });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env(), stderrIsTTY: true, onStderr: (s) => void (waiting.line ||= /waiting: [^\r\x1b]*/.exec(s)?.[0] ?? "") });
}

it("a run on a file named through a linked folder waits for a run on its real name, and keeps its checked file", async () => {
  const a = await startA();
  const waiting = { line: "" };
  const b = startB("alias/a.mjs", waiting);
  // Either B waits for A's lock, or (keyed on the spelling) it asks the model at once.
  await waitFor("run B to wait, or to ask the model", () => waiting.line || chats().length > 1);
  expect(waiting.line).toBe("waiting: task task-a on src/a.mjs");
  expect(chats()).toHaveLength(1);
  answerA.open();
  const [ra, rb] = await Promise.all([a.done, b]);
  expect(ra.json).toMatchObject({ status: "escalated", task_id: "task-a" });
  expect(rb.json).toMatchObject({ status: "success", task_id: "task-b" });
  expect(proj.read("src/a.mjs")).toBe(B_CONTENT);
}, 40_000);

it("runs on two different files, one named through the linked folder, still run at the same time", async () => {
  const a = await startA();
  const waiting = { line: "" };
  // B ends while A still holds its answer: it never waited for A.
  const rb = await startB("alias/b.mjs", waiting);
  expect(waiting.line).toBe("");
  expect(rb.json).toMatchObject({ status: "success", task_id: "task-b" });
  answerA.open();
  expect((await a.done).json).toMatchObject({ status: "escalated", task_id: "task-a" });
  expect(proj.read("src/b.mjs")).toBe(B_CONTENT);
  expect(proj.read("src/a.mjs")).toBe(ORIGINAL);
}, 40_000);
