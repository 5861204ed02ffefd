// Each real runner, where installed, exiting 0 without running a test (noTestsRan finds its
// summary) and, on the same project with one test added, running it (noTestsRan says nothing).
// jest is not a dependency: point LD_JEST_DIR at a folder where `npm install jest` was run.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/verify/command.js";
import { noTestsRan } from "../../../src/verify/no-tests.js";
import { tmpDir, type TmpDir } from "../../support/tmp-dir.js";
import { jestModules, linkModules, REPO, works } from "./support.js";

interface EmptyCase {
  name: string;
  missing: string | null;
  command: string;
  /** The project, whose tests the command does not find. */
  files: Record<string, string>;
  /** Added for the near miss: a test the command does find. */
  withTest: Record<string, string>;
  setup?: (dir: string) => void;
}

const CASES: EmptyCase[] = [
  {
    // Node 20's --test does not collect .ts files: the project's tests are not run.
    name: "node --test",
    missing: null,
    command: "node --test",
    files: { "package.json": '{"type":"module"}\n', "test/slug.test.ts": "throw new Error('never run');\n" },
    withTest: { "test/slug.test.mjs": 'import { test } from "node:test";\ntest("a", () => {});\n' },
  },
  {
    // unittest's default pattern is test*.py: tests/check_slug.py is not found.
    name: "python3 -m unittest",
    missing: works("python3 --version") ? null : "python3 is not installed",
    command: "python3 -m unittest",
    files: { "tests/__init__.py": "", "tests/check_slug.py": "import unittest\nclass T(unittest.TestCase):\n    def test_a(self):\n        pass\n" },
    withTest: { "tests/test_slug.py": "import unittest\nclass T(unittest.TestCase):\n    def test_a(self):\n        pass\n" },
  },
  {
    name: "vitest --passWithNoTests",
    missing: null,
    command: "./node_modules/.bin/vitest run --passWithNoTests",
    files: { "package.json": '{"type":"module"}\n', "src/slug.js": "export const slugify = (s) => s;\n" },
    withTest: { "test/slug.test.js": 'import { test } from "vitest";\ntest("a", () => {});\n' },
    setup: linkModules(() => join(REPO, "node_modules")),
  },
  {
    name: "jest --passWithNoTests",
    missing: jestModules() ? null : "jest is not installed (LD_JEST_DIR)",
    command: "./node_modules/.bin/jest --passWithNoTests",
    files: { "package.json": '{"name":"p"}\n', "src/slug.js": "module.exports = (s) => s;\n" },
    withTest: { "slug.test.js": 'test("a", () => {});\n' },
    setup: linkModules(() => jestModules()!),
  },
  {
    name: "cargo test",
    missing: works("cargo --version") ? null : "cargo is not installed",
    command: "cargo test --offline",
    files: { "Cargo.toml": '[package]\nname = "slug"\nversion = "0.1.0"\nedition = "2021"\n', "src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n" },
    withTest: { "tests/add.rs": "#[test]\nfn adds() {\n    assert_eq!(slug::add(1, 2), 3);\n}\n" },
  },
  {
    // Two packages: neither has tests, then one has.
    name: "go test ./...",
    missing: works("go version") ? null : "go is not installed",
    command: "go test ./...",
    files: { "go.mod": "module example.com/gm\n\ngo 1.19\n", "a/a.go": "package a\n\nfunc A() int { return 1 }\n", "b/b.go": "package b\n\nfunc B() int { return 1 }\n" },
    withTest: { "b/b_test.go": 'package b\n\nimport "testing"\n\nfunc TestB(t *testing.T) {\n\tif B() != 1 {\n\t\tt.Fatal("B")\n\t}\n}\n' },
  },
];

const dirs: TmpDir[] = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

function project(c: EmptyCase, files: Record<string, string>): string {
  const d = tmpDir("ld-empty-");
  dirs.push(d);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(d.path, rel)), { recursive: true });
    writeFileSync(join(d.path, rel), content);
  }
  c.setup?.(d.path);
  return d.path;
}

describe("a real runner that ran no test", () => {
  for (const c of CASES) {
    it.skipIf(c.missing !== null)(`${c.name}${c.missing ? ` (skipped: ${c.missing})` : ""}`, async () => {
      const empty = await runCommand(c.command, { cwd: project(c, c.files), timeoutMs: 240_000 });
      expect(empty.exitCode, empty.output).toBe(0);
      expect(noTestsRan(empty.output), empty.output).not.toBeNull();
      const real = await runCommand(c.command, { cwd: project(c, { ...c.files, ...c.withTest }), timeoutMs: 240_000 });
      expect(real.exitCode, real.output).toBe(0);
      expect(noTestsRan(real.output), real.output).toBeNull();
    }, 300_000);
  }
});
