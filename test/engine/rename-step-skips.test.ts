import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fail } from "../../src/errors.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { writeManyFiles } from "../support/many-files.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// Where the engine used to skip an importer without a word, leaving the rename half done and
// reporting success, the run now fails and every file is put back.

const faults = vi.hoisted(() => ({ grammar: false, refusePath: "" }));

// A grammar that cannot load (a damaged install), only for the importers' source: the model's own
// file (no import in it) still reads, as it would with a grammar that fails part way.
vi.mock("../../src/lang/tree-sitter.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/lang/tree-sitter.js")>();
  return {
    ...real,
    withTree: (async (source, language, use) =>
      faults.grammar && language === "python" && source.includes("import") ? fail("INTERNAL", "the grammar tree-sitter-python.wasm could not be loaded: simulated") : real.withTree(source, language, use)) as typeof real.withTree,
  };
});
// The project path check refusing one importer (a folder swapped for a link out of the project).
vi.mock("../../src/project/safe-path.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/project/safe-path.js")>();
  return {
    ...real,
    resolveInProject: ((root, input, field) =>
      field === "rename" && input === faults.refusePath ? fail("PATH_ESCAPE", "must stay inside the project (simulated)", { field }) : real.resolveInProject(root, input, field)) as typeof real.resolveInProject,
  };
});

const UTIL_BEFORE = "def get_foo(x):\n    return x * 2\n";
const UTIL_AFTER = "def fetch_foo(x):\n    return x * 2\n";
const APP = "from pkg.util import get_foo\n\nprint(get_foo(2))\n";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
  proj = tempProject({ "pkg/__init__.py": "", "pkg/util.py": UTIL_BEFORE, "app.py": APP });
});
afterEach(async () => {
  faults.grammar = false;
  faults.refusePath = "";
  await server.close();
  proj.cleanup();
});

async function rename() {
  server.setScript([{ content: "```python\n" + UTIL_AFTER + "```" }]);
  const spec = proj.spec({ task_id: "rename-py", kind: "refactor", description: "rename get_foo to fetch_foo", output_file: "pkg/util.py", rename: { from: "get_foo", to: "fetch_foo" } });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

function expectUntouched() {
  expect(proj.read("pkg/util.py")).toBe(UTIL_BEFORE);
  expect(proj.read("app.py")).toBe(APP);
}

describe("a rename the engine cannot finish fails the run, it does not skip", () => {
  it("when the Python grammar cannot load", async () => {
    faults.grammar = true;
    const r = await rename();
    expect(r.json, r.stdout).toMatchObject({ status: "failed" });
    expect(r.json.error).toMatch(/^`get_foo` cannot be renamed whole: app\.py cannot be read \(the grammar tree-sitter-python\.wasm could not be loaded: simulated\); every file is left as it was/);
    expectUntouched();
  });

  it("when an importer cannot be written inside the project", async () => {
    faults.refusePath = "app.py";
    const r = await rename();
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^rename: app\.py uses `get_foo` but cannot be updated: must stay inside the project \(simulated\)/);
    expectUntouched();
  });

  it("when the project has more files than the engine searches for importers", async () => {
    writeManyFiles(proj.root, 5_000, ".py", "x = 1\n");
    const r = await rename();
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^rename: the project has 5003 files that could use `get_foo`, more than the 5000 the engine searches/);
    expectUntouched();
  });
});
