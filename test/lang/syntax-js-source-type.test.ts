import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// Node reads a .cjs file as CommonJS and a .mjs file as a strict module whatever package.json
// says; a .js file is either, so it is parsed as whichever it looks like.

describe("JavaScript parsed as Node reads the file's extension", () => {
  it("refuses import/export in a .cjs file, saying how CommonJS writes it", async () => {
    const v = await checkSyntax("export function slugify(s) {\n  return s.toLowerCase();\n}\n", "javascript", { file: "src/slug.cjs" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:1: a \.cjs file is CommonJS: use require\(\) and module\.exports/) });
    expect(await checkSyntax('import x from "y";\n', "javascript", { file: "a.cjs" })).toMatchObject({ ok: false });
  });

  it("refuses `with` in an .mjs file (modules are strict)", async () => {
    expect(await checkSyntax("with (Math) {\n  console.log(PI);\n}\n", "javascript", { file: "a.mjs" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:1: /) });
  });

  it("accepts a .cjs file using require, module.exports, a dynamic import and a top-level return", async () => {
    const cjs = 'const path = require("node:path");\nif (!process.argv[2]) return;\nmodule.exports = { ext: (f) => path.extname(f), later: () => import("./x.mjs") };\n';
    expect(await checkSyntax(cjs, "javascript", { file: "lib/ext.cjs" })).toEqual({ ok: true, checked: "babel" });
  });

  it("accepts an .mjs file using import, export and top-level await", async () => {
    const mjs = 'import { readFile } from "node:fs/promises";\nexport const text = await readFile(new URL("./a.txt", import.meta.url), "utf8");\n';
    expect(await checkSyntax(mjs, "javascript", { file: "a.mjs" })).toEqual({ ok: true, checked: "babel" });
  });

  it("reads a .js file, or one with no name given, as either", async () => {
    for (const file of ["a.js", undefined]) {
      expect(await checkSyntax("export const a = 1;\n", "javascript", { file })).toEqual({ ok: true, checked: "babel" });
      expect(await checkSyntax("with (Math) { PI; }\n", "javascript", { file })).toEqual({ ok: true, checked: "babel" });
    }
  });
});
