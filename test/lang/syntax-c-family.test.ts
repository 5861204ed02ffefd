import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// C and C++ files the grammars misread, each checked against gcc -fsyntax-only and
// g++ -std=c++20 -fsyntax-only: valid ones that must be accepted, and the mistakes next to them
// that must be refused at their line.

describe("test frameworks' macros that open a block", () => {
  // g++ compiles both against Catch2's and doctest's headers.
  const catch2 = [
    "#include <catch2/catch_test_macros.hpp>",
    "#include <vector>",
    "",
    'TEST_CASE("vectors can be sized and resized", "[vector]") {',
    "    std::vector<int> v(5);",
    "    REQUIRE(v.size() == 5);",
    "",
    '    SECTION("resizing bigger changes size") {',
    "        v.resize(10);",
    "        REQUIRE(v.size() == 10);",
    "    }",
    "}",
    "",
    'TEST_CASE("empty")',
    "{",
    "    CHECK(true);",
    "}",
    "",
  ].join("\n");
  const doctest = '#include <doctest/doctest.h>\n\nint factorial(int n) { return n <= 1 ? n : factorial(n - 1) * n; }\n\nnamespace {\nTEST_CASE("testing the factorial function") {\n    CHECK(factorial(1) == 1);\n    SUBCASE("ten") { CHECK(factorial(10) == 3628800); }\n}\n}  // namespace\n';

  it("a Catch2 or doctest test file is accepted", async () => {
    expect(await checkSyntax(catch2, "cpp", { file: "tests/test_vector.cpp" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax(doctest, "cpp", { file: "tests/test_factorial.cpp" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake in one is still refused at its line", async () => {
    const semicolon = await checkSyntax(catch2.replace("v.resize(10);", "v.resize(10)"), "cpp", { file: "t.cpp" });
    expect(semicolon).toMatchObject({ ok: false, message: expect.stringMatching(/^line 9:\d+: /) });
    const brace = await checkSyntax(catch2.replace("        REQUIRE(v.size() == 10);\n    }\n", "        REQUIRE(v.size() == 10);\n"), "cpp", { file: "t.cpp" });
    expect(brace).toMatchObject({ ok: false });
    const paren = await checkSyntax(doctest.replace("CHECK(factorial(1) == 1);", "CHECK(factorial(1 == 1);"), "cpp", { file: "t.cpp" });
    expect(paren).toMatchObject({ ok: false, message: expect.stringMatching(/^line 7:\d+: /) });
  });
});
