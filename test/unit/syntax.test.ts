import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/verify/syntax.js";

function bad(content: string, language: string): string {
  const v = checkSyntax(content, language);
  if (v.ok) throw new Error(`accepted as ${language}: ${content}`);
  return v.message;
}

describe("checkSyntax", () => {
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
  ])("accepts good %s", (language, content) => {
    expect(checkSyntax(content, language)).toEqual({ ok: true, checked: true });
  });

  it("JS: a syntax error names the line and column and shows the line", () => {
    const m = bad("export function f(a) {\n  return a +;\n}\n", "javascript");
    expect(m).toMatch(/^line 2:13: Unexpected token/);
    expect(m).toContain("\n  2 | return a +;");
  });

  it("TS: type syntax is refused in JS and accepted in TS", () => {
    const src = "export const n: number = 1;\n";
    expect(checkSyntax(src, "typescript").ok).toBe(true);
    expect(bad(src, "javascript")).toMatch(/^line 1:/);
  });

  it("TS: an error on a later line names that line", () => {
    expect(bad("interface A {\n  x: number\n}\n\nexport const a: A = { x: 1 ;\n", "typescript")).toMatch(/^line 5:/);
  });

  it("TSX and JSX: an unclosed tag names its line", () => {
    expect(bad("export const C = () => (\n  <div>\n    <span>x</div>\n);\n", "tsx")).toMatch(/^line 3:/);
    expect(bad("export const C = () => <div>;\n", "jsx")).toMatch(/^line 1:/);
  });

  it("JSON: an error names the line", () => {
    expect(bad('{\n  "a": 1,\n  "b": }\n', "json")).toMatch(/^JSON: line 3:/);
    expect(bad('{\n  "a": 1,\n}\n', "json")).toMatch(/^JSON: line 3:/);
    expect(bad('{"a": 1}\n{"b": 2}\n', "json")).toMatch(/^JSON: line 2:/);
    expect(bad('{\n  "a": [1, 2\n', "json")).toMatch(/^JSON: line 3:|^JSON: line 2:/);
    expect(bad("", "json")).toMatch(/^JSON: /);
  });

  it("JSON: the message does not echo the file", () => {
    const long = `{\n${Array.from({ length: 200 }, (_, i) => `  "k${i}": ${i},`).join("\n")}\n  "end": oops\n}\n`;
    const m = bad(long, "json");
    expect(m).toMatch(/^JSON: line 202:10: Unexpected token 'o'\n  202 \| "end": oops$/);
    expect(m).not.toContain("k1");
  });

  it("YAML: an error names the line", () => {
    expect(bad("a: 1\nb: [1, 2\nc: 3\n", "yaml")).toMatch(/^YAML: .*line \d+, column \d+/);
    expect(bad("a: 1\n  b: 2\n", "yaml")).toMatch(/^YAML: .*at line 1, column 4/);
    expect(bad("a: 1\na: 2\n", "yaml")).toMatch(/^YAML: .*line 2/);
  });

  it("says when there is no checker for the language", () => {
    expect(checkSyntax("def f(:\n", "python")).toEqual({ ok: true, checked: false });
    expect(checkSyntax("# x", "markdown")).toEqual({ ok: true, checked: false });
  });
});
