/**
 * Lines in a text as an editor shows them: a final newline ends the last line rather than
 * starting another, and empty text has none. The one definition: the classifier's limits, the
 * hook's records and the engine's result all count the same way.
 */
export function countLines(text: string): number {
  if (!text) return 0;
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n - 1 : n;
}

/** The 1-based line a character offset of `text` falls on. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
