// Claude's tokenizer is not public: no library counts Claude 3+/4.x tokens offline, and the free
// count_tokens API needs a key and the network. So this counts with OpenAI's cl100k_base (the
// `gpt-tokenizer` package: pure JS, exact for cl100k) and scales by a calibration factor toward
// Claude's count. Published comparisons put cl100k 15–20 % under Claude on English and code (more
// on Opus 4.7+'s tokenizer); 1.2 is the middle of that, and the report measures the real ratio
// from the user's own transcripts (see ./transcript.ts) where it can.
//
// The count runs in process: its table loads in about a millisecond (cl100k.ts), so nothing is
// started ahead of it.
import { cl100kCounter } from "./cl100k.js";

/** The multiplier from a cl100k_base count to the Claude count it stands for. */
export const CLAUDE_TOKEN_FACTOR = 1.2;

/** Names the counter in every ledger entry, so figures made with another factor are never mixed up silently. */
export const TOKENIZER_NAME = "cl100k_base";

/** Exact cl100k_base counts of the texts. */
export async function countCl100kMany(texts: string[]): Promise<number[]> {
  const count = await cl100kCounter();
  return texts.map((t) => (t ? count(t) : 0));
}

/** The estimated Claude token counts: cl100k × factor, rounded up. */
export async function countClaudeTokensMany(texts: string[], factor = CLAUDE_TOKEN_FACTOR): Promise<number[]> {
  return (await countCl100kMany(texts)).map((n) => Math.ceil(n * factor));
}
