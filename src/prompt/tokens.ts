/**
 * A conservative estimate of a local model's tokens for budgeting a prompt. Local models use many
 * tokenizers; code averages about 3.5 characters a token in the common ones, so this errs on the
 * large side. The server's `usage` is the measured figure that the ledger records.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.2);
}
