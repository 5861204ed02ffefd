// The one-way house, checked from the sources: nothing below src/cli/ imports cli/, and no import
// circle anywhere (type-only imports count: a circle of types is still a knot to untie by hand).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, folderGraph, importGraph, importsBetween, specifiers, tsFiles } from "./import-graph.js";

const SRC = join(import.meta.dirname, "../../src");
const graph = importGraph(SRC, tsFiles(SRC));

describe("the import graph of src/", () => {
  it("is read: every file, and the imports the engine is known to make", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("engine/run.ts")).toContain("write/transaction.ts");
    // Dynamic imports count too: main.ts loads each command only when it runs.
    expect(graph.get("cli/main.ts")).toContain("cli/commands/run.ts");
  });

  it("has no file outside cli/ that imports cli/", () => {
    const upward = [...graph].flatMap(([file, deps]) => (file.startsWith("cli/") ? [] : deps.filter((d) => d.startsWith("cli/")).map((d) => `${file} imports ${d}`)));
    expect(upward).toEqual([]);
  });

  it("has no import circle", () => {
    expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("has no circle between folders either: each stage only imports the stages below it", () => {
    // Each circle with the file imports behind each of its steps.
    const found = cycles(folderGraph(graph)).map((c) => ({ circle: c.join(" -> "), because: c.slice(1).flatMap((to, i) => importsBetween(graph, c[i]!, to)) }));
    expect(found).toEqual([]);
  });
});

describe("the checker itself", () => {
  it("reads static, type-only, re-exported, side-effect and dynamic imports, and not those in comments", () => {
    const src = [
      `import { a } from "./a.js";`,
      `import type { B } from "../b.js";`,
      `import {\n  c,\n  d,\n} from "./c.js";`,
      `export { e } from "./e.js";`,
      `export * from "./f.js";`,
      `import "./g.js";`,
      `const h = await import("./h.js");`,
      `// import { x } from "./commented.js";`,
      `/* import("./also-commented.js") */`,
      `const url = "http://example.com"; import tpl from "./t.md?raw";`,
    ].join("\n");
    expect(specifiers(src)).toEqual(["./a.js", "../b.js", "./c.js", "./e.js", "./f.js", "./g.js", "./h.js", "./t.md?raw"]);
  });

  it("finds a circle and names its files in order", () => {
    const g = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(cycles(g)).toEqual([
      ["a.ts", "b.ts", "c.ts", "a.ts"],
      ["e.ts", "e.ts"],
    ]);
    expect(cycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });

  it("sees a circle between folders that no two files make alone", () => {
    const g = new Map([
      ["util/lock.ts", ["write/file-lock.ts"]],
      ["write/file-lock.ts", []],
      ["write/prune.ts", ["util/fs.ts"]],
      ["util/fs.ts", []],
    ]);
    expect(cycles(g)).toEqual([]);
    expect(cycles(folderGraph(g))).toEqual([["util", "write", "util"]]);
    expect(importsBetween(g, "write", "util")).toEqual(["write/prune.ts imports util/fs.ts"]);
  });
});
