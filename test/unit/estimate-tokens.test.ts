// The prompt's budget and the fit check rest on this estimate, which must err on the large side
// (an overlong prompt is cut silently by Ollama). cl100k, a common BPE vocabulary, stands in for
// the local model's tokenizer: code and English near 4 characters a token, CJK 1 to 3 tokens for
// 2 characters, Cyrillic and Greek 2 to 3 characters a token.
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { estimateTokens } from "../../src/prompt/tokens.js";

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

  it("near miss: ASCII code stays at 3.2 characters a token, not inflated", () => {
    expect(estimateTokens("x".repeat(32_000))).toBe(10_000);
    expect(estimateTokens(samples.code!)).toBeLessThan(countTokens(samples.code!) * 1.5);
  });

  it("is not inflated far past the reference for Cyrillic either", () => {
    expect(estimateTokens(samples.russian!)).toBeLessThan(countTokens(samples.russian!) * 2);
  });
});
