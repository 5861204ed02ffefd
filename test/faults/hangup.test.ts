// The terminal that started a foreground run goes away (a closed tab, a dropped ssh session):
// the run gets SIGHUP. Like Ctrl-C, it must stop its test command and put the file back before it
// exits, not die on the spot with the model's unverified file in the user's tree and the test
// command still running.
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { signalChild, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, CLI, fence, GOOD, killChildren, ORIGINAL, OWN, snapshot, spawnCli, waitForFile } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
const tag = useProcessTag();

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
});
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD) }] });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/** A run stopped by `sig` while its test command (which says when it has started) runs. */
async function stopDuringTests(sig: NodeJS.Signals) {
  const marker = join(proj.home, "tests-started");
  proj.write("hang.mjs", `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "");\nsetInterval(() => {}, 1000);\n`);
  const before = snapshot(proj.root);
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node hang.mjs" });
  const { child, done } = spawnCli(["run", spec], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000" }) });
  expect(await waitForFile(marker, 20_000)).toBe(true);
  // The file the run wrote is on disk while its tests run.
  expect(proj.read("src/slugify.mjs")).not.toBe(ORIGINAL);
  expect(signalChild(child, sig)).toBe(true);
  const r = await done;
  return { r, before };
}

describe("a foreground run whose terminal goes away", () => {
  it("SIGHUP during the tests: cancelled, the test command stopped, the original back", async () => {
    const { r, before } = await stopDuringTests("SIGHUP");
    expect(r.signal, r.stderr).toBeNull();
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(snapshot(proj.root, [OWN])).toEqual(before);
    expect(await tag().allGone()).toBe(true);
  }, 60_000);

  it("near miss: SIGTERM does the same, as it did", async () => {
    const { r, before } = await stopDuringTests("SIGTERM");
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(snapshot(proj.root, [OWN])).toEqual(before);
    expect(await tag().allGone()).toBe(true);
  }, 60_000);
});
