import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const BEFORE = `export function parseDate(s) {
  return new Date(s);
}
`;
const AFTER = `export function parseIsoDate(s) {
  return new Date(s);
}
`;
const files = {
  "src/date.mjs": BEFORE,
  "src/use.mjs": 'import { parseDate } from "./date.mjs";\nexport const when = (s) => parseDate(s).getTime();\nexport const obj = { parseDate };\n',
  "src/alias.mjs": 'import { parseDate as pd } from "./date.mjs";\nexport const y = (s) => pd(s).getFullYear();\n',
  "src/barrel.mjs": 'export { parseDate } from "./date.mjs";\n',
  "src/via-barrel.mjs": 'import { parseDate } from "./barrel.mjs";\nexport const z = parseDate;\n',
  "src/other.mjs": "const parseDate = (x) => x;\nexport const untouched = parseDate(1);\n",
  "check.mjs": 'import { when } from "./src/use.mjs";\nimport { z } from "./src/via-barrel.mjs";\nif (when("2020-01-01") !== Date.parse("2020-01-01") || typeof z !== "function") process.exit(1);\n',
};

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
  proj = tempProject(files);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function rename(answer: string, test = "node check.mjs") {
  server.setScript([{ content: "```js\n" + answer + "```" }, { content: "```js\n" + answer + "```" }]);
  const spec = proj.spec({ task_id: "rename-date", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: "src/date.mjs", rename: { from: "parseDate", to: "parseIsoDate" }, test_command: test });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

describe("refactor with rename", () => {
  it("updates the importers (plain, aliased, re-exported, through the barrel) and verifies them", async () => {
    const r = await rename(AFTER);
    expect(r.json).toMatchObject({ status: "success", tests: "passed" });
    expect([...r.json.updated].sort()).toEqual(["src/alias.mjs", "src/barrel.mjs", "src/use.mjs", "src/via-barrel.mjs"]);
    expect(proj.read("src/use.mjs")).toBe('import { parseIsoDate } from "./date.mjs";\nexport const when = (s) => parseIsoDate(s).getTime();\nexport const obj = { parseDate: parseIsoDate };\n');
    expect(proj.read("src/alias.mjs")).toBe('import { parseIsoDate as pd } from "./date.mjs";\nexport const y = (s) => pd(s).getFullYear();\n');
    expect(proj.read("src/barrel.mjs")).toBe('export { parseIsoDate } from "./date.mjs";\n');
    expect(proj.read("src/via-barrel.mjs")).toBe('import { parseIsoDate } from "./barrel.mjs";\nexport const z = parseIsoDate;\n');
    expect(proj.read("src/other.mjs")).toBe(files["src/other.mjs"]);
    // The refactor prompt carried the current file whole.
    expect(server.requests.find((q) => q.path.endsWith("/chat/completions"))!.body.messages[1].content).toContain(BEFORE.trim());
  });

  it("restores every file it touched when the tests fail", async () => {
    const r = await rename(AFTER, "node -e 'process.exit(1)'");
    expect(r.json.status).toBe("escalated");
    for (const [rel, content] of Object.entries(files)) expect(proj.read(rel), rel).toBe(content);
  });

  it("is refused for a file that does not exist", async () => {
    const spec = proj.spec({ task_id: "r2", kind: "refactor", description: "x", output_file: "src/nope.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("output_file: a refactor needs an existing file to change");
  });
});

describe("rename in a language whose importers the engine cannot update", () => {
  const GO_BEFORE = "package clock\n\nfunc ParseDate(s string) string {\n\treturn s\n}\n";
  const GO_AFTER = "package clock\n\nfunc ParseIsoDate(s string) string {\n\treturn s\n}\n";
  const goRename = () => {
    server.setScript([{ content: "```go\n" + GO_AFTER + "```" }]);
    const spec = proj.spec({ task_id: "rename-go", kind: "refactor", description: "rename ParseDate to ParseIsoDate", output_file: "clock/date.go", rename: { from: "ParseDate", to: "ParseIsoDate" } });
    return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
  };

  it("is refused before the model is called when another file uses the name, and nothing changes", async () => {
    proj.write("clock/date.go", GO_BEFORE);
    proj.write("cmd/main.go", 'package main\n\nimport "example.com/clock"\n\nfunc main() { println(clock.ParseDate("x")) }\n');
    const r = await goRename();
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^rename: `ParseDate` is also used in cmd\/main\.go; .*half done/);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
    expect(proj.read("clock/date.go")).toBe(GO_BEFORE);
  });

  it("goes ahead when no other file uses it", async () => {
    proj.write("clock/date.go", GO_BEFORE);
    const r = await goRename();
    expect(r.json).toMatchObject({ status: "success" });
    expect(proj.read("clock/date.go")).toBe(GO_AFTER);
  });
});

describe("rename with importers in Python", () => {
  const UTIL_BEFORE = "def get_foo(x):\n    return x * 2\n";
  const UTIL_AFTER = "def fetch_foo(x):\n    return x * 2\n";
  const py = {
    "pkg/__init__.py": "from .util import get_foo\n",
    "pkg/util.py": UTIL_BEFORE,
    "pkg/near.py": "from .util import get_foo as g\n\n\ndef twice(x):\n    return g(g(x))\n",
    "app.py": 'from pkg.util import get_foo\n\n# get_foo doubles\nLABEL = "get_foo"\nprint(get_foo(2), LABEL)\n',
    "other.py": "import pkg.util as u\nimport pkg.util\n\nprint(u.get_foo(1) + pkg.util.get_foo(1))\n",
    "main.py": "from pkg import get_foo\nfrom pkg import util\n\nprint(get_foo(3) + util.get_foo(3))\n",
    "unrelated.py": "def get_foo():\n    return 0\n\nclass K:\n    get_foo = 1\n",
    "check.py": "import app, other, main\nfrom pkg.near import twice\nassert twice(1) == 4\n",
  };

  it("renames the imports and the uses in every importer, leaves strings, comments and other modules alone", async () => {
    for (const [rel, content] of Object.entries(py)) proj.write(rel, content);
    server.setScript([{ content: "```python\n" + UTIL_AFTER + "```" }, { content: "```python\n" + UTIL_AFTER + "```" }]);
    const spec = proj.spec({ task_id: "rename-py", kind: "refactor", description: "rename get_foo to fetch_foo", output_file: "pkg/util.py", rename: { from: "get_foo", to: "fetch_foo" }, test_command: "python3 check.py" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed" });
    expect([...r.json.updated].sort()).toEqual(["app.py", "main.py", "other.py", "pkg/__init__.py", "pkg/near.py"]);
    expect(proj.read("pkg/__init__.py")).toBe("from .util import fetch_foo\n");
    expect(proj.read("pkg/near.py")).toBe("from .util import fetch_foo as g\n\n\ndef twice(x):\n    return g(g(x))\n");
    expect(proj.read("app.py")).toBe('from pkg.util import fetch_foo\n\n# get_foo doubles\nLABEL = "get_foo"\nprint(fetch_foo(2), LABEL)\n');
    expect(proj.read("other.py")).toBe("import pkg.util as u\nimport pkg.util\n\nprint(u.fetch_foo(1) + pkg.util.fetch_foo(1))\n");
    expect(proj.read("main.py")).toBe("from pkg import fetch_foo\nfrom pkg import util\n\nprint(fetch_foo(3) + util.fetch_foo(3))\n");
    expect(proj.read("unrelated.py")).toBe(py["unrelated.py"]);
  });

  it("puts every importer back when the tests fail", async () => {
    for (const [rel, content] of Object.entries(py)) proj.write(rel, content);
    server.setScript([{ content: "```python\n" + UTIL_AFTER + "```" }, { content: "```python\n" + UTIL_AFTER + "```" }]);
    const spec = proj.spec({ task_id: "rename-py", kind: "refactor", description: "rename get_foo to fetch_foo", output_file: "pkg/util.py", rename: { from: "get_foo", to: "fetch_foo" }, test_command: "python3 -c 'raise SystemExit(1)'" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    expect(r.json).toMatchObject({ status: "escalated" });
    for (const [rel, content] of Object.entries(py)) expect(proj.read(rel), rel).toBe(content);
  });
});
