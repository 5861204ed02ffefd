import { describe, expect, it } from "vitest";
import { renamePythonImporter } from "../../src/refactor/rename-python.js";
import { importsModule, resolveModule } from "../../src/refactor/python-modules.js";

const FILES = new Set(["pkg/__init__.py", "pkg/mod.py", "src/lib/__init__.py", "src/lib/core.py", "tools/util.py", "util.py", "tests/test_a.py"]);
const exists = (rel: string) => FILES.has(rel);

/** Renames `validate` to `check_valid` in `importer`; a refusal throws its message. */
async function rename(source: string, importer = "app.py", targets = ["pkg/mod.py"]) {
  const r = await renamePythonImporter(source, { importerRel: importer, targets: new Set(targets), from: "validate", to: "check_valid", exists });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("resolveModule", () => {
  it.each([
    ["tests/test_a.py", "pkg", "pkg/__init__.py", "a top-level package from another folder"],
    ["tests/test_a.py", "pkg.mod", "pkg/mod.py", "a dotted module from another folder"],
    ["tests/test_a.py", "lib.core", "src/lib/core.py", "the src layout"],
    ["pkg/mod.py", ".", "pkg/__init__.py", "the package itself, relatively"],
    ["pkg/mod.py", "..util", "util.py", "a package up"],
    ["pkg/mod.py", "...util", null, "nothing above the project"],
    ["tools/run.py", "util", "tools/util.py", "the script's own folder first"],
    ["app.py", "util", "util.py", "the root"],
    ["app.py", "json", null, "a module of no project file"],
  ] as [string, string, string | null, string][])("%s: %j is %s (%s)", (importer, module, file) => {
    expect(resolveModule(importer, module, exists)).toBe(file);
  });

  it("without the project's files, knows only the targets", () => {
    expect(importsModule("tests/test_a.py", "pkg", new Set(["pkg/__init__.py"]))).toBe(true);
    expect(importsModule("tools/run.py", "util", new Set(["util.py"]), exists)).toBe(false);
  });
});

describe("renamePythonImporter", () => {
  it("renames an unaliased import and its uses, not keyword arguments, attributes, strings or comments", async () => {
    const src = 'from pkg.mod import validate\n\n# validate it\nprocess([1], validate=False)\nok = validate(1) and obj.validate and "validate"\n';
    expect(await rename(src)).toEqual({
      content: 'from pkg.mod import check_valid\n\n# validate it\nprocess([1], validate=False)\nok = check_valid(1) and obj.validate and "validate"\n',
      reexports: true,
    });
  });

  it("renames only inside the function whose import binds the name", async () => {
    const src = "def run():\n    from pkg.mod import validate\n    return validate(1)\n\n\ndef later():\n    return validate\n";
    expect((await rename(src))?.content).toBe("def run():\n    from pkg.mod import check_valid\n    return check_valid(1)\n\n\ndef later():\n    return validate\n");
    expect((await rename(src))?.reexports).toBe(false);
  });

  it("leaves a same-named variable of another scope alone: a sibling function's import, an enclosing def", async () => {
    const src = [
      "def validate(x):",
      "    return 'own'",
      "",
      "",
      "def run():",
      "    from pkg.mod import validate",
      "    return validate(1)",
      "",
      "",
      "def legacy(check_valid=1):",
      "    from legacy import validate",
      "    return validate(2)",
      "",
    ].join("\n");
    expect((await rename(src))?.content).toBe(src.replace("import validate\n    return validate(1)", "import check_valid\n    return check_valid(1)"));
  });

  it.each([
    ["a parameter", "def process(items, validate=True):\n    return items\n", "line 3"],
    ["a method", "class Form:\n    def validate(self):\n        return 1\n", "line 4"],
    ["a class attribute", "class Form:\n    validate = None\n", "line 4"],
    ["an assignment", "validate = validate or None\n", "line 3"],
    ["a for target", "for validate in []:\n    pass\n", "line 3"],
    ["a with target", "with open('x') as validate:\n    pass\n", "line 3"],
    ["an except target", "try:\n    pass\nexcept Exception as validate:\n    pass\n", "line 5"],
    ["a lambda parameter", "f = lambda validate: validate\n", "line 3"],
    ["another import", "from other import validate\n", "line 3"],
  ])("refuses a file that also binds the name itself: %s", async (_what, rest, line) => {
    await expect(rename(`from pkg.mod import validate\n\n${rest}`)).rejects.toThrow(new RegExp(`app\\.py imports \`validate\` and also binds that name itself \\(${line}\\)`));
  });

  it("refuses when the new name is already used in the file, and not when only an attribute has it", async () => {
    await expect(rename("from pkg.mod import validate\n\ncheck_valid = 1\nvalidate(check_valid)\n")).rejects.toThrow(/already uses the name `check_valid` \(line 3\)/);
    expect((await rename("from pkg.mod import validate\n\nvalidate(obj.check_valid)\n"))?.content).toBe("from pkg.mod import check_valid\n\ncheck_valid(obj.check_valid)\n");
  });

  it("renames an aliased import's name only, and the new name may be used elsewhere then", async () => {
    expect(await rename("from pkg.mod import validate as v\n\ncheck_valid = v\n")).toEqual({ content: "from pkg.mod import check_valid as v\n\ncheck_valid = v\n", reexports: false });
  });

  it("follows module imports through attributes: a package prefix, an alias, a relative import", async () => {
    expect((await rename("import pkg\n\npkg.mod.validate(1)\npkg.validate(1)\n"))?.content).toBe("import pkg\n\npkg.mod.check_valid(1)\npkg.validate(1)\n");
    expect((await rename("import pkg.mod as m\n\nm.validate(1)\n"))?.content).toBe("import pkg.mod as m\n\nm.check_valid(1)\n");
    expect((await rename("from . import mod\n\nmod.validate(1)\n", "pkg/other.py"))?.content).toBe("from . import mod\n\nmod.check_valid(1)\n");
    // Through a package that passes the name on.
    expect((await rename("import pkg\n\npkg.validate(1)\n", "tests/test_a.py", ["pkg/mod.py", "pkg/__init__.py"]))?.content).toBe("import pkg\n\npkg.check_valid(1)\n");
  });

  it("refuses a star import whose name is used, and passes a bare one on, with its __all__", async () => {
    await expect(rename("from pkg.mod import *\n\nvalidate(1)\n")).rejects.toThrow(/imports everything from the module \(`from pkg\.mod import \*`, line 1\) and uses `validate` \(line 3\)/);
    expect(await rename('from .mod import *\n\n__all__ = ["validate", "other"]\n', "pkg/__init__.py")).toEqual({
      content: 'from .mod import *\n\n__all__ = ["check_valid", "other"]\n',
      reexports: true,
    });
  });

  it("updates __all__ in a package passing the name on, in every form", async () => {
    const src = 'from .mod import validate\n\n__all__ = ("validate",)\n__all__ += ["validate"]\n__all__.append("validate")\nNAME = "validate"\n';
    expect((await rename(src, "pkg/__init__.py"))?.content).toBe(
      'from .mod import check_valid\n\n__all__ = ("check_valid",)\n__all__ += ["check_valid"]\n__all__.append("check_valid")\nNAME = "validate"\n',
    );
  });

  it("refuses an import from a module it cannot place whose name is the target's", async () => {
    await expect(rename("from app.mod import validate\n\nvalidate(1)\n")).rejects.toThrow(/imports `validate` from `app\.mod` \(line 1\), a module the engine cannot find/);
    expect(await rename("from json import validate\n\nvalidate(1)\n")).toBeNull();
  });

  it("is null for a file that uses the name from elsewhere only", async () => {
    expect(await rename("from tools.util import validate\n\nvalidate(1)\n")).toBeNull();
  });

  it("refuses a string naming the symbol through its module: a patch target, a getattr", async () => {
    await expect(rename('from unittest import mock\n\nwith mock.patch("pkg.mod.validate"):\n    pass\n', "tests/test_a.py")).rejects.toThrow(
      /tests\/test_a\.py names `pkg\.mod\.validate` in a string \(line 3\), which the engine does not rename/,
    );
    await expect(rename('from unittest import mock\nfrom pkg import mod\n\nmock.patch.object(mod, "validate")\n')).rejects.toThrow(/names `validate` in a string \(line 4\)/);
    await expect(rename('import pkg.mod as m\n\nf = getattr(m, "validate")\n')).rejects.toThrow(/names `validate` in a string \(line 3\)/);
  });

  it("leaves strings that do not reach the module: a label, another module's path, another object's attribute", async () => {
    expect(await rename('import json\n\nLABEL = "validate"\nP = "json.validate"\nQ = "pkg.other.validate"\ngetattr(json, "validate")\n')).toBeNull();
  });

  it("refuses a package passing the module on with import * that defines or imports the new name itself", async () => {
    await expect(rename("from .mod import *\n\n\ndef check_valid(x):\n    return 0\n", "pkg/__init__.py")).rejects.toThrow(
      /pkg\/__init__\.py already defines `check_valid` \(line 4\), which would clash with the renamed name it passes on/,
    );
    await expect(rename("from .mod import *\nfrom .other import check_valid\n", "pkg/__init__.py")).rejects.toThrow(/already defines `check_valid` \(line 2\)/);
    // Inside a function, or as an attribute, the name is not the package's.
    expect(await rename("from .mod import *\n\n\ndef f(check_valid=1):\n    return obj.check_valid\n", "pkg/__init__.py")).toEqual({
      content: "from .mod import *\n\n\ndef f(check_valid=1):\n    return obj.check_valid\n",
      reexports: true,
    });
  });

  it("renames forward references in string annotations after a module-level import, and refuses them under a star import", async () => {
    expect((await rename('from pkg.mod import validate\n\nx: "validate | None" = None\ny: "m.validate" = 1\nvalidate(1)\n'))?.content).toBe(
      'from pkg.mod import check_valid\n\nx: "check_valid | None" = None\ny: "m.validate" = 1\ncheck_valid(1)\n',
    );
    await expect(rename('from pkg.mod import *\n\n\ndef f(v: "validate"):\n    pass\n')).rejects.toThrow(/imports everything from the module \(`from pkg\.mod import \*`, line 1\) and uses `validate` \(line 4\)/);
  });
});

describe("a module loaded by name (importlib.import_module, __import__)", () => {
  it.each([
    ['import importlib\nm = importlib.import_module("pkg.mod")\n', /loads `pkg\.mod` by name \(line 2\)/],
    ['import importlib as il\nm = il.import_module("pkg.mod")\nm.other()\n', /loads `pkg\.mod` by name/],
    ['from importlib import import_module\nm = import_module(".mod", "pkg")\n', /loads `\.mod` by name/],
    ['m = __import__("app.pkg.mod")\n', /loads `app\.pkg\.mod` by name/],
    ['import importlib\nm = importlib.import_module(f"pkg.{x}")\nm.validate(1)\n', /loads a module by a name it computes \(line 2\) and mentions `validate`/],
    ['import importlib\nm = importlib.import_module(name="pkg.mod")\ngetattr(m, "validate")\n', /a name it computes/],
    ['import importlib\nm = importlib.import_module("pkg." + "mod")  # validate\n', /a name it computes/],
    ['assert __import__("pkg.mod").mod.validate(1)\n', /loads `pkg\.mod` by name/],
    ['assert __import__("pkg").mod.validate(1)\n', /loads `pkg` by name/],
  ])("refuses %j", async (source, why) => {
    await expect(rename(source)).rejects.toThrow(why);
  });

  it("leaves a load of another module, and a computed one in a file that does not name the function", async () => {
    expect(await rename('import importlib\njson = importlib.import_module("json")\nvalidate = 1\n')).toBeNull();
    expect(await rename('import importlib\nutil = importlib.import_module("util")\nutil.validate(1)\n')).toBeNull();
    expect(await rename("import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n")).toBeNull();
    expect(await rename('__import__("pkg")\n')).toBeNull();
  });
});
