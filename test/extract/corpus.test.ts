import { describe, expect, it } from "vitest";
import { extractFile } from "../../src/extract/extract.js";
import { inferLanguage } from "../../src/lang/languages.js";
import { CORPUS } from "./corpus.js";

const cases = Object.values(CORPUS).flat();

describe("the extraction corpus", () => {
  it("has at least 80 cases with unique names", () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

for (const [group, list] of Object.entries(CORPUS)) {
  describe(group, () => {
    for (const c of list) {
      const refusal = typeof c.expected === "string" ? null : c.expected;
      it(`${c.name} (${c.source}): ${refusal ? "refuses" : "writes the file"}`, () => {
        const r = extractFile(c.answer, { outputFile: c.path, language: inferLanguage(c.path), finishReason: c.finishReason === undefined ? "stop" : c.finishReason });
        if (refusal) {
          expect(r.ok ? `wrote:\n${r.value.content}` : r.error.message).toMatch(refusal.refuse);
          expect(!r.ok && r.error.code).toBe(refusal.code ?? "EXTRACT_FAILED");
        } else {
          expect(r.ok ? r.value.content : `refused: ${r.error.message}`).toBe(c.expected);
        }
      });
    }
  });
}
