/** Lines of a text as an editor counts them: a final newline does not start another line. */
export function countLines(s: string): number {
  if (!s) return 0;
  const n = s.split("\n").length;
  return s.endsWith("\n") ? n - 1 : n;
}
