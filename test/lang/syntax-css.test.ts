import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// A declaration that lost its `;` before the next one on the following line: CSS reads the two as
// one declaration whose value runs on (`color: red margin: 0`), invalid for the property, and a
// browser drops it whole, so both styles are silently lost. The grammar read it without
// complaint and the file was written as a checked success.

const card = (body: string) => `.card {\n  display: grid;\n${body}}\n`;

describe("CSS: a declaration missing its ;", () => {
  it("is refused where the ; is missing, naming the declaration that follows", async () => {
    const v = await checkSyntax(card("  color: #333\n  margin: 0 auto;\n"), "css", { file: "src/card.css" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:14: missing ";" before "margin"\n {2}3 \| color: #333/) });
    const inFontFace = '@font-face {\n  font-family: "Inter";\n  src: url(inter.woff2) format("woff2")\n  font-display:swap;\n}\n';
    expect(await checkSyntax(inFontFace, "css")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:40: missing ";" before "font-display"/) });
  });

  it("values over several lines, the last declaration without ;, and custom properties are accepted", async () => {
    const multi = card('  font-family:\n    system-ui,\n    sans-serif;\n  grid-template-areas:\n    "head head"\n    "side main";\n  box-shadow:\n    0 1px 2px rgb(0 0 0 / 20%),\n    inset 0 0 1px blue;\n  color: red\n');
    expect(await checkSyntax(multi, "css")).toEqual({ ok: true, checked: "tree-sitter" });
    // A custom property's value may hold any tokens, a colon included.
    expect(await checkSyntax(":root {\n  --shadow: 0 1px\n    red;\n  --gap: 4px;\n}\n", "css")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

// Relative selectors: `:has(> img)` (Baseline since 2023) and a nested rule that starts with a
// combinator (`> .title { … }` inside `.card { … }`, CSS nesting). The grammar wants a selector
// before the combinator and refused both on every attempt ("missing \"*\""), so the task escalated.
describe("CSS: relative selectors", () => {
  it(":has() with a combinator and a nested rule starting with one are accepted as checked", async () => {
    const has = ".card:has(> img) { display: grid; }\nli:has(+ li, ~ .sep) { margin: 0; }\n";
    expect(await checkSyntax(has, "css", { file: "src/card.css" })).toEqual({ ok: true, checked: "tree-sitter" });
    const nested = card("  > .title { font-weight: 600; }\n  + .card { margin-top: 1rem; }\n  &:hover { color: red; }\n");
    expect(await checkSyntax(nested, "css", { file: "src/card.css" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake next to them is still refused at its line", async () => {
    expect(await checkSyntax(".card:has(> img { display: grid; }\n", "css")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:/) });
    expect(await checkSyntax(card("  > .title { font-weight: 600;\n"), "css")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:/) });
  });
});
