import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renameHarness } from "../support/rename-run.js";

// `importlib.import_module("pkg.mod")` and `__import__("pkg.mod")` reach a module by a string the
// rename cannot follow: renaming the module left such a file failing at run time under a
// `success`. A Python rename is refused when a file loads the renamed module that way, or loads a
// module by a name it computes and mentions the old name. python3 itself shows each file does
// reach the renamed module.

const BEFORE = "def validate(x):\n    return x > 0\n";
const AFTER = "def check_valid(x):\n    return x > 0\n";

const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-validate", file: "pkg/mod.py", fence: "python", before: BEFORE, after: AFTER, from: "validate", to: "check_valid" });

/** `import app` works as the project is, and fails once the module has the model's new name. */
function expectReaches(module: string) {
  const python = () => spawnSync("python3", ["-c", `import ${module}`], { cwd: proj().root, encoding: "utf8" });
  expect(python().status, python().stderr).toBe(0);
  proj().write("pkg/mod.py", AFTER);
  const broken = python();
  expect(broken.status).not.toBe(0);
  expect(broken.stderr).toContain("has no attribute 'validate'");
}

describe("Python importers through importlib and __import__", () => {
  it("refuses importlib.import_module with the module's name", async () => {
    const files = { "pkg/__init__.py": "", "app.py": 'import importlib\n\nassert importlib.import_module("pkg.mod").validate(1)\n' };
    expectRefused(await rename(files), files, /^rename: `validate` cannot be renamed whole: app\.py loads `pkg\.mod` by name \(line 3\), which the engine cannot follow/);
    expectReaches("app");
  });

  it("refuses __import__ with the module's name", async () => {
    const files = { "pkg/__init__.py": "", "app.py": '__import__("pkg.mod")\nimport sys\n\nassert sys.modules["pkg.mod"].validate(1)\n' };
    expectRefused(await rename(files), files, /app\.py loads `pkg\.mod` by name \(line 1\)/);
    expectReaches("app");
  });

  it("refuses import_module with a computed name in a file that mentions the old name", async () => {
    const files = { "pkg/__init__.py": "", "app.py": 'from importlib import import_module\n\nNAME = "pkg." + "mod"\nassert getattr(import_module(NAME), "validate")(1)\n' };
    expectRefused(await rename(files), files, /app\.py loads a module by a name it computes \(line 4\) and mentions `validate`/);
    expectReaches("app");
  });

  it("renames as before beside a dynamic import of another module, or a computed one in a file not naming the function", async () => {
    const files = {
      "pkg/__init__.py": "",
      "other.py": 'import importlib\nfrom pkg.mod import validate\n\njson = importlib.import_module("json")\nassert validate(1) and json.loads("1") == 1\n',
      "plugins.py": "import importlib\n\n\ndef load(name):\n    return importlib.import_module(name)\n",
    };
    const r = await rename(files, 'python3 -c "import other, plugins"');
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: ["other.py"] });
    expect(proj().read("other.py")).toBe(files["other.py"].replaceAll("validate", "check_valid"));
  });
});
