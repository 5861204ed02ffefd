// The prompt's budget and the fit check rest on this estimate, which must err on the large side
// (an overlong prompt is cut silently by Ollama). cl100k, a common BPE vocabulary, stands in for
// the local model's tokenizer: code and English near 4 characters a token, CJK 1 to 3 tokens for
// 2 characters, Cyrillic and Greek 2 to 3 characters a token.
import { createHash } from "node:crypto";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { estimateTokens } from "../../src/prompt/tokens.js";

/** Fixed bytes that look random (a hash chain), for the samples of data files. */
const bytes = (n: number) => Buffer.concat(Array.from({ length: Math.ceil(n / 32) }, (_, i) => createHash("sha256").update(`b${i}`).digest())).subarray(0, n);

// Files that are data, not words: counted by characters, they came to about half their tokens.
const dense: Record<string, string> = {
  "a C CRC table": `static const uint32_t crc_table[256] = {\n${Array.from({ length: 64 }, (_, r) => `    ${Array.from({ length: 4 }, (_, c) => `0x${bytes(1024).readUInt32BE((r * 4 + c) * 4).toString(16).padStart(8, "0")}`).join(", ")},`).join("\n")}\n};\n`,
  "a lockfile's hashes": Array.from({ length: 40 }, (_, i) => `    "node_modules/pkg-${i}": {\n      "version": "1.${i}.0",\n      "integrity": "sha512-${bytes(64 * (i + 1)).subarray(64 * i).toString("base64")}"\n    },\n`).join(""),
  "a base64 fixture": `export const PNG = "${bytes(3000).toString("base64")}";\n`,
  "a JSON array of numbers": JSON.stringify(Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e6)),
  "UUIDs": JSON.stringify(Array.from({ length: 80 }, (_, i) => ({ id: bytes(16 * (i + 1)).subarray(16 * i).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-") }))),
  "a table of small records": Array.from({ length: 300 }, (_, i) => `export const row${i} = { id: ${i}, name: "row-${i}" };\n`).join(""),
  emoji: "const STATUS = { ok: \"✅\", fail: \"❌\", party: \"🎉🚀😀\" };\n".repeat(40),
};

const samples: Record<string, string> = {
  chinese: "// 计算用户的总余额，并返回结果。如果账户不存在，则抛出错误。\nexport function total(账户) {\n  return 账户.余额 + 账户.利息; // 加上利息\n}\n".repeat(20),
  japanese: "# 設定ファイルを読み込み、存在しない場合はデフォルト値を使用します。\nload_config()\n".repeat(30),
  korean: "# 사용자의 총 잔액을 계산하고 결과를 반환합니다.\ndef total(a):\n    return a.balance\n".repeat(30),
  russian: "// Вычисляет общий баланс пользователя и возвращает результат.\nexport function total(a) {\n  return a.balance;\n}\n".repeat(20),
  code: "export function total(a: Account): number {\n  return a.balance + a.interest; // add interest\n}\n".repeat(20),
};

describe("estimateTokens", () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`errs on the large side for ${name}`, () => {
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(countTokens(text));
    });
  }

  for (const [name, text] of Object.entries(dense)) {
    it(`errs on the large side for ${name}`, () => {
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(countTokens(text));
    });
  }

  it("near miss: no sample is estimated at twice its count or more, which the server's count would take for a cut prompt", () => {
    for (const [name, text] of Object.entries({ ...samples, ...dense })) expect(estimateTokens(text), name).toBeLessThan(countTokens(text) * 2);
  });

  it("near miss: ASCII code stays at 3.2 characters a token, not inflated", () => {
    expect(estimateTokens("x".repeat(32_000))).toBe(10_000);
    expect(estimateTokens(samples.code!)).toBeLessThan(countTokens(samples.code!) * 1.5);
  });

  it("is not inflated far past the reference for Cyrillic either", () => {
    expect(estimateTokens(samples.russian!)).toBeLessThan(countTokens(samples.russian!) * 2);
  });
});
