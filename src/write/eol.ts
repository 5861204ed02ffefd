/**
 * Keeps a file's line endings: a model answers with LF, and rewriting a CRLF file with LF would
 * show every line as changed in the user's diff.
 */
export function matchLineEndings(content: string, existing: string | null): string {
  if (existing === null) return content;
  const crlf = (existing.match(/\r\n/g) ?? []).length;
  const lf = (existing.match(/\n/g) ?? []).length;
  if (crlf === 0 || crlf * 2 < lf) return content;
  return content.replace(/\r?\n/g, "\r\n");
}

/**
 * Keeps an existing file without a final newline without one: the extractor ends every file with
 * one, and adding it would show the file's last line as changed in the user's diff. An empty
 * file has no style to keep.
 */
export function matchFinalNewline(content: string, existing: string | null): string {
  if (existing === null || existing === "" || existing.endsWith("\n")) return content;
  return content.replace(/\r?\n$/, "");
}
