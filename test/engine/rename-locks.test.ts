// A rename run writes the importers of the renamed symbol as well as its own file: it holds the
// per-file lock of each, from its start to its end. A run whose output is one of those importers
// waits for it (and the other way round); were both to run at once, the rename run's failed test
// would put the pre-rename importer back over the other run's checked file, which says `success`.
// A run on a file the rename does not write is not held up.
import { afterEach, beforeEach, expect, it } from "vitest";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer, type Gate } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

const DATE = "export function parseDate(s) {\n  return new Date(s);\n}\n";
const DATE_AFTER = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
const USE = 'import { parseDate } from "./date.mjs";\nexport const when = (s) => parseDate(s).getTime();\n';
const USE_B = "export const when = (s) => Date.parse(s); // run B's checked file\n";
const fence = (s: string) => "```js\n" + s + "```\n";

let server: FakeOpenAIServer;
let proj: TempProject;
/** Held until the test opens it: the first run to ask the model keeps its locks until then. */
let firstAnswer: Gate;

beforeEach(async () => {
  proj = tempProject({ "src/date.mjs": DATE, "src/use.mjs": USE, "src/other.mjs": "export const when = () => 0;\n" });
  firstAnswer = gate();
  server = await startFakeOpenAIServer({
    flavor: "lmstudio",
    script: (req, i) => ({ content: fence(JSON.stringify(req.body).includes("rename parseDate") ? DATE_AFTER : USE_B), ...(i === 0 ? { hold: firstAnswer.promise } : {}) }),
  });
});
afterEach(async () => {
  firstAnswer.open();
  await server.close();
  proj.cleanup();
});

const env = { LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_LOCK_WAIT_MS: "20000", LOCAL_DELEGATE_MAX_PARALLEL: "2", NO_COLOR: "1" };
const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** A run as the CLI does it; `waiting` gets the progress line it shows when it waits for a lock. */
function start(fields: Record<string, unknown>, waiting = { line: "" }): ReturnType<typeof runCli> {
  return runCli(["run", proj.spec(fields)], {
    cwd: proj.root,
    home: proj.home,
    env: { ...env, LOCAL_DELEGATE_BASE_URL: server.baseUrl },
    stderrIsTTY: true,
    onStderr: (s) => void (waiting.line ||= /waiting: [^\r\x1b]*/.exec(s)?.[0] ?? ""),
  });
}
const renameRun = (test: string) => ({ task_id: "rename-date", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: "src/date.mjs", rename: { from: "parseDate", to: "parseIsoDate" }, test_command: test });
const importerRun = (output = "src/use.mjs") => ({ task_id: "use", kind: "code", description: "Write when(s) with Date.parse.", output_file: output, test_command: `node -e "process.exit(0)"` });

it("a run on an importer waits for a rename run that will write it, and keeps its checked file when the rename fails", async () => {
  const a = start(renameRun(`node -e "process.exit(1)"`));
  await waitFor("the rename run to ask the model", () => chats().length === 1);
  const waiting = { line: "" };
  const b = start(importerRun(), waiting);
  // Either B waits for the rename run's lock on src/use.mjs, or (unlocked) it asks the model at once.
  await waitFor("the importer run to wait, or to ask the model", () => waiting.line || chats().length > 1);
  expect(waiting.line).toBe("waiting: task rename-date on src/date.mjs");
  firstAnswer.open();
  const [ra, rb] = await Promise.all([a, b]);
  expect(ra.json).toMatchObject({ status: "escalated", task_id: "rename-date" });
  expect(rb.json).toMatchObject({ status: "success", task_id: "use" });
  expect(proj.read("src/use.mjs")).toBe(USE_B);
  expect(proj.read("src/date.mjs")).toBe(DATE);
}, 40_000);

it("a rename run waits for a run on one of its importers, then renames what that run left", async () => {
  const b = start(importerRun());
  await waitFor("the importer run to ask the model", () => chats().length === 1);
  const waiting = { line: "" };
  const a = start(renameRun(`node -e "process.exit(0)"`), waiting);
  await waitFor("the rename run to wait, or to ask the model", () => waiting.line || chats().length > 1);
  expect(waiting.line).toBe("waiting: task use on src/use.mjs");
  firstAnswer.open();
  const [ra, rb] = await Promise.all([a, b]);
  expect(rb.json).toMatchObject({ status: "success", task_id: "use" });
  expect(ra.json).toMatchObject({ status: "success", task_id: "rename-date" });
  // B's file no longer imports parseDate: the rename had nothing to change there.
  expect(proj.read("src/use.mjs")).toBe(USE_B);
  expect(proj.read("src/date.mjs")).toBe(DATE_AFTER);
}, 40_000);

it("a run on a file the rename does not write runs at the same time", async () => {
  const a = start(renameRun(`node -e "process.exit(1)"`));
  await waitFor("the rename run to ask the model", () => chats().length === 1);
  const waiting = { line: "" };
  // It ends while the rename run still holds its answer: it never waited.
  const rb = await start(importerRun("src/other.mjs"), waiting);
  expect(waiting.line).toBe("");
  expect(rb.json).toMatchObject({ status: "success", task_id: "use" });
  firstAnswer.open();
  expect((await a).json).toMatchObject({ status: "escalated", task_id: "rename-date" });
  expect(proj.read("src/other.mjs")).toBe(USE_B);
  expect(proj.read("src/use.mjs")).toBe(USE);
}, 40_000);
