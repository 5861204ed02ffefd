// House rule: a function in src/ is short enough to read at once (about 80 lines at most), a file
// under about 250. Measured on the syntax tree with the TypeScript compiler the project builds with.
import { readFileSync } from "node:fs";
import { globSync } from "tinyglobby";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { countLines } from "../../src/util/lines.js";

const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 250;

interface Long {
  where: string;
  lines: number;
}

function longFunctions(file: string): Long[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Long[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      if (lines > MAX_FUNCTION_LINES) out.push({ where: `${file}:${lineOf(node.getStart(source)) + 1} ${nameOf(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function nameOf(node: ts.Node): string {
  const n = (node as { name?: ts.Node }).name;
  return n && ts.isIdentifier(n) ? n.text : "(anonymous)";
}

const files = globSync(["src/**/*.ts"], { cwd: process.cwd() }).sort();

describe("house rules", () => {
  it(`no function in src/ passes ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(longFunctions)).toEqual([]);
  });

  it(`no file in src/ passes ${MAX_FILE_LINES} lines`, () => {
    const long = files.map((f) => ({ f, lines: countLines(readFileSync(f, "utf8")) })).filter((x) => x.lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });
});
