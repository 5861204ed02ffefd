import { describe, expect, it } from "vitest";
import { importsTarget } from "../../src/refactor/resolve-import.js";

describe("importsTarget", () => {
  it.each([
    ["src/b.ts", "./a", "src/a.ts"],
    ["src/b.ts", "./a.ts", "src/a.ts"],
    ["src/b.ts", "./a.js", "src/a.ts"],
    ["src/b.tsx", "./a.jsx", "src/a.tsx"],
    ["src/b.ts", "./a.mjs", "src/a.mts"],
    ["src/b.js", "./a.js", "src/a.js"],
    ["src/deep/b.ts", "../a", "src/a.ts"],
    ["src/deep/b.ts", "../../src/a.js", "src/a.ts"],
    ["b.ts", "./src/a", "src/a.ts"],
    ["src/b.ts", "./lib", "src/lib/index.ts"],
    ["src/b.ts", "./lib/index.js", "src/lib/index.ts"],
    ["src/b.ts", "./lib/", "src/lib/index.ts"],
    ["src/lib/x.ts", ".", "src/lib/index.ts"],
    ["src/lib/x.ts", "./", "src/lib/index.ts"],
    ["src/lib/deep/x.ts", "..", "src/lib/index.ts"],
    ["src/b.ts", "./a.service", "src/a.service.ts"],
    ["src/b.ts", "./a.service.js", "src/a.service.ts"],
  ])("%s importing %j names %s", (importer, spec, target) => {
    expect(importsTarget(importer, spec, target)).toBe(true);
  });

  it.each([
    ["src/b.ts", "a", "src/a.ts", "a bare package name"],
    ["src/b.ts", "@scope/a", "src/a.ts", "a scoped package"],
    ["src/b.ts", "./ab", "src/a.ts", "another file"],
    ["src/b.ts", "./a", "src/a/b.ts", "a file in a folder of that name"],
    ["src/b.ts", "./a", "lib/a.ts", "a file of that name elsewhere"],
    ["src/b.ts", "./a.json", "src/a.ts", "another extension that is not code"],
    ["src/b.ts", "./data", "src/data.json", "a non-code target"],
    ["src/b.ts", "./lib", "src/lib/main.ts", "a folder whose file is not index"],
    ["src/b.ts", "./lib/", "src/lib.ts", "a file, when the slash says folder"],
    ["src/lib/deep/x.ts", "..", "src/lib.ts", "a file, when .. says folder"],
    ["src/lib/x.ts", ".", "src/lib.ts", "a file, when . says folder"],
  ])("%s importing %j does not name %s (%s)", (importer, spec, target) => {
    expect(importsTarget(importer, spec, target)).toBe(false);
  });
});
