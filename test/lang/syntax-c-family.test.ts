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

describe("mistakes the C and C++ grammars read as macros", () => {
  it("a `;` lost after a prototype is refused, where a macro after a prototype's `)` is not", async () => {
    const lost = "#include <stdio.h>\n\nstatic int square(int x)\n\nint main(void) {\n    printf(\"%d\\n\", square(3));\n    return 0;\n}\n\nstatic int square(int x) { return x * x; }\n";
    expect(await checkSyntax(lost, "c", { file: "main.c" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:25: missing ";"/) });
    const header = "#include <stddef.h>\n\nvoid matrix_set(double *m, size_t r, double v)\nvoid matrix_free(double *m);\n";
    expect(await checkSyntax(header, "c", { file: "matrix.h" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line [34]:\d+: /) });
    const attributes = "extern char *copy(char *dst, const char *src)\n    __THROW __nonnull((1, 2));\nextern int close_all(void) __THROW;\n";
    expect(await checkSyntax(attributes, "c", { file: "api.h" })).toMatchObject({ ok: true });
  });

  it("C: a `;` lost after a call is refused, a macro type before its variable is not", async () => {
    const lost = "#include <stdlib.h>\n\nvoid drain(int **items, int n) {\n    for (int i = 0; i < n; i++) {\n        int *p = items[i];\n        free(p)\n        p = NULL;\n    }\n}\n";
    expect(await checkSyntax(lost, "c", { file: "drain.c" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line [67]:\d+: /) });
    const macroType = "#define STACK_OF(t) struct stack_##t\nstruct stack_cert { int n; };\n\nint count(void) {\n    STACK_OF(cert) *chain = 0;\n    return chain != 0;\n}\n";
    expect(await checkSyntax(macroType, "c", { file: "certs.c" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("C++: a `;` lost after a braced initializer is refused; a lambda in a body is not", async () => {
    const lost = "#include <vector>\n\nint total() {\n    std::vector<int> v{}\n    v.push_back(1);\n    return v.size();\n}\n";
    expect(await checkSyntax(lost, "cpp", { file: "total.cpp" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:\d+: missing ";"/) });
    const lambda = "#include <vector>\n\nint total() {\n    std::vector<int> v{1, 2};\n    auto add = [&](int x) { v.push_back(x); };\n    add(3);\n    struct Local { int f() { return 1; } };\n    return v.size() + Local{}.f();\n}\n";
    expect(await checkSyntax(lambda, "cpp", { file: "total.cpp" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it.each([["c", "main.c"], ["cpp", "main.cpp"]])("%s: an #else or #endif with no #if is refused at its line", async (language, file) => {
    const stray = "int f(void) {\n    return 0;\n}\n#else\nint g(void) { return 1; }\n#endif\n";
    expect(await checkSyntax(stray, language, { file })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:1: #else without #if/) });
    const balanced = `#ifdef DEBUG\n${stray}`;
    expect(await checkSyntax(balanced, language, { file })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it.each([["c", "main.c"], ["cpp", "main.cpp"]])("%s: a statement outside any function is refused; a macro that declares is not", async (language, file) => {
    const example = "#include <stdio.h>\n\nint add(int a, int b) { return a + b; }\n\n// Example usage\nprintf(\"%d\\n\", add(2, 3));\n";
    expect(await checkSyntax(example, language, { file })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 6:1: a statement outside any function/) });
    const call = "int add(int a, int b) { return a + b; }\nint result;\nadd(2, 3);\n";
    expect(await checkSyntax(call, language, { file })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:1: /) });
    const kernel = "#include <linux/module.h>\n\nstatic int __init hello_init(void) { return 0; }\nstatic void __exit hello_exit(void) { }\n\nmodule_init(hello_init);\nmodule_exit(hello_exit);\nMODULE_LICENSE(\"GPL\");\n";
    expect(await checkSyntax(kernel, language, { file })).toMatchObject({ ok: true });
  });
});
