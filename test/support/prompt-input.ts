import type { PromptInput } from "../../src/prompt/build.js";

/** A prompt's input for a small TypeScript task, with `over` changed: the prompt tests' baseline. */
export const promptInput = (over: Partial<PromptInput> = {}): PromptInput => ({
  kind: "code",
  description: "Write a slugify function.",
  outputFile: "src/slugify.ts",
  language: "typescript",
  constraints: [],
  existing: null,
  context: [],
  budget: 6_000,
  ...over,
});
