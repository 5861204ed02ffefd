import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// javac ("illegal escape character") and rustc ("unknown character escape") refuse a backslash
// before a character that is no escape of theirs, the way a model writes a regex ("\d+") or a
// Windows path; their grammars read any backslash pair as an escape. Each case checked against
// javac 25 and rustc 1.95. Rust's rustfmt refuses them too, but only its pass is taken.

const noChecker = { run: async () => null };

describe("Java: escapes javac refuses", () => {
  it.each([
    ["a regex", 'class A {\n    java.util.regex.Pattern p = java.util.regex.Pattern.compile("\\d+");\n}\n', /^line 2:66: illegal escape character "\\d"/],
    ["a Windows path", 'class A {\n    String dir = "C:\\Users\\me";\n}\n', /^line 2:21: illegal escape character "\\U"/],
    ["a char", "class A {\n    char c = '\\q';\n}\n", /^line 2:15: /],
    ["a text block, at its own line", 'class A {\n    String s = """\n        total: \\d\n        """;\n}\n', /^line 3:16: /],
  ])("%s is refused at the backslash", async (_, content, message) => {
    expect(await checkSyntax(content, "java", { file: "A.java" })).toMatchObject({ ok: false, message: expect.stringMatching(message) });
  });

  it("every escape Java has is accepted", async () => {
    const content = 'class A {\n    String s = "\\b\\t\\n\\f\\r\\s\\"\\\'\\\\ \\0 \\12 \\377 \\u00e9 \\\\d";\n    char c = \'\\\'\';\n    String block = """\n        one \\\n        two\\s\n        """;\n}\n';
    expect(await checkSyntax(content, "java", { file: "A.java" })).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Java: literals javac reads differently from the grammar", () => {
  // javac: "unclosed character literal" (or "more than one UTF-16 code unit"), and "illegal text
  // block open delimiter sequence, missing line terminator".
  it.each([
    ["a string in single quotes", "class A {\n    String s = 'hello';\n}\n", /^line 2:16: unclosed character literal.*"hello"/],
    ["two characters in a char", "class A {\n    char c = 'ab';\n}\n", /^line 2:14: /],
    ["an emoji in a char", "class A {\n    char c = '\u{1F600}';\n}\n", /^line 2:14: /],
    ["a text block on one line", 'class A {\n    String s = """abc""";\n}\n', /^line 2:19: a text block starts a new line/],
  ])("%s is refused", async (_, content, message) => {
    expect(await checkSyntax(content, "java", { file: "A.java" })).toMatchObject({ ok: false, message: expect.stringMatching(message) });
  });

  it("one character or one escape in a char, and text blocks that open a line, are accepted", async () => {
    const content = "class A {\n    char[] cs = {'a', 'é', '\\'', '\\\\', '\"', '\\u0041', '\\47', '\\377', '\\n'};\n    String s = \"\"\"   \n        abc\"\"\";\n}\n";
    expect(await checkSyntax(content, "java", { file: "A.java" })).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Rust: escapes rustc refuses", () => {
  it.each([
    ["a regex", 'pub fn f() -> bool {\n    let re = "\\d+";\n    re.is_empty()\n}\n', /^line 2:15: unknown character escape "\\d"/],
    ["a Windows path in a macro", 'pub fn f() {\n    println!("C:\\Users\\{}", 1);\n}\n', /^line 2:17: /],
    ["a char", "pub const C: char = '\\q';\n", /^line 1:22: /],
    ["a hex escape above \\x7f in a str", 'pub const S: &str = "\\x80";\n', /^line 1:22: out of range hex escape/],
    ["a unicode escape in a byte string", 'pub const B: &[u8] = b"\\u{41}";\n', /^line 1:24: unicode escape in a byte literal/],
    ["a surrogate", 'pub const S: &str = "\\u{D800}";\n', /^line 1:22: invalid unicode character escape/],
    ["a line continuation in a char", "pub const C: char = '\\\n';\n", /^line 1:22: /],
  ])("%s is refused at the backslash", async (_, content, message) => {
    expect(await checkSyntax(content, "rust", noChecker)).toMatchObject({ ok: false, message: expect.stringMatching(message) });
    // rustfmt refuses it too, and its refusal is not taken: the grammar's verdict stands.
    expect((await checkSyntax(content, "rust")).ok).toBe(false);
  });

  it("every escape Rust has is accepted, and raw strings have none", async () => {
    const content = [
      'pub const S: &str = "\\n\\r\\t\\\\\\0\\\'\\" \\x7f \\u{1F600} \\\\d";',
      "pub const C: char = '\\'';",
      'pub const B: &[u8] = b"\\xff\\x00";',
      "pub const BC: u8 = b'\\xfe';",
      'pub const LONG: &str = "one \\',
      '    two";',
      'pub const RAW: &str = r#"C:\\Users\\"me""#;',
      "",
    ].join("\n");
    expect(await checkSyntax(content, "rust", noChecker)).toEqual({ ok: true, checked: "tree-sitter" });
  });
});
