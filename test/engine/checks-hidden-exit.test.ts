// runChecks on a test command whose exit code does not come from the runner: `npm test | tee log`
// exits with tee's 0, `pytest; echo done` with echo's. The runner said tests failed: never a pass.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runChecks } from "../../src/engine/checks.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { pytestPython, works } from "../verify/runners/support.js";

let proj: TmpDir;
beforeEach(() => {
  proj = tmpDir("ld-hidden-");
});
afterEach(() => proj.cleanup());

const run = (command: string, outputFile: string) => runChecks([{ kind: "tests", command }], proj.path, 120_000, undefined, undefined, undefined, outputFile).then((o) => o.failure);

const NODE_TEST = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { slugify } from "../src/slug.mjs";\ntest("dashes", () => assert.equal(slugify("a b"), "a-b"));\n';
const PY_TEST = "from slug import slugify\n\ndef test_dashes():\n    assert slugify('a b') == 'a-b'\n";
const GO_TEST = 'package slug\n\nimport "testing"\n\nfunc TestDashes(t *testing.T) {\n\tif got := Slugify("a b"); got != "a-b" {\n\t\tt.Fatalf("got %q", got)\n\t}\n}\n';
const RS_TEST = "#[test]\nfn dashes() {\n    assert_eq!(slug::slugify(\"a b\"), \"a-b\");\n}\n";

interface Case {
  name: string;
  missing: string | null;
  command: string;
  outputFile: string;
  files: Record<string, string>;
  /** The model's file, wrong, then right. */
  wrong: string;
  right: string;
}

const CASES: Case[] = [
  {
    name: "node --test | tee test.log",
    missing: null,
    command: "node --test | tee test.log",
    outputFile: "src/slug.mjs",
    files: { "package.json": '{"type":"module"}\n', "test/slug.test.mjs": NODE_TEST },
    wrong: "export const slugify = (s) => s.replace(/ /g, '_');\n",
    right: "export const slugify = (s) => s.replace(/ /g, '-');\n",
  },
  {
    name: "pytest; echo done",
    missing: pytestPython() ? null : "pytest is not installed",
    command: `${pytestPython()} -m pytest -p no:cacheprovider; echo done`,
    outputFile: "slug.py",
    files: { "test_slug.py": PY_TEST },
    wrong: "def slugify(s):\n    return s.replace(' ', '_')\n",
    right: "def slugify(s):\n    return s.replace(' ', '-')\n",
  },
  {
    name: "python3 -m unittest 2>&1 | tail -20",
    missing: works("python3 --version") ? null : "python3 is not installed",
    command: "python3 -m unittest 2>&1 | tail -20",
    outputFile: "slug.py",
    files: { "test_slug.py": `import unittest\n${PY_TEST.replace("def test_dashes():\n    assert slugify('a b') == 'a-b'", "class T(unittest.TestCase):\n    def test_dashes(self):\n        self.assertEqual(slugify('a b'), 'a-b')")}` },
    wrong: "def slugify(s):\n    return s.replace(' ', '_')\n",
    right: "def slugify(s):\n    return s.replace(' ', '-')\n",
  },
  {
    name: "go test ./... | cat",
    missing: works("go version") ? null : "go is not installed",
    command: "go test ./... | cat",
    outputFile: "slug.go",
    files: { "go.mod": "module example.com/slug\n\ngo 1.19\n", "slug_test.go": GO_TEST },
    wrong: 'package slug\n\nimport "strings"\n\nfunc Slugify(s string) string { return strings.ReplaceAll(s, " ", "_") }\n',
    right: 'package slug\n\nimport "strings"\n\nfunc Slugify(s string) string { return strings.ReplaceAll(s, " ", "-") }\n',
  },
  {
    name: "cargo test 2>&1 | tee test.log",
    missing: works("cargo --version") ? null : "cargo is not installed",
    command: "cargo test --offline 2>&1 | tee test.log",
    outputFile: "src/lib.rs",
    files: { "Cargo.toml": '[package]\nname = "slug"\nversion = "0.1.0"\nedition = "2021"\n', "tests/slug.rs": RS_TEST },
    wrong: 'pub fn slugify(s: &str) -> String {\n    s.replace(" ", "_")\n}\n',
    right: 'pub fn slugify(s: &str) -> String {\n    s.replace(" ", "-")\n}\n',
  },
  {
    // No summary the engine knows: only the runner's exit code can tell, and the pipe hides it.
    name: "a runner of the project's own, node check.mjs 2>&1 | tail -5",
    missing: null,
    command: "node check.mjs 2>&1 | tail -5",
    outputFile: "src/slug.mjs",
    files: {
      "package.json": '{"type":"module"}\n',
      "check.mjs": 'import { slugify } from "./src/slug.mjs";\nif (slugify("a b") !== "a-b") { console.log("slug: wrong"); process.exit(1); }\nconsole.log("slug: ok");\n',
    },
    wrong: "export const slugify = (s) => s.replace(/ /g, '_');\n",
    right: "export const slugify = (s) => s.replace(/ /g, '-');\n",
  },
  {
    name: "ruby minitest; echo done",
    missing: works("ruby -e 'require \"minitest\"'") ? null : "ruby's minitest is not installed",
    command: "ruby -Ilib test/slug_test.rb; echo done",
    outputFile: "lib/slug.rb",
    files: { "test/slug_test.rb": 'require "minitest/autorun"\nrequire "slug"\n\nclass SlugTest < Minitest::Test\n  def test_dashes\n    assert_equal "a-b", slugify("a b")\n  end\nend\n' },
    wrong: 'def slugify(s) = s.tr(" ", "_")\n',
    right: 'def slugify(s) = s.tr(" ", "-")\n',
  },
  {
    // doctest.testfile() prints its failures and returns: the script exits 0 whatever they are.
    name: "python3 run_doctests.py (doctest.testfile)",
    missing: works("python3 --version") ? null : "python3 is not installed",
    command: "python3 run_doctests.py",
    outputFile: "slug.py",
    files: { "docs/slug.txt": ">>> from slug import slugify\n>>> slugify('a b')\n'a-b'\n", "run_doctests.py": "import doctest\n\ndoctest.testfile('docs/slug.txt')\n" },
    wrong: "def slugify(s):\n    return s.replace(' ', '_')\n",
    right: "def slugify(s):\n    return s.replace(' ', '-')\n",
  },
  {
    name: "make test; echo done",
    missing: works("make --version") ? null : "make is not installed",
    command: "make test; echo done",
    outputFile: "src/slug.mjs",
    files: {
      "package.json": '{"type":"module"}\n',
      Makefile: "test:\n\tnode check.mjs\n",
      "check.mjs": 'import { slugify } from "./src/slug.mjs";\nif (slugify("a b") !== "a-b") process.exit(1);\n',
    },
    wrong: "export const slugify = (s) => s.replace(/ /g, '_');\n",
    right: "export const slugify = (s) => s.replace(/ /g, '-');\n",
  },
];

describe("a runner's failure hidden behind the exit code of the command", () => {
  for (const c of CASES) {
    it.skipIf(c.missing !== null)(`${c.name}${c.missing ? ` (skipped: ${c.missing})` : ""}`, async () => {
      for (const [rel, content] of Object.entries(c.files)) proj.write(rel, content);
      proj.write(c.outputFile, c.wrong);
      const f = await run(c.command, c.outputFile);
      expect(f, "a failing test reported as a pass").not.toBeNull();
      expect(f).toMatchObject({ kind: "tests", message: expect.stringMatching(/^tests failed: /) });
      expect(f!.fault).toBeUndefined();
      // Near miss: the right file passes through the same pipeline.
      proj.write(c.outputFile, c.right);
      expect(await run(c.command, c.outputFile)).toBeNull();
    }, 240_000);
  }
});
