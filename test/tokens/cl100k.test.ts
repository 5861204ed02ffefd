import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import ranks from "gpt-tokenizer/bpeRanks/cl100k_base";
import { buildTable, mergeCount, parseTable } from "../../src/tokens/cl100k-table.js";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { CL100K_SPLIT, countWith, TABLE_FILE } from "../../src/tokens/cl100k.js";
import { rankTableBytes } from "../../src/tokens/cl100k-ranks.js";
import { distDir } from "../support/dist.js";

// The counts must be gpt-tokenizer's, exactly: the ledger's figures were made with it. Special
// tokens are counted as plain text (gpt-tokenizer with no special token disallowed).
const reference = (text: string): number => countTokens(text, { disallowedSpecial: new Set() });

/** Every text file under `dir` (the project's own sources and tests: code, prose, many languages). */
function texts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...texts(path));
    else if (/\.(ts|md|json|py|go|rs|txt|yaml)$/.test(name)) out.push(readFileSync(path, "utf8"));
  }
  return out;
}

/** Random strings over a mix of scripts, emoji, lone surrogates, control and odd whitespace. */
function randomTexts(n: number, seed = 7): string[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
  const pools = ["abc XYZ 012 ", "éèçàœ ß ñ ", "中文字符測試", "日本語のテキスト", "한국어", "русский текст ", "العربية ", "😀👍🏽🇫🇷‍", "\ud800\udc00\ud83d", "\udc00", " \t\n\r\u00a0\u2028  ", "'s'T'll'VE ", "{}()[];:=>-+*/\\\"`", "<|endoftext|><|fim_prefix|>", "1234567890"];
  return Array.from({ length: n }, () => {
    let t = "";
    const len = next() % 200;
    for (let i = 0; i < len; i++) {
      const pool = pools[next() % pools.length]!;
      const chars = [...pool];
      t += chars[next() % chars.length];
    }
    return t;
  });
}

describe("cl100k_base counts from the binary table", () => {
  const table = parseTable(rankTableBytes())!;

  it("are gpt-tokenizer's on the project's own files, random text in many scripts, and special tokens", () => {
    const all = [...texts("src"), ...texts("test"), ...texts("docs"), ...randomTexts(3000), "", " ", "<|endoftext|>", "a<|endoftext|>b", "\ud800", "x".repeat(5000), " ".repeat(3000), "€".repeat(999)];
    const wrong = all.filter((t) => countWith(table, t) !== reference(t)).map((t) => t.slice(0, 80));
    expect(wrong).toEqual([]);
    expect(all.length).toBeGreaterThan(3300);
  });

  it("are gpt-tokenizer's on long pieces the split leaves whole, merged through the heap", () => {
    let s = 11;
    const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
    const letters = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join("");
    const long = [
      "x".repeat(257), "x".repeat(20_000), " ".repeat(20_000), "\n".repeat(5_000), "é".repeat(4_000), "中".repeat(3_000),
      letters("ab", 6_000), letters("aeiou", 6_000), letters("abcdefghijklmnopqrstuvwxyz", 8_000), letters("AbCdEfGhIj", 8_000),
      ` ${letters("thequickbrownfox", 5_000)}`, letters("ab", 300), letters("zq", 513),
    ];
    const wrong = long.filter((t) => countWith(table, t) !== reference(t)).map((t) => `${t.slice(0, 20)}… (${t.length})`);
    expect(wrong).toEqual([]);
  });

  it("counts a byte-order mark as cl100k's one token for it (3305), where gpt-tokenizer never finds it and counts more", () => {
    // The one known difference: files saved by some editors (C# from Visual Studio) start with one.
    for (const t of ["\ufeffhello", "\ufeffusing System;\n"]) expect(countWith(table, t), t).toBeLessThan(reference(t));
    expect(countWith(table, "\ufeff")).toBe(1);
    expect(countWith(table, "\ufeffhello")).toBe(2);
  });

  it("is the same table in the built dist/ as the one built from gpt-tokenizer's ranks", () => {
    expect(readFileSync(join(distDir(), TABLE_FILE)).equals(Buffer.from(rankTableBytes()))).toBe(true);
  });

  it("merges each token holding U+FFFD back to itself (a piece with a lone surrogate may be looked up whole)", () => {
    const enc = new TextEncoder();
    const withFffd = ranks.filter((r): r is string => typeof r === "string" && r.includes("\ufffd"));
    expect(withFffd.length).toBeGreaterThan(0);
    expect(withFffd.filter((r) => mergeCount(table, enc.encode(r), enc.encode(r).length) !== 1)).toEqual([]);
  });

  it("splits a text with gpt-tokenizer's own pattern", () => {
    expect(new RegExp(CL100K_SPLIT, "gu").source).toBe(CL100K_TOKEN_SPLIT_REGEX.source);
    expect(CL100K_TOKEN_SPLIT_REGEX.flags).toBe("gu");
  });

  it("refuses a file that is not a whole table", () => {
    const bytes = rankTableBytes();
    expect(parseTable(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(parseTable(new Uint8Array(100))).toBeNull();
    expect(parseTable(new Uint8Array(0))).toBeNull();
  });

  it("refuses ranks that name the same bytes twice", () => {
    expect(() => buildTable(["a", "b", "a"])).toThrow(/ranks 0 and 2/);
  });
});
