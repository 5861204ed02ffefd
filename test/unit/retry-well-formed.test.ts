// What a retry shows is cut to a length wherever an emoji falls: the model's answer at 16 000
// characters, a test's output line at 300. Half of a surrogate pair, sent alone, is JSON that
// llama-server's parser refuses ("surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")
// and a string vLLM cannot encode: the retry ended on a server error instead of being answered.
import { describe, expect, it } from "vitest";
import { retryPrompt } from "../../src/engine/retry-prompt.js";
import { buildPrompt } from "../../src/prompt/build.js";
import { promptInput } from "../support/prompt-input.js";

/** Whether a string holds no half of a surrogate pair: what JSON.stringify then writes as UTF-8, no `\ud83d` escape. */
const wellFormed = (s: string) => !/\\u[dD][89abAB]|\\u[dD][c-fC-F]/.test(JSON.stringify(s));

describe("a retry prompt", () => {
  it("cuts a long answer without leaving half an emoji", async () => {
    const first = await buildPrompt(promptInput({}));
    const answer = "```ts\n" + "x".repeat(16_000 - 7) + "🎉 party\n```\n";
    expect(answer.slice(0, 16_000).at(-1)).toBe("\uD83C");
    const p = retryPrompt(first, answer, { kind: "syntax", message: "syntax error", details: "line 1:1: oops" }, "src/slugify.ts", "typescript");
    for (const m of p.messages) expect(wellFormed(m.content), m.role).toBe(true);
  });

  it("shows a test's output cut inside an emoji without its half", async () => {
    const first = await buildPrompt(promptInput({}));
    const details = `FAIL renders the ${"a".repeat(40)}\uD83D`;
    const p = retryPrompt(first, "```ts\nexport {};\n```\n", { kind: "tests", message: "tests failed", details }, "src/slugify.ts", "typescript");
    expect(wellFormed(p.messages.at(-1)!.content)).toBe(true);
    expect(p.messages.at(-1)!.content).toContain(`${"a".repeat(40)}\uFFFD`);
  });

  it("near miss: whole emoji in the answer and the errors are kept as they are", async () => {
    const first = await buildPrompt(promptInput({}));
    const p = retryPrompt(first, "```ts\nexport const party = \"🎉\";\n```\n", { kind: "tests", message: "tests failed", details: "expected 🎉 to be 🚀" }, "src/slugify.ts", "typescript");
    expect(p.messages.at(-2)!.content).toContain('"🎉"');
    expect(p.messages.at(-1)!.content).toContain("expected 🎉 to be 🚀");
  });
});
