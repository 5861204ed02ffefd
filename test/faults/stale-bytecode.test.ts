// Through the CLI: the test command runs the Python file the model wrote, not bytecode cached
// for an earlier version of it. The same-second, same-size retry is made deterministic in
// test/engine/checks-bytecode.test.ts; here the cache is one Python never checks against the
// source (unchecked-hash), so any run would use it: the engine must remove it before the checks.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
const saved = process.env.PYTHONDONTWRITEBYTECODE;
afterEach(() => {
  if (saved === undefined) delete process.env.PYTHONDONTWRITEBYTECODE;
  else process.env.PYTHONDONTWRITEBYTECODE = saved;
});

const WRONG = "def f():\n    return 2\n";
const RIGHT = "def f():\n    return 1\n";

describe.skipIf(!works("python3 --version"))("a stale bytecode cache of the written file", () => {
  it("is not what the tests run: the right answer is a success at the first attempt", async () => {
    // Users' shells do not set it (this sandbox may): Python writes __pycache__ by default.
    delete process.env.PYTHONDONTWRITEBYTECODE;
    const proj = tempProject({ "mod.py": WRONG, "check.py": "import mod\nassert mod.f() == 1, f'f() returned {mod.f()}'\n" });
    execFileSync("python3", ["-c", "import py_compile as p; p.compile('mod.py', invalidation_mode=p.PycInvalidationMode.UNCHECKED_HASH)"], { cwd: proj.root });
    server.setScript([{ content: "```python\n" + RIGHT + "```\n" }, { content: "```python\n" + RIGHT + "```\n" }]);
    const spec = proj.spec({ task_id: "pyc", description: "Write f() that returns 1.", output_file: "mod.py", test_command: "python3 check.py" });
    const env = { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" };
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env });
    // The checks ran with PYTHONDONTWRITEBYTECODE: they left no cache for the next attempt.
    const cached = existsSync(join(proj.root, "__pycache__")) ? execFileSync("ls", [join(proj.root, "__pycache__")], { encoding: "utf8" }) : "";
    proj.cleanup();
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1, tests: "passed" });
    expect(cached).not.toContain("mod.");
  });
});
