// A refactor shows its own file whole in <current_file>. Listed in context_files as well, it was
// shown a second time in <context>, cut to fit the budget, and the budget it used there was taken
// from the files the model needed to see.
import { describe, expect, it } from "vitest";
import { buildPrompt } from "../../src/prompt/build.js";
import { promptInput } from "../support/prompt-input.js";

const own = Array.from({ length: 400 }, (_, i) => `export function f${i}(x: number): number {\n  return x + ${i};\n}\n`).join("");
const types = { rel: "src/types.ts", language: "typescript", text: "export type Id = string;\n".repeat(200) };

describe("a refactor whose own file is also a context file", () => {
  it("shows it once, whole, and spends the budget on the other context files", async () => {
    const self = { rel: "src/a.ts", language: "typescript", text: own };
    const p = await buildPrompt(promptInput({ kind: "refactor", outputFile: "src/a.ts", existing: own, context: [self, types], budget: 2_000 }));
    const u = p.messages[1]!.content;
    expect(u).not.toContain('<file path="src/a.ts"');
    expect(u).toContain(own.trimEnd());
    expect(u).toContain(types.text.trimEnd());
    expect(p.notes).toEqual([]);
  });

  it("near miss: another file of the same name elsewhere is still context", async () => {
    const other = { rel: "lib/a.ts", language: "typescript", text: "export const a = 1;\n" };
    const p = await buildPrompt(promptInput({ kind: "refactor", outputFile: "src/a.ts", existing: "export const b = 2;\n", context: [other] }));
    expect(p.messages[1]!.content).toContain('<file path="lib/a.ts">\nexport const a = 1;\n</file>');
  });
});
