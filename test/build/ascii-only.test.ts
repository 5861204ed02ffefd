import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { distDir } from "../support/dist.js";

// scripts/ascii-only.mjs escapes what esbuild leaves non-ASCII in the CLI's bundle, so that
// dist/cli.js reads it as a one-byte string; the escaped code must mean exactly what it meant.
const { asciiOnly } = (await import(pathToFileURL(resolve("scripts/ascii-only.mjs")).href)) as { asciiOnly: (code: string) => string };

/** What `code` (a script ending in an expression) evaluates to, as JSON; regular expressions by what they match. */
function value(code: string): string {
  return JSON.stringify(runInNewContext(code), (_, v: unknown) => (v instanceof Object && v.constructor?.name === "RegExp" ? ["é", "：", "😀", "\\é", "✗ x", "a"].map((s) => (v as RegExp).test(s)) : v));
}

describe("the ASCII escaping of the CLI's bundle", () => {
  it("keeps the meaning of comments, regular expressions and templates, backslashes and astral characters included", () => {
    const cases = [
      "// é — comment\n/* ✗ */ [/[:：]\\s*$/u, /é/, /\\é😀/, /[😀]/u, /^(\\s*)✗ (.*)$/]",
      "const n = 1; [`x ✗ ${n} é`, `\\é \\\\é 😀`]",
      "[String.raw`a ✗ \\é b \\\\é 😀 ${1} \\${2}`, String.raw`${'x'}é`]",
      "const tag = (s) => s.raw.join('|'); [tag`é ✗`]",
      // A backslash before U+2028/U+2029 in a template is a line continuation: both mean nothing.
      "[`a\\\u2028b`, `c\\\\\u2029d`, `e\u2028f`]",
    ];
    for (const code of cases) {
      const escaped = asciiOnly(code);
      expect(value(escaped), code).toBe(value(code));
      // Another tag than String.raw could see the difference: its text stays as it is.
      if (!code.includes("tag`")) expect(isAscii(Buffer.from(escaped)), escaped).toBe(true);
    }
  });

  it("keeps the qualification suite's files, which are String.raw templates with non-ASCII text, byte for byte", async () => {
    const out = await build({
      stdin: { contents: 'export { SUITE } from "./src/qualify/suite/index.ts"; export { HARNESS } from "./src/qualify/suite/harness.ts"; export { PY_HARNESS } from "./src/qualify/suite/harness-py.ts";', resolveDir: resolve("."), loader: "ts" },
      bundle: true,
      format: "iife",
      globalName: "suite",
      charset: "ascii",
      platform: "node",
      write: false,
      logLevel: "silent",
    });
    const code = `${out.outputFiles[0]!.text}\nsuite;`;
    expect(isAscii(Buffer.from(code))).toBe(false);
    const escaped = asciiOnly(code);
    expect(isAscii(Buffer.from(escaped))).toBe(true);
    expect(value(escaped)).toBe(value(code));
  });

  it("leaves dist/cli-main.cjs all ASCII", () => {
    expect(isAscii(readFileSync(join(distDir(), "cli-main.cjs")))).toBe(true);
  });
});
