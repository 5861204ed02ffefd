// A run interrupted while it waits on its tests, Ctrl-C pressed a second time while the first is
// handled. Like one Ctrl-C, it must stop the test command, put the original back and say
// `cancelled`; dying at once would leave the model's unverified file in the project until some
// later run or `rollback` happened to recover it. (SIGHUP: hangup.test.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { identify, isSame, signalIfSame } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, spawnCli, waitForFile } from "./support.js";

// The test command says it started, then never ends: the run is held in its tests.
// The pid is written whole, then renamed into place: a marker seen half-written would hold no pid.
const HANG = `const fs = require("node:fs"); fs.writeFileSync(process.argv[2] + ".tmp", String(process.pid)); fs.renameSync(process.argv[2] + ".tmp", process.argv[2]); setInterval(() => {}, 1000);\n`;

let server: FakeOpenAIServer;
let proj: TempProject;
/** The test command, as it was when it started: a run that died leaves it running, and it is ended here. */
let testCommand: { pid: number; who: string | null } | null = null;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, "hang.cjs": HANG });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  if (testCommand) signalIfSame(testCommand.pid, testCommand.who, "SIGKILL");
  testCommand = null;
  await server.close();
  proj.cleanup();
});

async function signalDuringTests(signal: NodeJS.Signals, opts: { again?: boolean } = {}) {
  server.setScript([{ content: fence(GOOD) }]);
  const started = join(proj.home, "tests-started");
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: `node hang.cjs ${started}` });
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000" });
  const { child, done } = spawnCli(["run", spec], { cwd: proj.root, env });
  expect(await waitForFile(started, 20_000)).toBe(true);
  const pid = Number(readFileSync(started, "utf8"));
  testCommand = { pid, who: identify(pid) };
  // The model's file is in place while its tests run.
  expect(proj.read("src/slugify.mjs")).not.toBe(ORIGINAL);
  child.kill(signal);
  // A second press while the first is still being handled (the test command gets 1.5 s after SIGTERM).
  if (opts.again) {
    expect(await waitForFile(`${started}.term`, 10_000)).toBe(true);
    child.kill(signal);
  }
  const r = await done;
  return r;
}

const testCommandGone = () => !testCommand || !isSame(testCommand.pid, testCommand.who);

describe("a run interrupted while its tests run", () => {
  it("Ctrl-C twice, the second while the first still stops a test command that ignores SIGTERM: the original is back all the same", async () => {
    // It notes the SIGTERM the first Ctrl-C sends it (and lives on): the moment for the second press.
    proj.write("hang.cjs", `process.on("SIGTERM", () => require("node:fs").writeFileSync(process.argv[2] + ".term", ""));\n${HANG}`);
    const r = await signalDuringTests("SIGINT", { again: true });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
    expect(testCommandGone()).toBe(true);
  }, 40_000);

  it("near miss: SIGINT (Ctrl-C) does the same", async () => {
    const r = await signalDuringTests("SIGINT");
    expect(r.code).toBe(130);
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
    expect(testCommandGone()).toBe(true);
  }, 40_000);
});
