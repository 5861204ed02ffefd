import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// Mistakes the tree-sitter grammars read without complaint and the compilers refuse as syntax
// errors (each checked against javac, rustc, gcc or php -l), and the valid files next to them
// that must stay accepted.

describe("statements where only declarations may be", () => {
  it("Java: a statement after the class is refused at its line; a compact source file's methods and fields are not", async () => {
    const v = await checkSyntax('class A {}\n\nif (true) {\n    System.out.println(1);\n}\n', "java", { file: "A.java" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:1: /) });
    // Java 25's compact source files: methods and fields with no class around them.
    const compact = 'String greeting = "hi";\n\nvoid main() {\n    IO.println(greeting);\n}\n';
    expect(await checkSyntax(compact, "java", { file: "Main.java" })).toMatchObject({ ok: true, checked: "tree-sitter" });
  });

  it("Kotlin: a statement outside any function is refused in a .kt file, not in a .kts script", async () => {
    const content = 'class A\n\nval a = A()\nprintln(a)\n';
    expect(await checkSyntax(content, "kotlin", { file: "src/main/kotlin/A.kt" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:1: /) });
    expect(await checkSyntax(content, "kotlin", { file: "build.gradle.kts" })).toMatchObject({ ok: true, checked: "tree-sitter" });
    // Top-level properties with accessors, type aliases, objects and annotated functions are declarations.
    const decls = 'typealias Id = Long\n\nval count: Int\n    get() = 3\n\nobject Registry\n\n@JvmName("start")\nfun main() {\n    println(count)\n}\n';
    expect(await checkSyntax(decls, "kotlin", { file: "Main.kt" })).toMatchObject({ ok: true, checked: "tree-sitter" });
  });

  it("Rust: a statement at the top of the file or in an impl is refused; item macros are not", async () => {
    expect(await checkSyntax("fn f() {}\n\nx = 1;\n", "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:1: /) });
    expect(await checkSyntax("struct A;\n;\n", "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:1: /) });
    expect(await checkSyntax("pub struct Point {\n    x: i32,\n};\n", "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:2: /) });
    const inImpl = "struct A;\n\nimpl A {\n    let limit = 3;\n    fn f(&self) {}\n}\n";
    expect(await checkSyntax(inImpl, "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:5: /) });
    const macros = "macro_rules! m { () => {} }\n\nm!();\nlazy_static::lazy_static! {\n    static ref X: u8 = 1;\n}\n\nimpl A {\n    m!();\n}\n\nmod inner {\n    super::m!();\n}\n";
    expect(await checkSyntax(macros, "rust")).toMatchObject({ ok: true, checked: "tree-sitter" });
  });
});

describe("C: a string run into the next statement", () => {
  it("a `;` missing after a string before a keyword is refused at the string; a format macro after a string is not", async () => {
    const v = await checkSyntax('const char *name(void) {\n    const char *s = "done"\n    return s;\n}\n', "c", { file: "m.c" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:27: missing ";" before "return"/) });
    const macros = '#include <inttypes.h>\n#include <stdio.h>\n\nvoid show(uint64_t v) {\n    printf("value: %" PRIu64 "\\n", v);\n    const char *fmt = "%"\n        PRId64;\n    printf(fmt, (int64_t)v);\n}\n';
    expect(await checkSyntax(macros, "c", { file: "m.c" })).toMatchObject({ ok: true, checked: "tree-sitter" });
  });
});

describe("TypeScript: decorators, as tsc reads them", () => {
  // NestJS and Angular (experimentalDecorators: on parameters too) and TypeScript 5's standard
  // decorators (after `export`, on `accessor` fields).
  const nest = "import { Controller, Get, Inject, Param } from '@nestjs/common';\n\n@Controller('users')\nexport class UsersController {\n  constructor(@Inject('DB') private readonly db: unknown) {}\n\n  @Get(':id')\n  find(@Param('id') id: string): string {\n    return id;\n  }\n}\n";
  const standard = "function logged(value: unknown, context: ClassAccessorDecoratorContext) {}\n\nexport @sealed class Counter {\n  @logged accessor count = 0;\n  static accessor total = 0;\n}\n\nfunction sealed(c: unknown, ctx: ClassDecoratorContext) {}\n";

  it.each([["typescript", "users.controller.ts"], ["tsx", "counter.tsx"]])("%s: both kinds are accepted", async (language, file) => {
    expect(await checkSyntax(nest, language, { file })).toEqual({ ok: true, checked: "babel" });
    expect(await checkSyntax(standard, language, { file })).toEqual({ ok: true, checked: "babel" });
  });

  it("a mistake in a decorated class is still refused at its line", async () => {
    const v = await checkSyntax(nest.replace("return id;", "return (id;"), "typescript", { file: "users.controller.ts" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 9:\d+: /) });
    const w = await checkSyntax(standard.replace("accessor count = 0;", "accessor count = ;"), "typescript", { file: "counter.ts" });
    expect(w).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:\d+: /) });
  });
});

describe("a string over several lines is not taken for the mistake", () => {
  // Strings a language lets span lines: a C# verbatim string, a Rust, C or Python string whose line
  // ends are escaped. The mistake is the unclosed "(" further down.
  it.each([
    ["rust", "lib.rs", 'pub fn usage() -> &\'static str {\n    "usage: tool [options] \\\n     -h  help"\n}\n\npub fn add(a: i32, b: i32) -> i32 {\n    let s = (a + b;\n    s\n}\n'],
    ["csharp", "A.cs", 'class A {\n    string Usage() {\n        return @"usage: tool\n  -h  help";\n    }\n\n    int Add(int a, int b) {\n        var s = (a + b;\n        return s;\n    }\n}\n'],
    ["c", "m.c", 'const char *usage(void) {\n    return "usage: tool \\\n  -h  help";\n}\n\nint add(int a, int b) {\n    int s = (a + b;\n    return s;\n}\n'],
    ["python", "m.py", 'USAGE = "usage: tool \\\n  -h  help"\n\n\ndef add(a, b):\n    s = (a + b\n    return s\n'],
  ])("%s", async (language, file, content) => {
    const v = await checkSyntax(content, language, { file, run: async () => null });
    expect(v.ok).toBe(false);
    expect(v.ok ? "" : v.message).toMatch(new RegExp(`^line ${content.split("\n").findIndex((l) => l.includes("(a + b")) + 1}:`));
  });
});

describe("Rust: let-else, as rustc reads it", () => {
  it("a let-else with no `;` after its block is refused; one over several lines (rustfmt's) is read", async () => {
    const unended = "fn f(o: Option<u8>) -> u8 {\n    let Some(v) = o else { return 0 }\n    v\n}\n";
    expect(await checkSyntax(unended, "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:/) });
    const long = "fn f(o: Option<&str>) -> u8 {\n    let Some(v) = o\n        .map(|s| s.len())\n    else {\n        return 0;\n    };\n    v as u8\n}\n";
    expect(await checkSyntax(long, "rust")).toEqual({ ok: true, checked: "tree-sitter" });
    // Found at the next statement, with the `}` that lacks its `;` shown above it.
    expect(await checkSyntax(long.replace("    };\n", "    }\n"), "rust")).toMatchObject({ ok: false, message: expect.stringContaining("\n  6 | }\n  7 | v as u8") });
  });
});

describe("C/C++: a macro is not read into a string's words", () => {
  // gcc and g++ refuse both files at the missing `;`; an upper-case word in a message is not a
  // macro used as syntax, so the file is not waved through as unchecked.
  it.each([
    ["c", "m.c", 'int main(void) {\n    puts("DEBUG mode on");\n    int x = 1\n    return x;\n}\n'],
    ["cpp", "m.cpp", '#include <iostream>\nint main() {\n    std::cout << "HELLO world";\n    int x = 1\n    return x;\n}\n'],
  ])("%s: a missing ; after a line printing an upper-case word is refused", async (language, file, content) => {
    expect(await checkSyntax(content, language, { file })).toMatchObject({ ok: false, message: expect.stringMatching(/^line [34]:/) });
  });

  it("a real macro before a declaration still leaves the file unchecked, whatever its strings say", async () => {
    const v = await checkSyntax('const char *HELLO = "WORLD here";\nclass MY_EXPORT Widget {\npublic:\n  int size() const;\n};\n', "cpp", { file: "w.hpp" });
    expect(v).toMatchObject({ ok: true, checked: "none", note: expect.stringMatching(/macro/) });
  });
});

describe("PHP: code with no <?php tag", () => {
  // php -l says "No syntax errors" for both: without a tag the whole file is text that PHP prints,
  // so the class is never defined. A template that is only HTML is a valid .php file.
  it("a class or a script with no opening tag is refused at its first line of code", async () => {
    const cls = "namespace App;\n\nclass Greeter {\n    public function hi(): string { return \"hi\"; }\n}\n";
    expect(await checkSyntax(cls, "php", { file: "src/Greeter.php" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:1: .*<\?php/) });
    const script = "// list the users\n$users = load_users();\nforeach ($users as $u) {\n    echo $u->name;\n}\n";
    expect(await checkSyntax(script, "php", { file: "list.php" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:1: /) });
  });

  it("HTML with no PHP in it, and PHP after its tag, are accepted", async () => {
    expect(await checkSyntax("<!doctype html>\n<html>\n<body>\n  <p>Maintenance: back at 5.</p>\n</body>\n</html>\n", "php", { file: "down.php" })).toMatchObject({ ok: true });
    expect(await checkSyntax("<?php\nnamespace App;\n\nclass Greeter {}\n", "php", { file: "Greeter.php" })).toMatchObject({ ok: true });
    expect(await checkSyntax("<ul>\n<?php foreach ($items as $i): ?>\n  <li><?= $i ?></li>\n<?php endforeach; ?>\n</ul>\n", "php", { file: "list.php" })).toMatchObject({ ok: true });
  });
});

describe("Java: a method with no return type", () => {
  // The grammar reads `public getName() {…}` as a constructor whatever its name; javac refuses it
  // ("invalid method declaration; return type required"), as it does a constructor named after
  // another class.
  it("is refused at its line; constructors of classes, enums and records are not", async () => {
    const v = await checkSyntax('public class User {\n    private String name = "";\n\n    public getName() {\n        return name;\n    }\n}\n', "java", { file: "User.java" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:12: .*return type/) });
    const ok = "public class User {\n    private final int id;\n\n    public User(int id) {\n        this.id = id;\n    }\n\n    enum Role { ADMIN; Role() {} }\n\n    record Id(int v) {\n        Id {\n            if (v < 0) throw new IllegalArgumentException();\n        }\n    }\n\n    class Inner { Inner() {} }\n}\n";
    expect(await checkSyntax(ok, "java", { file: "User.java" })).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Rust: a macro call used as a statement", () => {
  // rustc: "expected `;`, found `println`" inside a body, and among items "macros that expand to
  // items must be delimited with braces or followed by a semicolon".
  it("with ( ) or [ ] and no `;` before the next statement or item is refused at its end", async () => {
    const body = 'pub fn report(n: u32) {\n    println!("total")\n    println!("{n}");\n}\n';
    expect(await checkSyntax(body, "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:22: missing ";" after the macro call println!/) });
    const items = "macro_rules! point { ($n:ident) => { pub struct $n; }; }\n\npoint![Origin]\npub fn f() {}\n";
    expect(await checkSyntax(items, "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:15: /) });
    expect(await checkSyntax("mod m {\n    thread_local!(static N: u8 = 0)\n}\n", "rust")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:36: /) });
  });

  it("ending its block, called with braces, or with its `;` is accepted", async () => {
    const ok = [
      "macro_rules! point { ($n:ident) => { pub struct $n; }; }",
      "",
      "point!(Origin);",
      "point! { Unit }",
      "",
      "mod inner {",
      "    thread_local!(static N: u8 = 0);",
      "    // the last one",
      "}",
      "",
      "pub fn check(ok: bool) {",
      "    assert!(ok);",
      "    let v = vec![1, 2];",
      "    if ok { println!(\"{v:?}\") } else { eprintln!(\"no\") }",
      "    std::thread_local! { static M: u8 = 1 }",
      "    debug_assert!(v.len() == 2) // its value is the block's",
      "}",
      "",
      "pub fn total(v: &[u32]) -> String {",
      "    format!(\"{}\", v.iter().sum::<u32>())",
      "}",
      "",
    ].join("\n");
    expect(await checkSyntax(ok, "rust")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Rust: doc comments and attributes with nothing to apply to", () => {
  // rustc: "expected item after doc comment", "expected statement after outer attribute", "found
  // a documentation comment that doesn't document anything"; and for an inner one after an item,
  // "expected outer doc comment", "an inner attribute is not permitted in this context".
  it.each([
    ["an answer cut after a doc comment", "pub fn f() {}\n\n/// The next one.\n// (cut)\n", /^line 3:1: a doc comment with nothing after it/],
    ["an attribute ending a body", "pub fn f() {\n    let x = 1;\n    #[allow(unused)]\n}\n", /^line 3:5: an attribute with nothing after it/],
    ["a doc comment above a trait's }", "pub trait T {\n    fn f(&self);\n    /** More to come. */\n}\n", /^line 3:5: /],
    ["a doc comment after an enum's last variant", "pub enum E {\n    A,\n    /// b\n}\n", /^line 3:5: /],
    ["module docs after the imports", "use std::fmt;\n\n//! Helpers.\npub fn f() {}\n", /^line 3:1: an inner doc comment or attribute/],
    ["an inner attribute after a statement", "pub fn f() -> u8 {\n    let x = 1;\n    #![allow(unused)]\n    x\n}\n", /^line 3:5: /],
  ])("%s is refused", async (_, content, message) => {
    expect(await checkSyntax(content, "rust")).toMatchObject({ ok: false, message: expect.stringMatching(message) });
  });

  it("docs and attributes before what they apply to, and inner ones first, are accepted", async () => {
    const ok = [
      "//! Helpers.",
      "#![allow(dead_code)]",
      "",
      "/// A shape.",
      "#[derive(Debug)]",
      "/// More about it.",
      "pub enum E {",
      "    /// a",
      "    A,",
      "    B {",
      "        #[allow(unused)]",
      "        f: u8,",
      "    },",
      "}",
      "",
      "mod m {",
      "    //! The module.",
      "    #![allow(unused)]",
      "    pub fn f(x: u8) -> u8 {",
      "        //! The function.",
      "        match x {",
      "            #[allow(unused)]",
      "            0 => 1,",
      "            _ => 2,",
      "        }",
      "    }",
      "}",
      "",
      "macro_rules! doc {",
      "    () => {",
      "        /// made by the macro",
      "    };",
      "}",
      "//// four slashes and /*** three stars are plain comments",
      "/*** end */",
      "",
    ].join("\n");
    expect(await checkSyntax(ok, "rust")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Java: an expression that is not a statement", () => {
  // javac: "not a statement". Only an assignment, ++ or --, a method call or `new` may stand alone.
  it.each([
    ["a ternary written the JavaScript way", "class A {\n    void f(boolean ok) {\n        ok ? save() : drop();\n    }\n    void save() {}\n    void drop() {}\n}\n"],
    ["a sum", "class A {\n    void f(int count) {\n        count + 1;\n    }\n}\n"],
    ["a comparison", "class A {\n    void f(int x) {\n        x == 1;\n    }\n}\n"],
  ])("%s is refused at its line", async (_, content) => {
    expect(await checkSyntax(content, "java", { file: "A.java" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:9: not a statement/) });
  });

  it("statements, a switch with a ; after it and a switch rule's value are accepted", async () => {
    const ok = [
      "class A extends B {",
      "    int n;",
      "    A() {",
      "        super(1);",
      "        n = 2;",
      "        n++;",
      "        --n;",
      "        new StringBuilder();",
      "        A.super.hashCode();",
      "        switch (n) {",
      "            case 1 -> n += 1;",
      "            default -> System.out.println(n);",
      "        };",
      "        int y = switch (n) { case 1 -> n + 1; default -> 0; };",
      "        Runnable r = () -> System.out.println(y);",
      "    }",
      "}",
      "",
      "class B {",
      "    B(int x) {}",
      "}",
      "",
    ].join("\n");
    expect(await checkSyntax(ok, "java", { file: "A.java" })).toEqual({ ok: true, checked: "tree-sitter" });
  });
});
