// Claude's tokenizer is not public: no library counts Claude 3+/4.x tokens offline, and the free
// count_tokens API needs a key and the network. So this counts with OpenAI's cl100k_base (the
// `gpt-tokenizer` package: pure JS, exact for cl100k, bundles into dist/cli.js) and scales by a
// calibration factor toward Claude's count. Published comparisons put cl100k 15–20 % under Claude
// on English and code (more on Opus 4.7+'s tokenizer); 1.2 is the middle of that, and the report
// measures the real ratio from the user's own transcripts (see ./transcript.ts) where it can.
//
// Importing this module builds the 100k-entry BPE table (about 0.1–0.2 s): only `run`, `report`
// and the ledger's record path import it; the hook and the status line never do.
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";

/** The multiplier from a cl100k_base count to the Claude count it stands for. */
export const CLAUDE_TOKEN_FACTOR = 1.2;

/** Names the counter in every ledger entry, so figures made with another factor are never mixed up silently. */
export const TOKENIZER_NAME = "cl100k_base";

/** Exact cl100k_base token count of the text. */
export function countCl100k(text: string): number {
  if (!text) return 0;
  return countTokens(text);
}

/** The estimated Claude token count: cl100k × factor, rounded up. */
export function countClaudeTokens(text: string, factor = CLAUDE_TOKEN_FACTOR): number {
  return Math.ceil(countCl100k(text) * factor);
}
