// docs/dev/architecture.md draws the folders of src/ and which import which: the drawing is
// checked against the imports, so it shows the house as it is, not as it was.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderGraph, importGraph, tsFiles } from "./import-graph.js";

const SRC = join(import.meta.dirname, "../../src");
const DOC = join(import.meta.dirname, "../../docs/dev/architecture.md");

/** `a --> b` edges of the doc's first mermaid block, sorted. */
function drawn(): string[] {
  const block = /```mermaid\n([\s\S]*?)```/.exec(readFileSync(DOC, "utf8"))?.[1] ?? "";
  return [...block.matchAll(/^\s*([\w()-]+)\s*-->\s*([\w()-]+)\s*$/gm)].map((m) => `${m[1]} --> ${m[2]}`).sort();
}

/** The same edges from the imports: one per pair of folders, a folder's own imports left out. */
export function actual(): string[] {
  const folders = folderGraph(importGraph(SRC, tsFiles(SRC)));
  return [...folders].flatMap(([from, tos]) => tos.filter((to) => to !== from).map((to) => `${from.replace(/[()]/g, "")} --> ${to.replace(/[()]/g, "")}`)).sort();
}

/** The same edges from the doc's table of what each folder imports. */
function tabled(): string[] {
  const text = readFileSync(DOC, "utf8");
  return [...text.matchAll(/^\| `(\w+)\/` \| (.*) \|$/gm)]
    .flatMap((m) => m[2]!.split(", ").map((to) => `${m[1]} --> ${to.replace(/`|\/$|\/`/g, "").replace("src/*.ts", "src")}`))
    .filter((e) => !e.endsWith("—"))
    .sort();
}

describe("docs/dev/architecture.md", () => {
  it("draws exactly the folder imports src/ makes, and its table lists the same", () => {
    expect(actual().length).toBeGreaterThan(20);
    // On a failure, the message holds the edges as they are now, to paste into the doc.
    const now = `the folder imports are now:\n${actual().map((e) => `  ${e}`).join("\n")}`;
    expect(drawn(), now).toEqual(actual());
    expect(tabled(), now).toEqual(actual());
  });
});
