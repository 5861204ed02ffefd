import { describe, expect, it } from "vitest";
import { isTestFile } from "../../src/lang/languages.js";
import { buildPrompt } from "../../src/prompt/build.js";

const testPrompt = async (outputFile: string, language: string) =>
  (await buildPrompt({ kind: "test", description: "Tests for clamp.", outputFile, language, constraints: [], existing: null, context: [], budget: 4000 })).messages[1]!.content;

describe("a test task's prompt names the ecosystem's own test conventions", () => {
  it.each([
    ["tests/test_clamp.py", "python", "pytest"],
    ["clamp_test.go", "go", "`go test`"],
    ["tests/clamp.rs", "rust", "`cargo test`"],
    ["src/test/java/ClampTest.java", "java", "JUnit 5"],
    ["spec/clamp_spec.rb", "ruby", "RSpec"],
    ["src/clamp.test.ts", "typescript", "Vitest"],
  ])("%s (%s): %s", async (file, language, framework) => {
    const p = await testPrompt(file, language);
    expect(p).toContain(`otherwise ${framework}`);
    if (language !== "typescript") expect(p).not.toContain("vitest");
  });

  it("falls back to the language's usual framework when the table has none", async () => {
    expect(await testPrompt("t/clamp.lua", "lua")).toContain("otherwise the usual test framework of lua");
  });
});

describe("the fence a prompt asks for", () => {
  const ask = async (outputFile: string, language: string) =>
    (await buildPrompt({ kind: "doc", description: "Document it.", outputFile, language, constraints: [], existing: null, context: [], budget: 4000 })).messages[1]!.content;

  it("is four backticks for a Markdown file, whose own ``` blocks would close a three-backtick fence", async () => {
    expect(await ask("README.md", "markdown")).toContain("one ````markdown block");
    expect(await ask("src/a.py", "python")).toContain("one ```python block");
  });
});

describe("every ecosystem the table names has a test-file convention and a testing style", () => {
  it.each([
    ["kotlin", "src/test/kotlin/ClampTest.kt", "src/main/kotlin/Clamp.kt", "JUnit 5 or kotlin.test"],
    ["csharp", "tests/ClampTests.cs", "src/Clamp.cs", "xUnit"],
    ["c", "tests/test_clamp.c", "src/clamp.c", "a test program with `assert.h`"],
    ["cpp", "tests/clamp_test.cpp", "src/clamp.cpp", "GoogleTest"],
    ["php", "tests/ClampTest.php", "src/Clamp.php", "PHPUnit"],
    ["bash", "test/clamp.sh", "bin/clamp.sh", "bats"],
    ["swift", "Tests/ClampTests/ClampTests.swift", "Sources/Clamp/Clamp.swift", "XCTest"],
    ["python", "tests/test_clamp.py", "clamp/core.py", "pytest"],
    ["go", "clamp/clamp_test.go", "clamp/clamp.go", "`go test`"],
    ["rust", "tests/clamp.rs", "src/clamp.rs", "`cargo test`"],
    ["java", "src/test/java/ClampTest.java", "src/main/java/Clamp.java", "JUnit 5"],
    ["ruby", "spec/clamp_spec.rb", "lib/clamp.rb", "RSpec"],
  ])("%s: %s is a test file, %s is not, and the prompt names %s", async (language, test, code, framework) => {
    expect(isTestFile(test)).toBe(true);
    expect(isTestFile(code)).toBe(false);
    expect(await testPrompt(test, language)).toContain(`otherwise ${framework}`);
  });
});
