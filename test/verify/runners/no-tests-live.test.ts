// Each real runner, where installed, exiting 0 without running a test (noTestsRan finds its
// summary) and, on the same project with one test added, running it (noTestsRan says nothing).
// The second list: every test the runner found is skipped, then one of them is not.
// jest is not a dependency: point LD_JEST_DIR at a folder where `npm install jest` was run.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/verify/command.js";
import { noTestsRan } from "../../../src/verify/no-tests.js";
import { tmpDir, type TmpDir } from "../../support/tmp-dir.js";
import { JUNIT_JAR, jestModules, linkModules, MAVEN_REPO, pytestPython, REPO, works } from "./support.js";

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

const minitestMissing = works("ruby -e 'require \"minitest\"'") ? null : "ruby's minitest is not installed";
const RB_SKIPPED = 'require "minitest/autorun"\nrequire "slug"\n\nclass SlugTest < Minitest::Test\n  def test_a\n    skip "later"\n    assert_equal 2, one\n  end\nend\n';
const RB_ONE_RUNS = RB_SKIPPED.replace('    skip "later"\n    assert_equal 2', "    assert_equal 1");

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
  {
    // The test file only requires the code; the test class is not written yet.
    name: "ruby minitest",
    missing: minitestMissing,
    command: "ruby -Ilib test/slug_test.rb",
    files: { "lib/slug.rb": "def one = 1\n", "test/slug_test.rb": 'require "minitest/autorun"\nrequire "slug"\n' },
    withTest: { "test/slug_test.rb": RB_ONE_RUNS },
  },
];

const PY_SKIPPED = "import unittest\nclass T(unittest.TestCase):\n    @unittest.skip('later')\n    def test_a(self):\n        self.fail()\n    def test_b(self):\n        self.skipTest('later')\n";
const PY_ONE_RUNS = PY_SKIPPED.replace("self.skipTest('later')", "pass");
const NODE_SKIPPED = 'import { test } from "node:test";\ntest("a", { skip: true }, () => { throw new Error("x"); });\ntest.todo("b", () => { throw new Error("x"); });\ntest("c", (t) => t.skip("later"));\n';
const JS_SKIPPED = 'test.skip("a", () => { throw new Error("x"); });\ntest.todo("b");\n';
const RS_SKIPPED = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n#[cfg(test)]\nmod t {\n    #[test]\n    #[ignore]\n    fn a() {\n        assert_eq!(super::add(1, 2), 4);\n    }\n}\n";
const GO_SKIPPED = 'package b\n\nimport "testing"\n\nfunc TestB(t *testing.T) {\n\tt.Skip("later")\n\tif B() != 2 {\n\t\tt.Fatal("B")\n\t}\n}\n';
const JAVA_SKIPPED = "import static org.junit.jupiter.api.Assertions.assertEquals;\nimport org.junit.jupiter.api.Assumptions;\nimport org.junit.jupiter.api.Disabled;\nimport org.junit.jupiter.api.Test;\n\nclass SlugTest {\n    @Test\n    @Disabled(\"later\")\n    void a() {\n        assertEquals(2, Slug.one());\n    }\n\n    @Test\n    void b() {\n        Assumptions.assumeTrue(false);\n        assertEquals(2, Slug.one());\n    }\n}\n";
const JAVA_ONE_RUNS = JAVA_SKIPPED.replace("Assumptions.assumeTrue(false);\n        assertEquals(2", "assertEquals(1");
const SLUG_JAVA = "public class Slug {\n    public static int one() {\n        return 1;\n    }\n}\n";
const junitMissing = existsSync(JUNIT_JAR) && works("javac -version") ? null : "JUnit's console launcher or javac is not installed";
const mavenMissing = existsSync(`${MAVEN_REPO}/org/apache/maven/plugins/maven-surefire-plugin/2.22.3`) && works("mvn --version") ? null : "Maven with Debian's surefire is not installed";
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>slug</artifactId><version>1.0</version>
  <properties><maven.compiler.source>17</maven.compiler.source><maven.compiler.target>17</maven.compiler.target><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-engine</artifactId><version>5.9.2</version><scope>test</scope></dependency></dependencies>
  <build><plugins>
    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.0</version></plugin>
    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.10.1</version></plugin>
    <plugin><artifactId>maven-surefire-plugin</artifactId><version>2.22.3</version></plugin>
  </plugins></build>
</project>
`;

const SKIPPED: EmptyCase[] = [
  {
    name: "node --test",
    missing: null,
    command: "node --test",
    files: { "package.json": '{"type":"module"}\n', "test/slug.test.mjs": NODE_SKIPPED },
    withTest: { "test/slug.test.mjs": `${NODE_SKIPPED}test("d", () => {});\n` },
  },
  {
    name: "python3 -m unittest",
    missing: works("python3 --version") ? null : "python3 is not installed",
    command: "python3 -m unittest",
    files: { "test_slug.py": PY_SKIPPED },
    withTest: { "test_slug.py": PY_ONE_RUNS },
  },
  {
    name: "pytest",
    missing: pytestPython() ? null : "pytest is not installed",
    command: `${pytestPython()} -m pytest -p no:cacheprovider`,
    files: { "test_slug.py": PY_SKIPPED },
    withTest: { "test_slug.py": PY_ONE_RUNS },
  },
  {
    name: "vitest",
    missing: null,
    command: "./node_modules/.bin/vitest run",
    files: { "package.json": '{"type":"module"}\n', "test/slug.test.js": `import { test } from "vitest";\n${JS_SKIPPED}` },
    withTest: { "test/slug.test.js": `import { test } from "vitest";\n${JS_SKIPPED}test("c", () => {});\n` },
    setup: linkModules(() => join(REPO, "node_modules")),
  },
  {
    name: "jest",
    missing: jestModules() ? null : "jest is not installed (LD_JEST_DIR)",
    command: "./node_modules/.bin/jest",
    files: { "package.json": '{"name":"p"}\n', "slug.test.js": JS_SKIPPED },
    withTest: { "slug.test.js": `${JS_SKIPPED}test("c", () => {});\n` },
    setup: linkModules(() => jestModules()!),
  },
  {
    name: "cargo test",
    missing: works("cargo --version") ? null : "cargo is not installed",
    command: "cargo test --offline",
    files: { "Cargo.toml": '[package]\nname = "slug"\nversion = "0.1.0"\nedition = "2021"\n', "src/lib.rs": RS_SKIPPED },
    withTest: { "tests/add.rs": "#[test]\nfn adds() {\n    assert_eq!(slug::add(1, 2), 3);\n}\n" },
  },
  {
    name: "go test -v ./...",
    missing: works("go version") ? null : "go is not installed",
    command: "go test -v ./...",
    files: { "go.mod": "module example.com/gm\n\ngo 1.19\n", "a/a.go": "package a\n\nfunc A() int { return 1 }\n", "b/b.go": "package b\n\nfunc B() int { return 1 }\n", "b/b_test.go": GO_SKIPPED },
    withTest: { "a/a_test.go": 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) {\n\tif A() != 1 {\n\t\tt.Fatal("A")\n\t}\n}\n' },
  },
  {
    name: "JUnit console launcher",
    missing: junitMissing,
    command: `mkdir -p out && javac -d out -cp ${JUNIT_JAR} src/Slug.java test/SlugTest.java && java -jar ${JUNIT_JAR} --class-path out --scan-class-path --disable-banner`,
    files: { "src/Slug.java": SLUG_JAVA, "test/SlugTest.java": JAVA_SKIPPED },
    withTest: { "test/SlugTest.java": JAVA_ONE_RUNS },
  },
  {
    name: "Maven surefire",
    missing: mavenMissing,
    command: `mvn -o -B -Dmaven.repo.local=${MAVEN_REPO} test`,
    files: { "pom.xml": POM, "src/main/java/Slug.java": SLUG_JAVA, "src/test/java/SlugTest.java": JAVA_SKIPPED },
    withTest: { "src/test/java/SlugTest.java": JAVA_ONE_RUNS },
  },
  {
    name: "ruby minitest",
    missing: minitestMissing,
    command: "ruby -Ilib test/slug_test.rb",
    files: { "lib/slug.rb": "def one = 1\n", "test/slug_test.rb": RB_SKIPPED },
    withTest: { "test/slug_test.rb": RB_ONE_RUNS },
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

describe.each([
  ["a real runner that ran no test", CASES],
  ["a real runner whose every test was skipped", SKIPPED],
])("%s", (_what, cases) => {
  for (const c of cases) {
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
