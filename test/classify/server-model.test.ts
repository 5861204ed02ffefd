import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHook } from "../../src/hook/run-hook.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { scriptedModel } from "../qualify/scripted.js";

// With no model in the config, tasks run on the model the server has loaded, and the hook judges
// that model's record. `classify`, `plan check` and `report` judged the model of the ledger's
// latest line instead: after `qualify --model OTHER` (trying out a candidate), they showed and
// routed by the candidate's record while the hook and every run went on with the loaded model.

const LOADED = "qwen2.5-coder-7b-instruct";
const CANDIDATE = "deepseek-coder-v2-lite-instruct";
const TEST_IDS = ["test-js-clamp", "test-js-slugify", "test-js-retry", "test-ts-range", "test-py-median"];
const TESTS = `import { test } from "node:test";\nimport { clamp } from "./clamp.js";\n${Array.from({ length: 10 }, (_, i) => `test("case ${i}", () => { if (clamp(${i}, 0, 5) !== ${Math.min(i, 5)}) throw new Error("case ${i}"); });`).join("\n")}\n`;

let server: FakeOpenAIServer;
let proj: TempProject;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", XDG_STATE_HOME: join(proj.home, ".state") });
const cli = (argv: string[]) => runCli(argv, { cwd: proj.root, home: proj.home, env: env() });

async function hookOnWrite(): Promise<string> {
  const event = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, "src/clamp.test.js"), content: TESTS } });
  return JSON.stringify(await runHook(event, { env: { ...env(), HOME: proj.home, LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_HOOK_HELPER: "0" }, cwd: proj.root, cliPath: "/x" }));
}

beforeAll(async () => {
  server = await startFakeOpenAIServer({
    flavor: "lmstudio",
    models: [
      { id: LOADED, state: "loaded", maxContextLength: 32768, loadedContextLength: 8192 },
      { id: CANDIDATE, state: "not-loaded", maxContextLength: 32768 },
    ],
  });
  // The candidate never gives a usable test file; the loaded model is never asked here.
  server.setScript(scriptedModel(Object.fromEntries(TEST_IDS.map((id) => [id, ["malformed", "malformed"]]))));
  proj = tempProject();
  const q = await cli(["qualify", "--kinds", "test", "--model", CANDIDATE, "--json"]);
  expect(q.json.routing).toEqual([{ kind: "test", route: "claude", detail: `tests: 0/5 first-pass for ${CANDIDATE} (< 50%)` }]);
}, 120_000);
afterAll(async () => {
  await server.close();
  proj.cleanup();
});

describe("the model judged when the config names none", () => {
  it("is the one the server has loaded, in the hook, classify and report alike", async () => {
    // The hook judges the loaded model, which has no record: test-writing is delegated.
    expect(await hookOnWrite()).toContain('"permissionDecision":"deny"');
    proj.write("src/clamp.test.js", TESTS);
    const c = await cli(["classify", "--file", "src/clamp.test.js", "--json"]);
    expect(c.json).toMatchObject({ verdict: "local", model: LOADED, record: null });
    const r = await cli(["report", "--json"]);
    expect(r.json.model_record).toMatchObject({ model: LOADED, empty: true });
  });

  it("near miss: classify --model still judges the model named, on its record", async () => {
    const c = await cli(["classify", "--file", "src/clamp.test.js", "--model", CANDIDATE, "--json"]);
    expect(c.json).toMatchObject({ verdict: "claude", model: CANDIDATE, record: { samples: 5, first_pass: 0 } });
  });
});
