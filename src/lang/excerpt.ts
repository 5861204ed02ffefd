/**
 * `\n  L | <line>` for a syntax error's message (and the line before it when asked: a mistake
 * found at the start of a line is often the previous line's), trimmed and clipped.
 */
export function showLines(content: string, line: number, withPrevious = false): string {
  const lines = content.split("\n");
  const show = (n: number) => {
    const text = (lines[n - 1] ?? "").trim();
    return `\n  ${n} | ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`;
  };
  let prev = line - 1;
  while (withPrevious && prev > 0 && !lines[prev - 1]!.trim()) prev--;
  return withPrevious && prev > 0 ? show(prev) + show(line) : show(line);
}
