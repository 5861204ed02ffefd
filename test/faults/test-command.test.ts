// Issue 15, points 3 and 4, through the built CLI: a test command that cannot run ends `invalid`
// (exit 2) with the command named, no retry spent and nothing on the model's record; a failing
// node:test check gives Claude the failing assertion, not `triggerUncaughtException(`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, OWN, snapshot, spawnCli } from "./support.js";

let server: FakeOpenAIServer | null = null;
let proj: TempProject | null = null;
afterEach(async () => {
  killChildren();
  await server?.close();
  proj?.cleanup();
  server = null;
  proj = null;
});

const WRONG = "export function slugify(input) {\n  return input;\n}\n";
const TOP_LEVEL_TEST = 'import assert from "node:assert/strict";\nimport { slugify } from "./src/slugify.mjs";\n\nassert.equal(slugify("Hello World"), "hello-world");\n';
const NAMED_TEST = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { slugify } from "./src/slugify.mjs";\n\ntest("slugify joins words with dashes", () => {\n  assert.equal(slugify("Hello World"), "hello-world");\n});\n';

async function setUp(files: Record<string, string>, answer: string) {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, ...files });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(answer) }, { content: fence(answer) }] });
}

async function run(testCommand: string) {
  const path = proj!.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: testCommand });
  const before = snapshot(proj!.root);
  const env = cliEnv(proj!.home, { LOCAL_DELEGATE_BASE_URL: server!.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000" });
  const r = await spawnCli(["run", path], { cwd: proj!.root, env }).done;
  const chats = server!.requests.filter((q) => q.path.endsWith("/chat/completions")).length;
  const ledger = readFileSync(join(proj!.root, OWN, "ledger.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const report = JSON.parse((await spawnCli(["report", "--json"], { cwd: proj!.root, env }).done).stdout);
  return { r, chats, ledger, report, before, after: snapshot(proj!.root) };
}

describe("a test command that cannot run is not the model's failure", () => {
  it("not a command: invalid before the model is called, the command named", async () => {
    await setUp({}, GOOD);
    const { r, chats, ledger, report, before, after } = await run("definitely-not-a-command");
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", attempts: 0, tests: "none", error: "test_command: `definitely-not-a-command` is not a command on PATH or a file in the project" });
    expect(r.json.hint).toBeTruthy();
    expect(chats).toBe(0);
    expect(after).toEqual(before);
    expect(ledger.at(-1)).toMatchObject({ event: "run", status: "invalid", code: "TEST_COMMAND" });
    expect(report.totals).toMatchObject({ command_faults: 1, failures: { total: 0 }, first_pass: { of: 0 } });
  });

  it("a test file that does not parse: invalid after one answer, no retry, the original back", async () => {
    await setUp({ "slug.test.mjs": NAMED_TEST.replace('"hello-world");', '"hello-world";') }, GOOD);
    const { r, chats, ledger, report, before, after } = await run("node --test slug.test.mjs");
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", attempts: 1 });
    expect(r.json.error).toMatch(/^test_command: `node --test slug\.test\.mjs` could not run the tests: SyntaxError: missing \) after argument list in slug\.test\.mjs:6, a file the model did not write$/);
    expect(r.json.error.length).toBeLessThanOrEqual(200);
    expect(chats).toBe(1);
    expect(after).toEqual(before);
    expect(ledger.at(-1)).toMatchObject({ status: "invalid", code: "TEST_COMMAND", attempts: 1 });
    // One model answer that was never judged: not a first-pass failure.
    expect(report.totals).toMatchObject({ command_faults: 1, failures: { total: 0 }, first_pass: { of: 0 } });
  });

  it("a test file that is not there (past the preflight): invalid, no retry", async () => {
    await setUp({}, GOOD);
    const { r, chats, after, before } = await run("sh -c 'node --test test/missing.test.mjs'");
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", attempts: 1 });
    expect(r.json.error).toContain("Could not find 'test/missing.test.mjs'");
    expect(chats).toBe(1);
    expect(after).toEqual(before);
  });
});

describe("a failing node:test check gives Claude the failing assertion", () => {
  it("an assert outside any test (Node prints `triggerUncaughtException(` first)", async () => {
    await setUp({ "slug.test.mjs": TOP_LEVEL_TEST }, WRONG);
    const { r, chats, ledger } = await run("node --test slug.test.mjs");
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "failed" });
    expect(r.json.error).toBe("tests failed: expected 'hello-world', got 'Hello World' (slug.test.mjs:4)");
    expect(chats).toBe(2);
    expect(ledger.at(-1)).toMatchObject({ status: "escalated", failure_kind: "tests", error: r.json.error });
  });

  it("an assert in a named test", async () => {
    await setUp({ "slug.test.mjs": NAMED_TEST }, WRONG);
    const { r } = await run("node --test slug.test.mjs");
    expect(r.json.error).toBe("tests failed: slugify joins words with dashes: expected 'hello-world', got 'Hello World' (slug.test.mjs:6)");
  });
});
