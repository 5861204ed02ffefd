import { describe, expect, it } from "vitest";
import { renameHarness } from "../support/rename-run.js";

// A Python rename is done whole, or refused with the file named and every file as it was. Where
// the project itself shows the rename worked, the test command imports it.

const MOD_BEFORE = "def validate(x):\n    return x > 0\n";
const MOD_AFTER = "def check_valid(x):\n    return x > 0\n";

const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-validate", file: "pkg/mod.py", fence: "python", before: MOD_BEFORE, after: MOD_AFTER, from: "validate", to: "check_valid" });

describe("Python importers the engine used to miss", () => {
  it("a package imported from another folder, a package prefix reaching the module, and __all__", async () => {
    const files = {
      "pkg/__init__.py": 'from .mod import validate\n\n__all__ = ["validate"]\n',
      "tests/test_a.py": "from pkg import validate\n\nassert validate(1)\n",
      "cli.py": "import pkg\n\nassert pkg.mod.validate(1)\n",
    };
    // `from pkg import *` fails when __all__ names what pkg no longer has.
    const r = await rename(files, 'python3 -c "import cli, tests.test_a; from pkg import *"');
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed" });
    expect([...r.json.updated].sort()).toEqual(["cli.py", "pkg/__init__.py", "tests/test_a.py"]);
    expect(proj().read("pkg/__init__.py")).toBe('from .mod import check_valid\n\n__all__ = ["check_valid"]\n');
    expect(proj().read("tests/test_a.py")).toBe("from pkg import check_valid\n\nassert check_valid(1)\n");
    expect(proj().read("cli.py")).toBe("import pkg\n\nassert pkg.mod.check_valid(1)\n");
  });

  it("a package passing the module on with `import *`: its importers are renamed", async () => {
    const r = await rename({ "pkg/__init__.py": "from .mod import *\n", "main.py": "from pkg import validate\n\nassert validate(1)\n" }, 'python3 -c "import main"');
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: ["main.py"] });
    expect(proj().read("main.py")).toBe("from pkg import check_valid\n\nassert check_valid(1)\n");
    expect(proj().read("pkg/__init__.py")).toBe("from .mod import *\n");
  });

  it("a star import whose name is used is refused, naming the file", async () => {
    const files = { "app.py": "from pkg.mod import *\n\nprint(validate(1))\n" };
    expectRefused(await rename(files), files, /^rename: `validate` cannot be renamed whole: app\.py imports everything from the module \(`from pkg\.mod import \*`, line 1\) and uses `validate` \(line 3\)/);
  });

  it("a stub beside the module that declares the old name is refused", async () => {
    const files = { "pkg/mod.pyi": "def validate(x: int) -> bool: ...\n" };
    expectRefused(await rename(files), files, /^rename: `validate` is also declared in pkg\/mod\.pyi, beside the renamed file/);
  });
});

describe("Python names the engine used to rename wrongly", () => {
  it("a parameter of the imported name is refused (its keyword callers would break)", async () => {
    const files = { "jobs.py": "from pkg.mod import validate\n\n\ndef process(items, validate=True):\n    return items if validate else []\n\n\nprocess([1], validate=False)\n" };
    expectRefused(await rename(files), files, /jobs\.py imports `validate` and also binds that name itself \(line 4\)/);
  });

  it("a method of the imported name is refused (its callers are attributes)", async () => {
    const files = { "forms.py": "from pkg.mod import validate\n\n\nclass Form:\n    def validate(self):\n        return validate(1)\n\n\nForm().validate()\n" };
    expectRefused(await rename(files), files, /forms\.py imports `validate` and also binds that name itself \(line 5\)/);
  });

  it("a new name the importer already uses is refused (the import would shadow it)", async () => {
    const files = { "guard.py": "from pkg.mod import validate\n\n\ndef check_valid(x):\n    return validate(x)\n" };
    expectRefused(await rename(files), files, /guard\.py already uses the name `check_valid` \(line 4\)/);
  });

  it("a function-local import renames that function's uses only; a sibling's same-named import and keyword arguments stay", async () => {
    const tasks = [
      "def run(items=(1,)):",
      "    from pkg.mod import validate",
      "    return sorted(items, key=validate, reverse=validate(1))",
      "",
      "",
      "def old():",
      "    from legacy import validate",
      "    return validate(2)",
      "",
      "",
      "assert run() == [1] and old() == 'legacy'",
      "",
    ].join("\n");
    const r = await rename({ "legacy.py": "def validate(x):\n    return 'legacy'\n", "tasks.py": tasks }, 'python3 -c "import tasks"');
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: ["tasks.py"] });
    expect(proj().read("tasks.py")).toBe(tasks.replace("import validate\n    return sorted(items, key=validate, reverse=validate(1))", "import check_valid\n    return sorted(items, key=check_valid, reverse=check_valid(1))"));
  });
});

describe("Python strings that name the symbol through its module", () => {
  it("a test patching it by its dotted path is refused, naming the file and line", async () => {
    const files = {
      "tests/test_mod.py": 'import unittest\nfrom unittest import mock\n\nimport pkg.mod\n\n\nclass T(unittest.TestCase):\n    @mock.patch("pkg.mod.validate", return_value=False)\n    def test_patched(self, _):\n        self.assertFalse(pkg.mod.validate(1))\n',
    };
    expectRefused(await rename(files), files, /^rename: `validate` cannot be renamed whole: tests\/test_mod\.py names `pkg\.mod\.validate` in a string \(line 8\)/);
  });
});

describe("a package passing the module on that already has the new name", () => {
  it("is refused: `from pkg import check_valid` would get the package's own function", async () => {
    const files = { "pkg/__init__.py": "from .mod import *\n\n\ndef check_valid(x):\n    return 'own'\n", "main.py": "from pkg import validate\n\nassert validate(1)\n" };
    expectRefused(await rename(files), files, /^rename: `validate` cannot be renamed whole: pkg\/__init__\.py already defines `check_valid` \(line 4\)/);
  });
});

describe("a forward reference in a string annotation", () => {
  it("follows the rename, so what evaluates the annotations (typing, pydantic) still finds the name", async () => {
    const files = { "svc.py": 'import typing\n\nfrom pkg.mod import validate\n\n\ndef run(v: "validate", w: "list[validate]" = []) -> "validate":\n    return validate\n\n\nLABEL = "validate"\nassert typing.get_type_hints(run)\n' };
    const r = await rename(files, 'python3 -c "import svc"');
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: ["svc.py"] });
    expect(proj().read("svc.py")).toBe('import typing\n\nfrom pkg.mod import check_valid\n\n\ndef run(v: "check_valid", w: "list[check_valid]" = []) -> "check_valid":\n    return check_valid\n\n\nLABEL = "validate"\nassert typing.get_type_hints(run)\n');
  });
});
