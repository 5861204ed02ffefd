import { buildRetry, type Prompt } from "../prompt/build.js";
import type { CheckFailure } from "./checks.js";

/** The answer kept in a retry prompt: enough for the model to see what it wrote. */
const MAX_ANSWER_IN_RETRY = 16_000;

const PROBLEM: Record<CheckFailure["kind"], string> = {
  format: "the answer could not be used as the file",
  syntax: "the file has a syntax error",
  spec: "the file does not keep what the task promised",
  lint: "the lint command failed",
  tests: "the tests failed",
};

/**
 * The prompt for the next attempt: the first exchange kept whole as its prefix (a server that
 * caches the prompt's prefix then processes only the new tail), the model's own answer, and what
 * was wrong with it. Pure.
 */
export function retryPrompt(first: Prompt, answer: string, failure: CheckFailure, outputFile: string, language: string): Prompt {
  const errors = failure.kind === "format" ? `${failure.details}. Answer with the whole file in one fenced code block.` : failure.details;
  return buildRetry(first, clip(answer), PROBLEM[failure.kind], errors, outputFile, language);
}

function clip(answer: string): string {
  return answer.length > MAX_ANSWER_IN_RETRY ? `${answer.slice(0, MAX_ANSWER_IN_RETRY)}\n… (cut)` : answer;
}
