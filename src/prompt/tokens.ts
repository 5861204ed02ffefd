/**
 * A conservative estimate of a local model's tokens for budgeting a prompt. Local models use many
 * tokenizers; code averages about 3.5 characters a token in the common ones, so ASCII counts 3.2
 * characters a token. Other scripts take more tokens per character: about 2 characters a token
 * for Cyrillic, Greek, Hebrew or Arabic (two UTF-8 bytes each), and up to one or more a character
 * for CJK and the rest (three bytes and over). Counted by ASCII's rate, a file of Japanese
 * comments would be estimated at a third of its size, and the fit check would pass a prompt the
 * server then cuts. The server's `usage` is the measured figure that the ledger records.
 */
export function estimateTokens(text: string): number {
  let twoByte = 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) twoByte++;
    else wide++;
  }
  const ascii = text.length - twoByte - wide;
  return Math.ceil(ascii / 3.2 + twoByte / 2 + wide * 1.1);
}
