import { describe, expect, it } from "vitest";
import { extractFile } from "../../src/extract/extract.js";
import { inferLanguage } from "../../src/lang/languages.js";
import { MESSY_ANSWERS } from "../support/messy-answers.js";

describe("extractFile on answers real small models give", () => {
  for (const a of MESSY_ANSWERS) {
    it(`${a.name}: ${a.expected === null ? "refuses" : "extracts the file"}`, () => {
      const r = extractFile(a.content, { outputFile: a.path, language: inferLanguage(a.path), finishReason: a.finishReason ?? "stop" });
      if (a.expected === null) {
        expect(r.ok).toBe(false);
      } else {
        expect(r.ok ? r.value.content : r.error.message).toBe(a.expected);
      }
    });
  }
});

describe("extractFile refusals say why", () => {
  const opts = { outputFile: "src/a.ts", language: "typescript", finishReason: "stop" };
  it("a truncated answer", () => {
    const r = extractFile("```ts\nexport const a = 1;\n```", { ...opts, finishReason: "length" });
    expect(r).toMatchObject({ ok: false, error: { code: "TRUNCATED" } });
  });
  it("an answer for another file", () => {
    const r = extractFile('{"path": "src/b.ts", "content": "export const b = 1;\\n"}', opts);
    expect(r).toMatchObject({ ok: false, error: { code: "EXTRACT_FAILED", message: "the answer is for src/b.ts, not src/a.ts" } });
  });
  it("an abbreviated file", () => {
    const r = extractFile("```ts\nexport const a = 1;\n// ... rest of the code\n```", opts);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/abbreviates the file/);
  });
  it("reasoning only", () => {
    const r = extractFile("<think>\nI should write the file\n```ts\nexport const a = 1;\n```\n", opts);
    expect(r.ok).toBe(false);
  });
  it("an empty answer", () => {
    expect(extractFile("   \n", opts).ok).toBe(false);
  });
  it("prose with no code", () => {
    const r = extractFile("I am sorry, but I cannot write that file.", opts);
    expect(r).toMatchObject({ ok: false, error: { message: "no code block or file content found in the answer" } });
  });
});

describe("extractFile picks the right block", () => {
  const opts = { outputFile: "src/a.ts", language: "typescript", finishReason: "stop" };
  it("prefers the block named for the file over a larger one", () => {
    const answer = "First a helper:\n```ts\n" + "export const big = 1;\n".repeat(30) + "```\n\n`src/a.ts`:\n```ts\nexport const a = 1;\n```\n";
    const r = extractFile(answer, opts);
    expect(r.ok && r.value.content).toBe("export const a = 1;\n");
  });
  it("skips a shell block with the install command", () => {
    const r = extractFile("```bash\nnpm install zod\n```\n\n```ts\nexport const a = 1;\n```", opts);
    expect(r.ok && r.value.content).toBe("export const a = 1;\n");
  });
  it("takes a fence tagged with the path", () => {
    const r = extractFile("```ts src/a.ts\nexport const a = 2;\n```", opts);
    expect(r.ok && r.value.content).toBe("export const a = 2;\n");
  });
  it("refuses a fence tagged with another path", () => {
    expect(extractFile("```ts:src/b.ts\nexport const b = 2;\n```", opts).ok).toBe(false);
  });
  it("keeps a JSON file's own content when the output is JSON", () => {
    const r = extractFile('```json\n{"name": "x", "version": "1.0.0"}\n```', { outputFile: "package.json", language: "json", finishReason: "stop" });
    expect(r.ok && r.value.content).toBe('{"name": "x", "version": "1.0.0"}\n');
  });
});
