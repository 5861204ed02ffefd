// How each ecosystem writes and runs its tests, named in the prompt of a task so the model uses
// the project's own conventions (pytest, `go test`, `cargo test`, JUnit…). Prompt text only: the
// hook, which reads the languages table on every Write, never loads this.

const TEST_CONVENTIONS: Record<string, string> = {
  typescript: "Vitest (`import { describe, it, expect } from \"vitest\"`)",
  tsx: "Vitest (`import { describe, it, expect } from \"vitest\"`) with Testing Library",
  javascript: "Vitest (`import { describe, it, expect } from \"vitest\"`)",
  jsx: "Vitest (`import { describe, it, expect } from \"vitest\"`) with Testing Library",
  python: "pytest: plain `assert` in `test_*` functions, fixtures and `pytest.raises` where needed",
  go: "`go test`: `func TestXxx(t *testing.T)` in a `_test.go` file of the same package, table-driven cases with `t.Run`",
  rust: "`cargo test`: `#[test]` functions, in `tests/*.rs` or a `#[cfg(test)] mod tests` in the file, with `assert_eq!`",
  java: "JUnit 5: `@Test` methods with `org.junit.jupiter.api.Assertions`, the class named `<Class>Test` under `src/test/java`",
  kotlin: "JUnit 5 or kotlin.test: `@Test` functions with `assertEquals`, under `src/test/kotlin`",
  csharp: "xUnit (`[Fact]`, `[Theory]`) or NUnit (`[Test]`), in a `*Tests.cs` class of the test project",
  c: "a test program with `assert.h` (or the project's framework) that exits non-zero on failure",
  cpp: "GoogleTest (`TEST(Suite, Name)` with `EXPECT_EQ`) or the project's framework",
  ruby: "RSpec (`describe`/`it`/`expect(...).to eq`) in `spec/*_spec.rb`, or Minitest in `test/*_test.rb`",
  php: "PHPUnit: a `*Test` class extending `TestCase` with `test*` methods and `assertSame`",
  bash: "bats (`@test` blocks with `run` and `[ \"$status\" -eq 0 ]`) or a script that exits non-zero on failure",
  swift: "XCTest: a `XCTestCase` subclass with `test*` methods and `XCTAssertEqual`, under `Tests/`",
};

/** How tests are written for a language, or null when the table has nothing to say. */
export function testConvention(language: string): string | null {
  return TEST_CONVENTIONS[language] ?? null;
}
