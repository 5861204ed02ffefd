import { describe, expect, it } from "vitest";
import { countLines } from "../../src/util/lines.js";

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
