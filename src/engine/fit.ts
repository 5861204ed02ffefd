import { fail, ok, type Result } from "../errors.js";
import { estimateTokens } from "../prompt/tokens.js";

export interface FitInput {
  promptTokens: number;
  /** The loaded context length, when known. */
  contextLength: number | null;
  maxOutputTokens: number;
  /** The file being rewritten, if any: the answer will be at least as long. */
  existing: string | null;
}

/** Headroom for the chat template's own tokens and our estimate's error. */
const MARGIN = 64;

/**
 * How many tokens the answer may use, or a clear refusal when prompt plus answer cannot fit.
 * Servers truncate an overlong prompt silently (Ollama keeps the last 2k tokens by default), and
 * a model that never saw the task still answers: checking first is the only way to know.
 */
export function fitOutput(f: FitInput): Result<{ maxTokens: number; expectedOutput: number }> {
  const existingTokens = f.existing ? estimateTokens(f.existing) : 0;
  // Whatever the context, an answer capped below the file it rewrites is cut off every time: each
  // attempt would spend the whole budget on an answer the extractor then refuses.
  if (existingTokens > f.maxOutputTokens) {
    return fail("TRUNCATED", `the file to rewrite is ~${existingTokens} tokens, more than max_output_tokens (${f.maxOutputTokens}) lets the answer hold`, {
      field: "max_output_tokens",
      hint: `raise max_output_tokens (LOCAL_DELEGATE_MAX_OUTPUT_TOKENS) to at least ${Math.ceil(existingTokens * 1.2) + 200}, or split the file`,
    });
  }
  const expectedOutput = Math.max(400, Math.ceil(existingTokens * 1.2) + 200);
  if (f.contextLength === null) return ok({ maxTokens: f.maxOutputTokens, expectedOutput });
  const room = f.contextLength - f.promptTokens - MARGIN;
  if (room < Math.min(expectedOutput, f.maxOutputTokens)) {
    return fail(
      "CONTEXT_OVERFLOW",
      `the prompt (~${f.promptTokens} tokens) and the expected answer (~${expectedOutput}) do not fit the model's loaded context of ${f.contextLength} tokens`,
      {
        hint: "give fewer or smaller context files, lower context_budget, or load the model with a larger context (LM Studio: `lms load MODEL --context-length 16384`; Ollama: OLLAMA_CONTEXT_LENGTH=16384)",
      },
    );
  }
  return ok({ maxTokens: Math.min(f.maxOutputTokens, room), expectedOutput });
}
