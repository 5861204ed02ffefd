// pytest (and unittest), go test, cargo test and JUnit (console launcher, Maven surefire) projects:
// one assertion the model's file fails, a name it did not define, and the command faults.
import { existsSync } from "node:fs";
import { JUNIT_JAR, MAVEN_REPO, need, pytestPython, type RunnerCase } from "./support.js";

const SLUG_PY = `def slugify(s):\n    return s.lower().replace(" ", "_")\n`;
const TEST_PY = `from slug import slugify


def test_joins_words_with_dashes():
    assert slugify("Hello World") == "hello-world"


def test_keeps_one_word():
    assert slugify("Hello") == "hello"
`;
const UNITTEST_PY = `import unittest
from slug import slugify


class SlugTest(unittest.TestCase):
    def test_joins_words_with_dashes(self):
        self.assertEqual(slugify("Hello World"), "hello-world")


if __name__ == "__main__":
    unittest.main()
`;
const py = (name: string, files: Record<string, string>, rest: Partial<RunnerCase>): RunnerCase => ({
  name,
  runner: "pytest",
  missing: () => (pytestPython() ? null : "pytest is not installed (python3 -m pytest)"),
  files: { "slug.py": SLUG_PY, "tests/__init__.py": "", ...files },
  get command() {
    return `${pytestPython() ?? "python3"} -m pytest -p no:cacheprovider`;
  },
  outputFile: "slug.py",
  // The machine's plugins (hypothesis, benchmark…) only slow the start and change nothing here.
  env: { PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
  ...rest,
});

export const PYTHON_CASES: RunnerCase[] = [
  py("pytest-assert", { "tests/test_slug.py": TEST_PY }, { first: { has: ["'hello_world'", "'hello-world'"], test: "test_joins_words_with_dashes", at: "tests/test_slug.py:5" } }),
  py("pytest-import-name", { "slug.py": "def other():\n    pass\n", "tests/test_slug.py": TEST_PY }, { first: { has: ["cannot import name 'slugify'"], at: "tests/test_slug.py:1" } }),
  py("pytest-test-syntax", { "tests/test_slug.py": TEST_PY.replace(`== "hello-world"`, `== "hello-world"(`) }, { fault: ["SyntaxError", "tests/test_slug.py:5", "did not write"] }),
  py("pytest-missing-module", { "tests/test_slug.py": TEST_PY.replace("from slug import", "from slugs import") }, { fault: ["No module named 'slugs'", "tests/test_slug.py"] }),
  {
    ...py("pytest-no-test-file", {}, {}),
    get command() {
      return `${pytestPython() ?? "python3"} -m pytest -p no:cacheprovider tests/test_missing.py`;
    },
    fault: ["file or directory not found: tests/test_missing.py"],
  },
  {
    name: "unittest-assert",
    runner: "unittest",
    missing: need("python3 --version", "python3"),
    files: { "slug.py": SLUG_PY, "tests/__init__.py": "", "tests/test_unit.py": UNITTEST_PY },
    command: "python3 -m unittest tests.test_unit",
    outputFile: "slug.py",
    first: { has: ["'hello_world' != 'hello-world'"], test: "SlugTest.test_joins_words_with_dashes", at: "tests/test_unit.py:7" },
  },
  // A -k filter that kept no test, and a project whose only summary is a conftest's warning: exit 5, no test ran.
  { ...py("pytest-all-deselected", { "tests/test_slug.py": TEST_PY }, {}), command: `${pytestPython() ?? "python3"} -m pytest -p no:cacheprovider -k slugify_unicode`, fault: ["no test ran (2 deselected in"] },
  { ...py("pytest-no-tests-warning", { "conftest.py": 'import warnings\n\nwarnings.warn("old config")\n' }, {}), fault: ["no test ran (1 warning in"] },
  // An option the runner does not know (pytest-cov not installed): the command's, not the model's.
  { ...py("pytest-unknown-option", { "tests/test_slug.py": TEST_PY }, {}), command: `${pytestPython() ?? "python3"} -m pytest -p no:cacheprovider --cov=slug`, fault: ["unrecognized arguments: --cov=slug"] },
  { name: "unittest-unknown-option", runner: "unittest", missing: need("python3 --version", "python3"), files: { "slug.py": SLUG_PY, "tests/__init__.py": "", "tests/test_unit.py": UNITTEST_PY }, command: "python3 -m unittest --cov tests.test_unit", outputFile: "slug.py", fault: ["unrecognized arguments: --cov"] },
  { name: "python-no-module", runner: "unittest", missing: need("python3 --version", "python3"), files: { "slug.py": SLUG_PY }, command: "python3 -m no_such_runner", outputFile: "slug.py", fault: ["No module named no_such_runner"] },
];

const GO_MOD = "module example.com/slug\n\ngo 1.19\n";
const SLUG_GO = `package slug\n\nimport "strings"\n\nfunc Slugify(s string) string {\n\treturn strings.ReplaceAll(strings.ToLower(s), " ", "_")\n}\n`;
const TEST_GO = `package slug

import "testing"

func TestJoinsWordsWithDashes(t *testing.T) {
	got := Slugify("Hello World")
	if got != "hello-world" {
		t.Errorf("Slugify(%q) = %q, want %q", "Hello World", got, "hello-world")
	}
}
`;
const PANIC_GO = `package slug

import "testing"

func TestFirstWord(t *testing.T) {
	words := []string{Slugify("Hello World")}
	if words[1] != "world" {
		t.Fatal("no second word")
	}
}
`;
// go test -v prints what a test logs under its `=== RUN`, before its `--- FAIL`; here after a
// passing test that logs too.
const VERBOSE_GO = `package slug

import "testing"

func TestLowerCases(t *testing.T) {
	t.Log("checking lower case")
}

func TestTable(t *testing.T) {
	t.Run("two words", func(t *testing.T) {
		got := Slugify("Hello World")
		if got != "hello-world" {
			t.Errorf("Slugify(%q) = %q, want %q", "Hello World", got, "hello-world")
		}
	})
}
`;
const go = (name: string, files: Record<string, string>, rest: Partial<RunnerCase>): RunnerCase => ({
  name,
  runner: "go test",
  missing: need("go version", "go"),
  files: { "go.mod": GO_MOD, "slug.go": SLUG_GO, ...files },
  command: "go test ./...",
  env: { GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
  outputFile: "slug.go",
  ...rest,
});

export const GO_CASES: RunnerCase[] = [
  go("go-assert", { "slug_test.go": TEST_GO }, { first: { has: [`"hello_world"`, `"hello-world"`], test: "TestJoinsWordsWithDashes", at: "slug_test.go:8" } }),
  go("go-verbose-assert", { "slug_test.go": VERBOSE_GO }, { command: "go test -v ./...", first: { has: [`"hello_world"`, `"hello-world"`], test: "TestTable/two_words", at: "slug_test.go:13" } }),
  go("go-panic", { "slug_test.go": PANIC_GO }, { first: { has: ["index out of range [1] with length 1"], test: "TestFirstWord", at: "slug_test.go:7" } }),
  go("go-undefined", { "slug.go": "package slug\n\nfunc Other() {}\n", "slug_test.go": TEST_GO }, { first: { has: ["undefined: Slugify"], at: "slug_test.go:6" } }),
  go("go-test-syntax", { "slug_test.go": TEST_GO.replace(`Slugify("Hello World")\n`, `Slugify("Hello World"\n`) }, { fault: ["slug_test.go:6", "did not write"] }),
  go("go-no-files", { "empty/README": "nothing\n" }, { command: "go test ./empty", fault: ["no Go files in"] }),
];

const CARGO_TOML = `[package]\nname = "slug"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`;
const LIB_RS = `pub fn slugify(s: &str) -> String {\n    s.to_lowercase().replace(' ', "_")\n}\n`;
const TEST_RS = `use slug::slugify;

#[test]
fn joins_words_with_dashes() {
    assert_eq!(slugify("Hello World"), "hello-world");
}
`;
const cargo = (name: string, files: Record<string, string>, rest: Partial<RunnerCase>): RunnerCase => ({
  name,
  runner: "cargo test",
  missing: need("cargo --version", "cargo"),
  files: { "Cargo.toml": CARGO_TOML, "src/lib.rs": LIB_RS, ...files },
  command: "cargo test --offline",
  env: { RUST_BACKTRACE: "0", CARGO_TERM_COLOR: "never" },
  outputFile: "src/lib.rs",
  ...rest,
});
const rustAssert = { has: [`left: "hello_world"`, `right: "hello-world"`], test: "joins_words_with_dashes", at: "tests/slug.rs:5" };

export const CARGO_CASES: RunnerCase[] = [
  cargo("cargo-assert", { "tests/slug.rs": TEST_RS }, { first: rustAssert }),
  cargo("cargo-assert-backtrace", { "tests/slug.rs": TEST_RS }, { env: { RUST_BACKTRACE: "1", CARGO_TERM_COLOR: "never" }, first: rustAssert }),
  cargo("cargo-undefined", { "src/lib.rs": "pub fn other() {}\n", "tests/slug.rs": TEST_RS }, { first: { has: ["unresolved import `slug::slugify`"], at: "tests/slug.rs:1" } }),
  cargo("cargo-test-syntax", { "tests/slug.rs": TEST_RS.replace(`"hello-world");`, `"hello-world";`) }, { fault: ["tests/slug.rs:5", "did not write"] }),
  cargo("cargo-no-command", {}, { command: "cargo tset --offline", fault: ["no such command: `tset`"] }),
  cargo("cargo-unknown-option", { "tests/slug.rs": TEST_RS }, { command: "cargo test --offline --no-fail-fastt", fault: ["unexpected argument '--no-fail-fastt'"] }),
  cargo("cargo-libtest-unknown-option", { "tests/slug.rs": TEST_RS }, { command: "cargo test --offline -- --nocapturee", fault: ["Unrecognized option: 'nocapturee'"] }),
];

const SLUG_JAVA = `public class Slug {\n    public static String slugify(String s) {\n        return s.toLowerCase().replace(' ', '_');\n    }\n}\n`;
const TEST_JAVA = `import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugTest {
    @Test
    void joinsWordsWithDashes() {
        assertEquals("hello-world", Slug.slugify("Hello World"));
    }
}
`;
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>slug</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.source>17</maven.compiler.source>
    <maven.compiler.target>17</maven.compiler.target>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-engine</artifactId><version>5.9.2</version><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.0</version></plugin>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.10.1</version></plugin>
      <plugin><artifactId>maven-surefire-plugin</artifactId><version>2.22.3</version></plugin>
    </plugins>
  </build>
</project>
`;
const junitMissing = () => (!existsSync(JUNIT_JAR) ? `${JUNIT_JAR} is missing (Debian package junit5)` : need("javac -version", "javac")());
const junitCmd = `mkdir -p out && javac -d out -cp ${JUNIT_JAR} src/Slug.java test/SlugTest.java && java -jar ${JUNIT_JAR} --class-path out --scan-class-path --disable-banner`;
// Maven runs offline against Debian's repository (packages libsurefire-java, libmaven-compiler-plugin-java, libmaven-resources-plugin-java, junit5).
const mavenMissing = () => (existsSync(`${MAVEN_REPO}/org/apache/maven/plugins/maven-surefire-plugin/2.22.3`) && existsSync(`${MAVEN_REPO}/org/junit/jupiter/junit-jupiter-engine/5.9.2`) ? need("mvn --version", "mvn")() : "Maven with Debian's surefire 2.22.3 and JUnit 5.9.2 is not installed");
const mvnCmd = `mvn -o -B -Dmaven.repo.local=${MAVEN_REPO} test`;
const javaAssert = { has: ["expected: <hello-world> but was: <hello_world>"], at: "SlugTest.java:8" };

export const JAVA_CASES: RunnerCase[] = [
  { name: "junit-console-assert", runner: "junit console", missing: junitMissing, files: { "src/Slug.java": SLUG_JAVA, "test/SlugTest.java": TEST_JAVA }, command: junitCmd, outputFile: "src/Slug.java", first: { ...javaAssert, test: "SlugTest.joinsWordsWithDashes()" } },
  { name: "maven-assert", runner: "maven surefire", missing: mavenMissing, files: { "pom.xml": POM, "src/main/java/Slug.java": SLUG_JAVA, "src/test/java/SlugTest.java": TEST_JAVA }, command: mvnCmd, outputFile: "src/main/java/Slug.java", first: { ...javaAssert, test: "SlugTest.joinsWordsWithDashes" } },
  {
    name: "maven-test-syntax",
    runner: "maven surefire",
    missing: mavenMissing,
    files: { "pom.xml": POM, "src/main/java/Slug.java": SLUG_JAVA, "src/test/java/SlugTest.java": TEST_JAVA.replace(`"Hello World"));`, `"Hello World");`) },
    command: mvnCmd,
    outputFile: "src/main/java/Slug.java",
    fault: ["SlugTest.java", "did not write"],
  },
];
