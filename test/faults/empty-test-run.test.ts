// Through the CLI: a test command that exits 0 having run no test must never make a wrong file
// `success` with tests "passed". It ends `invalid` (TEST_COMMAND), no retry spent, the original
// file back; a real run on the same project is still a success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";
import { works } from "../verify/runners/support.js";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});

const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const fence = (tag: string, s: string) => "```" + tag + "\n" + s + "```\n";
const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions")).length;

async function run(files: Record<string, string>, answer: string, spec: Record<string, string>) {
  const proj = tempProject(files);
  server.setScript([{ content: answer }, { content: answer }]);
  const before = chats();
  const r = await runCli(["run", proj.spec({ task_id: "slug", description: "Write slugify(s): lower-case, dashes.", ...spec })], { cwd: proj.root, home: proj.home, env: env() });
  const written = proj.exists(spec.output_file!) ? proj.read(spec.output_file!) : null;
  proj.cleanup();
  return { json: r.json, code: r.code, chats: chats() - before, written };
}

// The project's tests are TypeScript, which Node 20's `--test` does not collect: it runs nothing.
const NODE_PROJECT = { "package.json": '{"type":"module"}\n', "test/slug.test.ts": 'import { slugify } from "../src/slug.js";\nif (slugify("A B") !== "a-b") throw new Error("x");\n' };
const WRONG_JS = "export function slugify(s) {\n  return s;\n}\n";
// The tests are in tests/check_slug.py: not unittest's default pattern test*.py, so none run.
const PY_TEST = "import unittest\nfrom slug import slugify\nclass T(unittest.TestCase):\n    def test_it(self):\n        self.assertEqual(slugify('A B'), 'a-b')\n";
const PY_PROJECT = { "tests/__init__.py": "", "tests/check_slug.py": PY_TEST };
const WRONG_PY = "def slugify(s):\n    return s\n";
const GOOD_PY = "def slugify(s):\n    return s.lower().replace(' ', '-')\n";

describe("a test command that ran no test", () => {
  it("node --test that collected no file ('# tests 0', exit 0): invalid, not success", async () => {
    const r = await run(NODE_PROJECT, fence("js", WRONG_JS), { output_file: "src/slug.js", test_command: "node --test" });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", attempts: 1, error: "test_command: `node --test` could not run the tests: no test ran (# tests 0)" });
    expect(r.json.tests).not.toBe("passed");
    expect(r.json.hint).toContain("make test_command run the tests that check slug.js");
    expect(r.chats).toBe(1);
    expect(r.written).toBeNull();
  });

  it.skipIf(!works("python3 -c 'import sys; sys.exit(sys.version_info >= (3, 12))'"))("python3 -m unittest that found no test ('Ran 0 tests', exit 0 on 3.11): invalid", async () => {
    const r = await run(PY_PROJECT, fence("python", WRONG_PY), { output_file: "slug.py", test_command: "python3 -m unittest" });
    expect(r.json).toMatchObject({ status: "invalid", attempts: 1 });
    expect(r.json.error).toMatch(/^test_command: `python3 -m unittest` could not run the tests: no test ran \(Ran 0 tests in [\d.]+s\)$/);
    expect(r.chats).toBe(1);
  });
});

describe("near misses: a run with tests is judged as before", () => {
  it("node --test that finds the test: a wrong file fails, with a retry", async () => {
    const files = { ...NODE_PROJECT, "test/slug.test.mjs": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { slugify } from "../src/slug.js";\ntest("dashes", () => assert.equal(slugify("A B"), "a-b"));\n' };
    const r = await run(files, fence("js", WRONG_JS), { output_file: "src/slug.js", test_command: "node --test" });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "failed" });
  });

  it.skipIf(!works("python3 --version"))("unittest told where the tests are: a right file is a success with tests passed", async () => {
    const r = await run(PY_PROJECT, fence("python", GOOD_PY), { output_file: "slug.py", test_command: "python3 -m unittest discover -s tests -t . -p 'check_*.py'" });
    expect(r.json).toMatchObject({ status: "success", attempts: 1, tests: "passed" });
  });
});
