import { fail, ok, type Failure, type Result } from "../errors.js";
import { LARGER_CONTEXT } from "../model/failures.js";
import { estimateTokens } from "../prompt/tokens.js";

export interface FitInput {
  promptTokens: number;
  /** The loaded context length, when known. */
  contextLength: number | null;
  maxOutputTokens: number;
  /** The file being rewritten, if any: the answer will be at least as long. */
  existing: string | null;
  /** The output limit the last answer was cut off at (finish_reason "length"), if it was. */
  cutAt?: number | null | undefined;
}

/** Headroom for the chat template's own tokens and our estimate's error. */
const MARGIN = 64;

/** The tokens a rewrite of `existing` is expected to take: a little over the file, and never under 400. */
function expectedOutputTokens(existing: string | null): number {
  return Math.max(400, Math.ceil((existing ? estimateTokens(existing) : 0) * 1.2) + 200);
}

/**
 * Whether max_output_tokens can hold a rewrite of `existing`. Whatever the context, an answer
 * capped below the file it rewrites is cut off every time: each attempt would spend the whole
 * budget on an answer the extractor then refuses. Known from the file and the config alone, so the
 * run asks it before it takes a lock or asks any server.
 */
export function rewriteFits(existing: string | null, maxOutputTokens: number): Result<void> {
  const existingTokens = existing ? estimateTokens(existing) : 0;
  if (existingTokens <= maxOutputTokens) return ok(undefined);
  return fail("TRUNCATED", `the file to rewrite is ~${existingTokens} tokens, more than max_output_tokens (${maxOutputTokens}) lets the answer hold`, {
    field: "max_output_tokens",
    hint: `raise max_output_tokens (LOCAL_DELEGATE_MAX_OUTPUT_TOKENS) to at least ${expectedOutputTokens(existing)}, or split the file`,
  });
}

/**
 * How many tokens the answer may use, or a clear refusal when prompt plus answer cannot fit.
 * Servers truncate an overlong prompt silently (Ollama keeps the last 2k tokens by default), and
 * a model that never saw the task still answers: checking first is the only way to know.
 */
export function fitOutput(f: FitInput): Result<{ maxTokens: number; expectedOutput: number }> {
  const expectedOutput = expectedOutputTokens(f.existing);
  if (f.cutAt) return afterCut(f, f.cutAt, expectedOutput);
  if (f.contextLength === null) return ok({ maxTokens: f.maxOutputTokens, expectedOutput });
  const room = f.contextLength - f.promptTokens - MARGIN;
  if (room < Math.min(expectedOutput, f.maxOutputTokens)) {
    return fail(
      "CONTEXT_OVERFLOW",
      `the prompt (~${f.promptTokens} tokens) and the expected answer (~${expectedOutput}) do not fit the model's loaded context of ${f.contextLength} tokens`,
      {
        hint: `give fewer or smaller context files, lower context_budget, or ${LARGER_CONTEXT}`,
      },
    );
  }
  return ok({ maxTokens: Math.min(f.maxOutputTokens, room), expectedOutput });
}

/**
 * The retry of an answer cut off at `cutAt` tokens: the same limit would cut it again, so it gets
 * twice that, as far as the context holds, even past max_output_tokens (the limit for a first
 * answer, not a promise that every file fits). Where no more room can be given, or none is known
 * to be there, a retry would be paid for in vain: refused, with the setting that gives more.
 */
function afterCut(f: FitInput, cutAt: number, expectedOutput: number): Result<{ maxTokens: number; expectedOutput: number }> {
  const cut = `the answer was cut off at its output limit of ${cutAt} tokens`;
  if (f.contextLength === null) {
    return fail("TRUNCATED", `${cut}, and the model's context is not known, so a retry cannot be given more room`, {
      field: "max_output_tokens",
      hint: `raise max_output_tokens (LOCAL_DELEGATE_MAX_OUTPUT_TOKENS) above ${cutAt}, or set context_length to the model's loaded context so a retry may use it, or split the task`,
    });
  }
  const room = f.contextLength - f.promptTokens - MARGIN;
  if (room <= cutAt) {
    return fail("TRUNCATED", `${cut}, and the model's loaded context of ${f.contextLength} tokens has no room for a longer one (the retry's prompt is ~${f.promptTokens} tokens)`, {
      hint: `${LARGER_CONTEXT}, give fewer context files, or split the task`,
    });
  }
  return ok({ maxTokens: Math.min(room, cutAt * 2), expectedOutput });
}

/**
 * A prompt the server counted far shorter than it is was cut to fit the model's context: Ollama
 * keeps its last num_ctx tokens and says so only in its log, whatever context the engine was told.
 * Its answer comes from part of the task and must not become the file. The estimate is generous
 * (3.2 characters a token) and tokenizers count code and prose at 3.5 to 5, so a whole prompt is
 * counted at 0.6 of it or more; a cut one at under half. Only a prompt over the smallest context
 * (2k) is ever cut. A count of 0 is a server that counts nothing.
 */
export function promptCut(estimated: number, usage: { prompt_tokens: number } | null, cache: { prompt_n: number; cache_n: number } | null = null): Failure | null {
  // A server may count only what it processed afresh (Ollama 0.30's count did): what it took from
  // its cache, where it says so, is of the prompt too, or every retry would look cut.
  const reported = Math.max(usage?.prompt_tokens ?? 0, cache ? cache.prompt_n + cache.cache_n : 0);
  if (reported <= 0 || reported * 2 >= estimated || estimated - reported < 1024) return null;
  return {
    code: "CONTEXT_OVERFLOW",
    message: `the model server took only ${reported} tokens of the prompt (~${estimated}): it cut the prompt to fit the model's context, so the model never saw the whole task, and its answer was not used`,
    hint: `${LARGER_CONTEXT}, and set context_length to that context; or give fewer context files`,
  };
}

/** Tokens a server's count of an answer cut at max_tokens may fall short of it by (the last token counted or not). */
const COUNT_SLACK = 16;

/**
 * An answer cut off ("length") well short of its max_tokens: the context filled up while it was
 * written (llama-server says "length" for both; only the count tells). More max_output_tokens
 * cannot help, nor a retry, whose prompt holds this one's. A count of 0 is a server that counts nothing.
 */
export function contextFilled(finishReason: string | null, usage: { completion_tokens: number } | null, maxTokens: number): Failure | null {
  const n = usage?.completion_tokens ?? 0;
  if (finishReason !== "length" || n <= 0 || n + COUNT_SLACK >= maxTokens) return null;
  return {
    code: "CONTEXT_OVERFLOW",
    message: `the model's context filled up ${n} tokens into the answer (its limit was ${maxTokens}), so the answer was cut off and nothing was written`,
    hint: `${LARGER_CONTEXT}, or give fewer context files`,
  };
}
