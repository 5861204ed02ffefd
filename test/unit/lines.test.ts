import { describe, expect, it } from "vitest";
import { countLines, lineAt } from "../../src/util/lines.js";

describe("countLines: lines as an editor shows them", () => {
  it.each([
    ["", 0],
    ["a", 1],
    ["a\n", 1],
    ["a\nb", 2],
    ["a\nb\n", 2],
    ["\n", 1],
    ["a\n\n", 2],
    ["\n\n\n", 3],
  ])("%j → %i", (text, n) => expect(countLines(text)).toBe(n));
});

describe("lineAt: the line an offset falls on", () => {
  const text = "ab\ncd\n\nef";
  it.each([
    [0, 1],
    [2, 1],
    [3, 2],
    [6, 3],
    [7, 4],
    [text.length, 4],
  ])("offset %i → line %i", (offset, line) => expect(lineAt(text, offset)).toBe(line));
  it("agrees with counting the newlines before the offset", () => {
    for (let o = 0; o <= text.length; o++) expect(lineAt(text, o)).toBe(text.slice(0, o).split("\n").length);
  });
});
