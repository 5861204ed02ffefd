// The extractor's parts on their own: the fence scanner, the info-string reader, the names next
// to a fence and the lexer that tells whether code ends inside a string. The corpus tests them
// together; these pin the edges each one decides.
import { describe, expect, it } from "vitest";
import { closeOf, fenceLine, parseInfo } from "../../src/extract/fences.js";
import { standaloneName } from "../../src/extract/names.js";
import { isPathWord } from "../../src/extract/paths-named.js";
import { unclosedAtEnd } from "../../src/extract/strings.js";

describe("fenceLine (CommonMark 4.5)", () => {
  it.each([
    ["```", { char: "`", len: 3, info: "", indent: 0 }],
    ["~~~~ python", { char: "~", len: 4, info: "python", indent: 0 }],
    ["   ```js foo.js", { char: "`", len: 3, info: "js foo.js", indent: 3 }],
    ["~~~ aa ``` ~~~", { char: "~", len: 3, info: "aa ``` ~~~", indent: 0 }],
  ])("%j is a fence", (line, want) => expect(fenceLine(line)).toEqual(want));
  it.each(["``", "``` ```", "```js```", "text ```", "<code>"])("%j is not", (line) => expect(fenceLine(line)).toBeNull());
});

describe("closeOf", () => {
  const close = (text: string, nested = true) => closeOf(text.split("\n"), 0, nested).close;
  it("needs the same character, at least as long, at most three columns more indented", () => {
    expect(close("````\na\n```\n````")).toBe(3);
    expect(close("~~~\na\n```\n~~~")).toBe(3);
    expect(close("```\na\n    ```\n```")).toBe(3);
    expect(close("  ```\na\n     ```")).toBe(2);
    expect(close("```\na\n``` x\n")).toBeNull();
  });
  it("pairs an inner fence with an info string with the next bare one, unless asked for CommonMark exactly", () => {
    expect(close("```md\n```js\nx\n```\n```")).toBe(4);
    expect(close("```md\n```js\nx\n```\n```", false)).toBe(3);
  });
});

describe("parseInfo", () => {
  const info = (s: string) => parseInfo(s, (w) => isPathWord(w));
  it.each([
    ["python", { tag: "python", path: null }],
    ["js foo.js", { tag: "js", path: "foo.js" }],
    ["python:src/a.py", { tag: "python", path: "src/a.py" }],
    ['js title="src/foo.js"', { tag: "js", path: "src/foo.js" }],
    ["hello.py", { tag: "", path: "hello.py" }],
    ["markdown README.md", { tag: "markdown", path: "README.md" }],
    ["{.python .numberLines}", { tag: "python", path: null }],
    ["ts {1,3-5}", { tag: "ts", path: null }],
  ])("%j", (s, want) => expect(info(s)).toEqual(want));
});

describe("standaloneName", () => {
  it.each([
    ["foo.js", "foo.js"],
    ["**foo.js**", "foo.js"],
    ["### `src/foo.js`", "src/foo.js"],
    ["File: foo.js", "foo.js"],
    ["Filename: src/foo.js", "src/foo.js"],
    ["**File: `src/a.py`**", "src/a.py"],
    ["`src/a.py` (new file):", "src/a.py"],
    ["1. `a.py`:", "a.py"],
    ["Makefile", "Makefile"],
    [".github/workflows/ci.yml", ".github/workflows/ci.yml"],
  ])("%j names %j", (line, want) => expect(standaloneName(line, "x.py")).toBe(want));
  it.each(["Here is the code:", "Node.js", "e.g.", "3.12", "## Usage", "Example output"])("%j names nothing", (line) => expect(standaloneName(line, "x.py")).toBeNull());
});

describe("unclosedAtEnd", () => {
  it.each([
    ["python", 'x = "it\'s"  # don\'t\ny = \'\'\'a\nb\'\'\'\n'],
    ["python", 's = r"\\d+"\n'],
    ["javascript", "const r = /[\"'`]/g;\nconst t = `a ${b ? `c` : \"}\"} d`;\n"],
    ["javascript", "const half = a / b / c;\nconst s = 'x';\n"],
    ["typescript", "// it's fine\n/* don't */\nexport const a = 1;\n"],
    ["go", "type T struct {\n\tA string `json:\"a\"`\n}\n"],
    ["java", 'String s = """\n  text\n  """;\n'],
    ["c", "/* a */ int main(void) { return '\"'; }\n"],
    ["bash", "cat <<'EOF'\nhi\nEOF\necho done\n"],
    ["ruby", "text = <<~TXT\n  hi\n  TXT\n"],
    // `<<` then a space is Ruby's append, not a here-document.
    ["ruby", "@lines << Line.new(product, 1)\nclass << self\nend\n"],
    ["yaml", "a: |\n  ```\n"],
  ])("%s code that ends in code: %j", (language, code) => expect(unclosedAtEnd(code, language)).toBeNull());
  it.each([
    ["python", 'USAGE = """\n', 'a """ string'],
    ["python", "x = '''\n", "a ''' string"],
    ["javascript", "const t = `\n# title\n", "a ` string"],
    ["javascript", "const t = `${a}\n", "a ` string"],
    ["typescript", "/*\nUsage:\n", "a comment"],
    ["go", "const h = `\nrun\n", "a ` string"],
    ["kotlin", 'val s = """\n', 'a """ string'],
    ["rust", "/* doc\n", "a comment"],
    ["bash", "cat > f <<EOF\n# Tool\n", "a here-document (<<EOF)"],
    ["bash", "cat > f << EOF\n# Tool\n", "a here-document (<<EOF)"],
    ["ruby", "text = <<~TXT\n  hi\n", "a here-document (<<TXT)"],
  ])("%s code that ends inside: %j", (language, code, what) => expect(unclosedAtEnd(code, language)).toBe(what));
});
