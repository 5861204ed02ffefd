import { describe, expect, it } from "vitest";
import { contextFilled, fitOutput, promptCut, rewriteFits } from "../../src/engine/fit.js";

describe("fitOutput", () => {
  it("fits: the answer may use the room left, up to max_output_tokens", () => {
    expect(fitOutput({ promptTokens: 1_000, contextLength: 32_768, maxOutputTokens: 4_096, existing: null })).toEqual({
      ok: true,
      value: { maxTokens: 4_096, expectedOutput: 400 },
    });
    // Less room than max_output_tokens but more than the expected answer: the room is the cap.
    expect(fitOutput({ promptTokens: 3_000, contextLength: 4_096, maxOutputTokens: 4_096, existing: null })).toEqual({
      ok: true,
      value: { maxTokens: 4_096 - 3_000 - 64, expectedOutput: 400 },
    });
  });

  it("does not fit: a clear CONTEXT_OVERFLOW with the figures and what to do", () => {
    const r = fitOutput({ promptTokens: 3_900, contextLength: 4_096, maxOutputTokens: 4_096, existing: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("CONTEXT_OVERFLOW");
    expect(r.error.message).toBe(
      "the prompt (~3900 tokens) and the expected answer (~400) do not fit the model's loaded context of 4096 tokens",
    );
    expect(r.error.hint).toMatch(/context_budget/);
    expect(r.error.hint).toMatch(/--context-length/);
  });

  it("a prompt larger than the context does not fit", () => {
    expect(fitOutput({ promptTokens: 10_000, contextLength: 4_096, maxOutputTokens: 512, existing: null }).ok).toBe(false);
  });

  it("the boundary: exactly enough room fits, one token less does not", () => {
    const fits = fitOutput({ promptTokens: 4_096 - 64 - 400, contextLength: 4_096, maxOutputTokens: 4_096, existing: null });
    expect(fits).toEqual({ ok: true, value: { maxTokens: 400, expectedOutput: 400 } });
    expect(fitOutput({ promptTokens: 4_096 - 64 - 399, contextLength: 4_096, maxOutputTokens: 4_096, existing: null }).ok).toBe(false);
  });

  it("expects a rewrite to be at least as long as the existing file", () => {
    const existing = "x".repeat(32_000); // 10 000 estimated tokens
    const r = fitOutput({ promptTokens: 12_000, contextLength: 16_384, maxOutputTokens: 16_000, existing });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("expected answer (~12200)");
    const roomy = fitOutput({ promptTokens: 12_000, contextLength: 32_768, maxOutputTokens: 16_000, existing });
    expect(roomy).toEqual({ ok: true, value: { maxTokens: 16_000, expectedOutput: 12_200 } });
  });

  it("a small max_output_tokens only needs its own room", () => {
    // The expected answer (400) exceeds max_output_tokens (200): 200 tokens of room suffice.
    expect(fitOutput({ promptTokens: 4_096 - 64 - 200, contextLength: 4_096, maxOutputTokens: 200, existing: null })).toEqual({
      ok: true,
      value: { maxTokens: 200, expectedOutput: 400 },
    });
  });

  it("unknown context: always fits with max_output_tokens", () => {
    expect(fitOutput({ promptTokens: 1_000_000, contextLength: null, maxOutputTokens: 2_048, existing: "abc" })).toEqual({
      ok: true,
      value: { maxTokens: 2_048, expectedOutput: 400 },
    });
  });
});

describe("rewriteFits: max_output_tokens below the file being rewritten", () => {
  const existing = "x".repeat(3_200); // 1 000 estimated tokens

  it("is refused (whatever the context: it is not asked), naming the setting and the figure to raise it to", () => {
    const r = rewriteFits(existing, 999);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "TRUNCATED", field: "max_output_tokens" });
    expect(r.error.message).toContain("~1000 tokens");
    expect(r.error.hint).toContain("at least 1400");
  });

  it("a limit that just holds the file is let through, and so is a new file", () => {
    expect(rewriteFits(existing, 1_000).ok).toBe(true);
    expect(rewriteFits(null, 64).ok).toBe(true);
  });
});

describe("fitOutput: the retry of an answer cut off at its output limit", () => {
  it("gets twice the limit that cut it, past max_output_tokens, within the context", () => {
    expect(fitOutput({ promptTokens: 2_000, contextLength: 32_768, maxOutputTokens: 1_024, existing: null, cutAt: 1_024 })).toEqual({
      ok: true,
      value: { maxTokens: 2_048, expectedOutput: 400 },
    });
    // Less room than twice the limit: the room.
    expect(fitOutput({ promptTokens: 2_000, contextLength: 4_096, maxOutputTokens: 1_024, existing: null, cutAt: 1_024 })).toEqual({
      ok: true,
      value: { maxTokens: 4_096 - 2_000 - 64, expectedOutput: 400 },
    });
  });

  it("the boundary: one token more than the cut limit is room; the same limit is not", () => {
    const at = (promptTokens: number) => fitOutput({ promptTokens, contextLength: 4_096, maxOutputTokens: 4_096, existing: null, cutAt: 1_000 });
    expect(at(4_096 - 64 - 1_001)).toEqual({ ok: true, value: { maxTokens: 1_001, expectedOutput: 400 } });
    const r = at(4_096 - 64 - 1_000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("TRUNCATED");
    expect(r.error.message).toContain("cut off at its output limit of 1000 tokens");
    expect(r.error.message).toContain("loaded context of 4096 tokens has no room for a longer one");
    expect(r.error.hint).toMatch(/--context-length/);
  });

  it("unknown context: refused rather than sent again with the limit that cut it, naming the settings", () => {
    const r = fitOutput({ promptTokens: 2_000, contextLength: null, maxOutputTokens: 1_024, existing: null, cutAt: 1_024 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "TRUNCATED", field: "max_output_tokens" });
    expect(r.error.hint).toMatch(/raise max_output_tokens \(LOCAL_DELEGATE_MAX_OUTPUT_TOKENS\) above 1024/);
    expect(r.error.hint).toMatch(/context_length/);
  });

  it("near miss: an answer that was not cut keeps the first answer's limit", () => {
    expect(fitOutput({ promptTokens: 2_000, contextLength: 32_768, maxOutputTokens: 1_024, existing: null, cutAt: null })).toEqual({
      ok: true,
      value: { maxTokens: 1_024, expectedOutput: 400 },
    });
  });
});

describe("promptCut", () => {
  it("a prompt the server counted at less than half, by a thousand tokens or more, was cut", () => {
    expect(promptCut(6_700, { prompt_tokens: 2_048 })).toMatchObject({ code: "CONTEXT_OVERFLOW" });
    expect(promptCut(6_700, { prompt_tokens: 2_048 })?.message).toMatch(/took only 2048 tokens of the prompt \(~6700\)/);
  });

  it("near misses: another tokenizer's count, a small prompt, a server that counts nothing or says nothing", () => {
    expect(promptCut(6_700, { prompt_tokens: 5_000 })).toBeNull();
    expect(promptCut(6_700, { prompt_tokens: 3_350 })).toBeNull();
    // Far under half, but a prompt this small is never cut: the smallest context is 2k.
    expect(promptCut(900, { prompt_tokens: 100 })).toBeNull();
    expect(promptCut(6_700, { prompt_tokens: 0 })).toBeNull();
    expect(promptCut(6_700, null)).toBeNull();
  });

  it("a retry whose prefix came from the server's cache is whole, though the server counted only what it processed", () => {
    // llama.cpp's timings, or a server that counts only the new tail (Ollama 0.30) and says what it took from its cache.
    expect(promptCut(6_700, { prompt_tokens: 700 }, { prompt_n: 700, cache_n: 5_100 })).toBeNull();
    // The near miss: the cache figures say the prompt was cut too.
    expect(promptCut(6_700, { prompt_tokens: 700 }, { prompt_n: 700, cache_n: 1_300 })).toMatchObject({ code: "CONTEXT_OVERFLOW" });
  });
});

describe("contextFilled", () => {
  it("an answer cut off well short of its max_tokens was cut by the context", () => {
    expect(contextFilled("length", { completion_tokens: 300 }, 1_024)).toMatchObject({ code: "CONTEXT_OVERFLOW" });
    expect(contextFilled("length", { completion_tokens: 300 }, 1_024)?.message).toMatch(/filled up 300 tokens into the answer \(its limit was 1024\)/);
  });

  it("near misses: cut at max_tokens (or a few short of it), a whole answer, a server that counts nothing", () => {
    expect(contextFilled("length", { completion_tokens: 1_024 }, 1_024)).toBeNull();
    expect(contextFilled("length", { completion_tokens: 1_020 }, 1_024)).toBeNull();
    expect(contextFilled("stop", { completion_tokens: 300 }, 1_024)).toBeNull();
    expect(contextFilled("length", { completion_tokens: 0 }, 1_024)).toBeNull();
    expect(contextFilled("length", null, 1_024)).toBeNull();
  });
});
