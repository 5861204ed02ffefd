// The ASCII scanner stands in for cl100k's split pattern wherever a text is all ASCII (the token
// estimate, and the exact cl100k count in the ledger): it must make the very pieces the pattern
// makes, and the estimate must come out the same figure, on random text built from the characters
// the pattern treats apart and on the repository's own files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { denseAsciiTokens, denseTokens } from "../../src/prompt/tokens.js";
import { CL100K_SPLIT } from "../../src/tokens/cl100k.js";
import { eachAsciiPiece, isAscii } from "../../src/tokens/split-ascii.js";

const byPattern = (text: string) => [...text.matchAll(new RegExp(CL100K_SPLIT, "gu"))].map((m) => m[0]);
const byScanner = (text: string) => {
  const pieces: string[] = [];
  eachAsciiPiece(text, (s, e) => pieces.push(text.slice(s, e)));
  return pieces;
};

/** A fixed pseudo-random sequence (mulberry32), so a failure names a text that can be rerun. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each class the pattern treats apart: cases, digits, each kind of whitespace, the contractions'
// letters after an apostrophe, punctuation and control characters.
const ALPHABET = ["a", "b", "Z", "Q", "s", "S", "t", "l", "L", "v", "e", "E", "r", "d", "m", "M", "0", "7", "9", "1234", "00000", "x1y", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\v", "\f", "'", "'", "'s", "'LL", "'rE", "(", ")", "{", "_", "-", ".", "\"", "#", "\x00", "\x1f", "\x7f", "HTMLParser", "camelCase", "ABc"];

function randomText(next: () => number, length: number): string {
  let s = "";
  while (s.length < length) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

describe("cl100k's split by character codes, for ASCII text", () => {
  it("makes the pattern's pieces on 3,000 random texts", () => {
    const next = random(20261208);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(next, 1 + Math.floor(next() * 60));
      expect(byScanner(text), JSON.stringify(text)).toEqual(byPattern(text));
      expect(denseAsciiTokens(text), JSON.stringify(text)).toBe(denseTokens(text));
    }
  });

  it("makes the pattern's pieces on the repository's own ASCII files, and the same estimate", () => {
    const root = join(import.meta.dirname, "../..");
    const files = globSync(["src/**/*.ts", "test/**/*.{ts,py,go,rs,java,json,md}", "docs/**/*.md", "*.md", "package-lock.json"], { cwd: root });
    let checked = 0;
    for (const rel of files) {
      const text = readFileSync(join(root, rel), "utf8");
      if (!isAscii(text)) continue;
      expect(byScanner(text), rel).toEqual(byPattern(text));
      expect(denseAsciiTokens(text), rel).toBe(denseTokens(text));
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("takes a text with any character beyond ASCII as not ASCII", () => {
    expect(isAscii("const x = 1;\n")).toBe(true);
    expect(isAscii("const café = 1;\n")).toBe(false);
    expect(isAscii("x\u0080")).toBe(false);
  });
});
