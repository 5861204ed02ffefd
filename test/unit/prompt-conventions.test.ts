import { describe, expect, it } from "vitest";
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
