import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

async function bad(content: string, language: string): Promise<string> {
  const v = await checkSyntax(content, language);
  if (v.ok) throw new Error(`accepted as ${language}: ${content}`);
  return v.message;
}

describe("checkSyntax", async () => {
  it.each([
    ["javascript", "export function f(a) {\n  return a + 1;\n}\n"],
    ["javascript", "const x = require('x');\nmodule.exports = { x };\n"],
    ["javascript", "export const App = () => <div className=\"a\">{1}</div>;\n"],
    ["jsx", "export const App = () => <div>{[1].map((n) => <b key={n}>{n}</b>)}</div>;\n"],
    ["typescript", "export interface A { x: number }\nexport const f = <T,>(a: T): T => a;\nconst y = 1 as unknown as string;\n"],
    ["typescript", "export enum E { A, B }\nexport function g(this: Window, a?: number): void {}\n"],
    ["tsx", "export function C(p: { n: number }): JSX.Element {\n  return <span>{p.n}</span>;\n}\n"],
    ["json", '{\n  "a": [1, 2, {"b": null}],\n  "c": "\\u00e9"\n}\n'],
    ["yaml", "a: 1\nb:\n  - x\n  - y\nc: |\n  text\n"],
  ])("accepts good %s", async (language, content) => {
    const checker = language === "json" || language === "yaml" ? language : "babel";
    expect(await checkSyntax(content, language)).toEqual({ ok: true, checked: checker });
  });

  it("JS: a syntax error names the line and column and shows the line", async () => {
    const m = await bad("export function f(a) {\n  return a +;\n}\n", "javascript");
    expect(m).toMatch(/^line 2:13: Unexpected token/);
    expect(m).toContain("\n  2 | return a +;");
  });

  it("TS: type syntax is refused in JS and accepted in TS", async () => {
    const src = "export const n: number = 1;\n";
    expect((await checkSyntax(src, "typescript")).ok).toBe(true);
    expect(await bad(src, "javascript")).toMatch(/^line 1:/);
  });

  it("TS: an error on a later line names that line", async () => {
    expect(await bad("interface A {\n  x: number\n}\n\nexport const a: A = { x: 1 ;\n", "typescript")).toMatch(/^line 5:/);
  });

  it("TSX and JSX: an unclosed tag names its line", async () => {
    expect(await bad("export const C = () => (\n  <div>\n    <span>x</div>\n);\n", "tsx")).toMatch(/^line 3:/);
    expect(await bad("export const C = () => <div>;\n", "jsx")).toMatch(/^line 1:/);
  });

  it("JSON: an error names the line", async () => {
    expect(await bad('{\n  "a": 1,\n  "b": }\n', "json")).toMatch(/^JSON: line 3:/);
    expect(await bad('{\n  "a": 1,\n}\n', "json")).toMatch(/^JSON: line 3:/);
    expect(await bad('{"a": 1}\n{"b": 2}\n', "json")).toMatch(/^JSON: line 2:/);
    expect(await bad('{\n  "a": [1, 2\n', "json")).toMatch(/^JSON: line 3:|^JSON: line 2:/);
    expect(await bad("", "json")).toMatch(/^JSON: /);
  });

  it("JSON: the message does not echo the file", async () => {
    const long = `{\n${Array.from({ length: 200 }, (_, i) => `  "k${i}": ${i},`).join("\n")}\n  "end": oops\n}\n`;
    const m = await bad(long, "json");
    expect(m).toMatch(/^JSON: line 202:10: Unexpected token 'o'\n  202 \| "end": oops$/);
    expect(m).not.toContain("k1");
  });

  it("YAML: an error names the line", async () => {
    expect(await bad("a: 1\nb: [1, 2\nc: 3\n", "yaml")).toMatch(/^YAML: .*line \d+, column \d+/);
    expect(await bad("a: 1\n  b: 2\n", "yaml")).toMatch(/^YAML: .*at line 1, column 4/);
    expect(await bad("a: 1\na: 2\n", "yaml")).toMatch(/^YAML: .*line 2/);
  });

  it("says when there is no checker for the language", async () => {
    expect(await checkSyntax("# x", "markdown")).toEqual({ ok: true, checked: "none" });
    expect(await checkSyntax("SELECT 1;", "sql")).toEqual({ ok: true, checked: "none" });
    expect(await checkSyntax("whatever", "text")).toEqual({ ok: true, checked: "none" });
  });

  it("Python: the unclosed parenthesis a model wrote is refused, at the parenthesis (issue 11)", async () => {
    const m = await bad("def clamp(n, lo, hi):\n    return min(hi, max(lo, n)\n", "python");
    expect(m).toBe('line 2:15: "(" is not closed\n  2 | return min(hi, max(lo, n)');
  });

  it("Python: indentation tree-sitter accepts but Python refuses is refused", async () => {
    expect(await bad("def f(x):\n    if x:\n        return 1\n      return 2\n", "python")).toMatch(/^line 4:7: unindent does not match any outer indentation level/);
    expect(await bad("def f(x):\n    y = 1\n      return y\n", "python")).toMatch(/^line 3:7: unexpected indent/);
    expect(await bad("try:\n    x = 1\n  except ValueError:\n    pass\n", "python")).toMatch(/^line 3:3: /);
    // Continuation lines, one-line blocks, comments, `;`, strings and `\` are not statements' indentation.
    const ok = 'def f(a,\n        b):\n    if a: return b\n# a comment anywhere\n    x = foo(\n        1,\n    )\n    y = [\n        i for i in x\n    ]; z = 3\n    s = """\nnot indented\n  at all"""\n    return x + \\\n        y\n';
    expect(await checkSyntax(ok, "python")).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("C: a header's `extern \"C\" {` inside #ifdef, and C++ in a .h file, are not errors", async () => {
    const header = '#ifdef __cplusplus\nextern "C" {\n#endif\nint f(void);\n#ifdef __cplusplus\n}\n#endif\n';
    expect(await checkSyntax(header, "c")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax("namespace a {\nclass B { public: int f() const; };\n}\n", "c")).toEqual({ ok: true, checked: "tree-sitter" });
    // An unbalanced #if is not blanked away: the brace it hides is still unclosed.
    expect(await bad('#ifdef __cplusplus\nextern "C" {\n#endif\nint f(void);\n', "c")).toMatch(/^line 2:/);
  });

  it("C/C++: a function head split over #ifdef/#elif/#else is read one branch at a time, and a mistake in any branch is refused", async () => {
    const heads = (a: string, b: string, c: string) =>
      `#ifdef _WIN32\n${a}\n#elif defined(__APPLE__) && \\\n    defined(__MACH__)\n${b}\n#else\n${c}\n#endif\n{\n#if N > 1\n  return 1;\n#else\n  return 0;\n#endif\n}\n`;
    const good = heads("int put(void *h, long n)", "int put(int fd, long n)", "int put(int fd,\n        long n)");
    for (const language of ["c", "cpp"]) expect(await checkSyntax(good, language)).toEqual({ ok: true, checked: "tree-sitter" });
    // `gcc -fsyntax-only` with -D_WIN32, -D__APPLE__ or neither refuses each of these.
    expect(await bad(heads("int put(void *h, long n", "int put(int fd, long n)", "int put(int fd, long n)"), "c")).toMatch(/^line 2:/);
    expect(await bad(heads("int put(void *h, long n)", "int put(int fd long n)", "int put(int fd, long n)"), "c")).toMatch(/^line 5:/);
    expect(await bad(heads("int put(void *h, long n)", "int put(int fd, long n)", "int put(int fd, long n"), "c")).toMatch(/^line 7:/);
  });

  it("Swift: an #if never closed, or an #endif with no #if, is refused; nested and inline ones are read", async () => {
    const good = "struct Paths {\n  static var home: String {\n    #if os(Linux)\n    return \"/home\"\n    #elseif os(Windows)\n    return \"C:\\\\Users\"\n    #else\n    #if DEBUG\n    return \"/tmp\"\n    #endif\n    return \"/Users\"\n    #endif\n  }\n}\n";
    expect(await checkSyntax(good, "swift")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await bad(good.replace("    #endif\n  }\n}\n", "  }\n}\n"), "swift")).toMatch(/^line 3:5: "#if" is never closed by "#endif"/);
    expect(await bad("let a = 1\n#endif\n", "swift")).toMatch(/^line 2:1: #endif without an #if before it/);
  });

  it("C/C++: a macro used as syntax leaves the file unchecked, said so, not refused", async () => {
    const v = await checkSyntax("class MY_EXPORT Widget {\npublic:\n  int size() const;\n};\n", "cpp");
    expect(v).toMatchObject({ ok: true, checked: "none" });
    expect(v.ok && v.note).toMatch(/macro/);
  });

  it("C#, Rust, CSS: newer syntax the grammars predate is read, mistakes around it still found", async () => {
    expect(await checkSyntax("namespace A.B;\n\npublic class C { public required int N { get; init; } }\n", "csharp")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await bad("namespace A.B;\n\npublic class C {\n  int N() { return 1 }\n}\n", "csharp")).toMatch(/^line 4:/);
    expect(await checkSyntax("fn f(o: Option<u8>) -> u8 {\n    let Some(v) = o else { return 0 };\n    v\n}\n", "rust")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await bad("fn f(o: Option<u8>) -> u8 {\n    let Some(v) = o else { return 0 };\n    let w = v\n    w\n}\n", "rust")).toMatch(/^line 3:/);
    expect(await checkSyntax("@media (min-width: 1px) {\n  a:hover { color: red; }\n}\n", "css")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await bad("@media (min-width: 1px {\n  a { color: red; }\n}\n", "css")).toMatch(/^line 1:/);
  });

  it("SCSS: only brackets are checked, and the verdict says so", async () => {
    const v = await checkSyntax('@use "sass:math";\n$r: 4px !default;\n.a { width: math.div($r, 2); }\n', "scss");
    expect(v).toMatchObject({ ok: true, checked: "tree-sitter" });
    expect(v.ok && v.note).toMatch(/only brackets/);
  });

  it("HTML: a stray end tag and an element left open are refused; optional end tags are not", async () => {
    expect(await bad("<div>\n  <p>a</span>\n</div>\n", "html")).toMatch(/^line 2:7: unexpected "<\/span>" \(the open element is <p>\)/);
    expect(await bad("<main>\n  <section>\n    <h1>x</h1>\n</main>\n", "html")).toMatch(/^line 2:3: "<section>" is not closed/);
    expect(await checkSyntax("<ul>\n  <li>a\n  <li>b\n</ul>\n<p>one\n<p>two<br><img src=x>\n", "html")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("YAML: a stream of several documents", () => {
  // Kubernetes manifests, GitHub's multi-document configs: valid YAML (PyYAML's safe_load_all
  // reads them), refused on every attempt when only one document was expected.
  it("is accepted, with `---` between documents and at the start", async () => {
    const manifests = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    expect(await checkSyntax(manifests, "yaml", { file: "k8s/web.yaml" })).toEqual({ ok: true, checked: "yaml" });
    expect(await checkSyntax(`---\n${manifests}...\n`, "yaml", { file: "k8s/web.yaml" })).toEqual({ ok: true, checked: "yaml" });
  });

  it("a mistake in a later document is still refused at its line", async () => {
    expect(await bad("a: 1\n---\nb: 2\n  c: 3\n", "yaml")).toMatch(/^YAML: .*at line 3, column 4/);
  });
});

describe("YAML: an alias with no anchor", () => {
  // PyYAML: "found undefined alias 'y'"; the yaml library parses it and fails only when read.
  it("is refused at its line; an alias of an anchor above it, and a merge key, are not", async () => {
    expect(await bad("base: &base\n  image: node\nweb:\n  <<: *bsae\n  port: 80\n", "yaml")).toMatch(/^YAML: .*\*bsae.*line 4, column 7/);
    expect(await bad("a: *x\nb: &x 1\n", "yaml")).toMatch(/line 1, column 4/);
    expect(await checkSyntax("base: &base\n  image: node\nweb:\n  <<: *base\n  port: 80\nlist:\n  - &one 1\n  - *one\n", "yaml")).toEqual({ ok: true, checked: "yaml" });
  });
});

describe("JSON with comments, where the tool reads them", () => {
  // `tsc --init` writes a tsconfig.json full of comments, with trailing commas allowed; VS Code's
  // and devcontainer settings are the same. Refused, the file could not be edited and kept.
  const tsconfig = '{\n  // Visit https://aka.ms/tsconfig to read more about this file\n  "compilerOptions": {\n    /* Environment */\n    "target": "es2022",\n    // "outDir": "./dist",\n    "strict": true,\n    "paths": { "@/*": ["./src/*"], },\n  },\n}\n';

  it.each(["tsconfig.json", "packages/web/tsconfig.build.json", "jsconfig.json", ".vscode/settings.json", ".devcontainer/devcontainer.json"])("%s: comments and trailing commas are read", async (file) => {
    expect(await checkSyntax(tsconfig, "json", { file })).toEqual({ ok: true, checked: "json" });
  });

  it("a mistake in such a file is still refused at its line, and package.json stays strict JSON", async () => {
    const v = await checkSyntax(tsconfig.replace('"strict": true,', '"strict": true\n    "noEmit": true,'), "json", { file: "tsconfig.json" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^JSON: line 8:5: /) });
    expect(await checkSyntax('{\n  // the name\n  "name": "x"\n}\n', "json", { file: "package.json" })).toMatchObject({ ok: false });
    expect(await checkSyntax('{ "url": "http://x/*y*/", "a": "//b" }', "json", { file: "tsconfig.json" })).toEqual({ ok: true, checked: "json" });
  });
});
