// A server that caches the prompt's prefix (llama.cpp, LM Studio) processes again only what
// differs from the last prompt. These tests fail when a retry or a second task of a plan re-sends
// what it shares with an earlier prompt in a different place or order.
import { describe, expect, it } from "vitest";
import { retryPrompt } from "../../src/engine/retry-prompt.js";
import { buildPrompt, type ChatMessage, type ContextFile } from "../../src/prompt/build.js";
import { TASK_KINDS } from "../../src/spec/schema.js";
import { estimateTokens } from "../../src/prompt/tokens.js";
import { promptInput } from "../support/prompt-input.js";

const file = (rel: string, lines = 40): ContextFile => ({
  rel,
  language: "typescript",
  text: Array.from({ length: lines }, (_, i) => `export const ${rel.replace(/\W/g, "_")}_${i} = ${i};`).join("\n") + "\n",
});
const SHARED_A = file("src/shared/a.ts");
const SHARED_B = file("src/shared/b.ts");

const input = promptInput;

/** The conversation as a ChatML template lays it out: what a server tokenizes and caches. */
const chatml = (messages: ChatMessage[]) => messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("");
const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};
const user = (messages: ChatMessage[]) => messages.find((m) => m.role === "user")!.content;

describe("a prompt puts what other prompts share first", () => {
  it.each(TASK_KINDS)("%s: the system prompt names no task, the context comes before the task", async (kind) => {
    const p = await buildPrompt(input({ kind, existing: kind === "refactor" ? "export const x = 1;\n" : null, context: [SHARED_A], constraints: ["no dependencies"] }));
    const other = await buildPrompt(input({ kind, outputFile: "lib/other.py", language: "python", description: "Something else." }));
    expect(p.messages[0]).toEqual(other.messages[0]);
    const u = user(p.messages);
    expect(u.startsWith('<context>\n<file path="src/shared/a.ts">')).toBe(true);
    expect(u.indexOf("</context>")).toBeLessThan(u.indexOf("<task>"));
    expect(u.indexOf("</context>")).toBeLessThan(u.indexOf("Write a slugify function."));
    expect(u.indexOf("</context>")).toBeLessThan(u.indexOf("src/slugify.ts"));
  });

  it("lists the files the plan shares first, in the plan's order, then the task's own as listed, then the file it rewrites", async () => {
    const own1 = file("src/own1.ts", 3);
    const own2 = file("src/own2.ts", 3);
    const p = await buildPrompt(input({ existing: "export const old = 1;\n", context: [own2, SHARED_B, own1, SHARED_A], shared: ["src/shared/a.ts", "src/shared/b.ts", "src/elsewhere.ts"] }));
    const order = [...user(p.messages).matchAll(/<file path="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["src/shared/a.ts", "src/shared/b.ts", "src/own2.ts", "src/own1.ts", "src/slugify.ts"]);
  });

  it("two tasks of a plan begin alike up to the end of the files they share, whatever else differs", async () => {
    const shared = ["src/shared/a.ts", "src/shared/b.ts"];
    // Different kinds, files, languages, descriptions and constraints; the shared files listed in a different order.
    const one = await buildPrompt(input({ kind: "code", outputFile: "src/one.ts", context: [file("src/one-helper.ts", 5), SHARED_B, SHARED_A], shared, constraints: ["pure"] }));
    const two = await buildPrompt(input({ kind: "test", outputFile: "test/two.test.ts", description: "Tests for two.", context: [SHARED_A, SHARED_B, file("src/two.ts", 5)], shared }));
    const a = chatml(one.messages);
    const b = chatml(two.messages);
    const endOfShared = a.indexOf("</file>", a.indexOf('<file path="src/shared/b.ts">')) + "</file>\n".length;
    expect(endOfShared).toBeGreaterThan(a.indexOf('<file path="src/shared/a.ts">'));
    expect(commonPrefix(a, b)).toBeGreaterThanOrEqual(endOfShared);
    // …and no further than the first file that is not shared: the rest is each task's own.
    expect(commonPrefix(a, b)).toBeLessThan(a.indexOf('<file path="src/one-helper.ts">') + '<file path="src/'.length + 1);
  });

  it("a lone run keeps the order the spec lists its context files in", async () => {
    const p = await buildPrompt(input({ context: [SHARED_B, SHARED_A] }));
    const order = [...user(p.messages).matchAll(/<file path="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["src/shared/b.ts", "src/shared/a.ts"]);
  });
});

describe("a retry appends to the first prompt and changes nothing in it", () => {
  it.each(["format", "syntax", "tests"] as const)("after a %s failure, the retry begins with the first prompt, byte for byte", async (kind) => {
    const first = await buildPrompt(input({ existing: "export const old = 1;\n", context: [SHARED_A, file("src/own.ts", 5)], shared: ["src/shared/a.ts"], constraints: ["pure"] }));
    const answer = "```typescript\nexport const slugify = (s: string) => s;\n```";
    const retry = retryPrompt(first, answer, { kind, message: `${kind} failed`, details: "expected 'a-b', received 'A B'" }, "src/slugify.ts", "typescript");
    expect(retry.messages.slice(0, first.messages.length)).toEqual(first.messages);
    expect(chatml(retry.messages).startsWith(chatml(first.messages))).toBe(true);
    // Only the answer and what was wrong with it are new.
    expect(retry.messages.slice(first.messages.length).map((m) => m.role)).toEqual(["assistant", "user"]);
    expect(retry.messages.at(-2)!.content).toBe(answer);
  });
});

describe("the plan's order does not change what a task sees", () => {
  /** Each file block's path and how it was shown (whole, signatures, first lines), in any order. */
  const shown = (messages: ChatMessage[]) => [...user(messages).matchAll(/<file path="([^"]+)"([^>]*)>/g)].map((m) => `${m[1]}${m[2]}`).sort();

  it("spends the budget in the task's own order, then lists the shared files first", async () => {
    const own = file("src/own.ts", 60);
    const common = file("src/shared/a.ts", 60);
    // Room for one of the two whole: the one the task lists first.
    const budget = estimateTokens(own.text) + 60;
    const alone = await buildPrompt(input({ context: [own, common], budget }));
    const inPlan = await buildPrompt(input({ context: [own, common], budget, shared: ["src/shared/a.ts"] }));
    expect(shown(alone.messages)).toEqual(["src/own.ts", 'src/shared/a.ts shown="first lines only"']);
    expect(shown(inPlan.messages)).toEqual(shown(alone.messages));
    expect(user(inPlan.messages).startsWith('<context>\n<file path="src/shared/a.ts"')).toBe(true);
    expect(inPlan.notes).toEqual(alone.notes);
  });
});
