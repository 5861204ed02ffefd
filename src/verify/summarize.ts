const SIGNAL = /error|fail|expected|received|^got:$|assert|exception|cannot|undefined is not|is not a function|not found|✗|×|✘|FAIL|TS\d{4}|SyntaxError|TypeError|ReferenceError/i;
// A compiler's diagnostic, `file.go:54:45: assignment mismatch…` (go, gcc, rustc's `-->` aside),
// and Go's package-level complaints: they name no error word but say exactly what is wrong.
const DIAGNOSTIC = /^\s*\S+\.\w{1,5}:\d+(?::\d+)?: \S|^\s*found packages \S+ .* in /;
// Vitest, Jest and Node print the failing test's source around the failed line. The test source
// stays hidden from the model (it must pass the tests, not copy them), so those lines go.
const CODE_FRAME = /^\s*(>?\s*\d+\s*\||\|\s*\^|❯\s+\S+\.(test|spec)\.\w+:\d+)/;

/**
 * The lines of a failed command's output that tell a model what went wrong: those that name an
 * error, with a line of context, capped so a retry prompt stays small.
 */
export function summarizeFailure(output: string, maxLines = 40, maxChars = 3_000): string {
  const lines = output
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split(/\r?\n/)
    .filter((l) => !CODE_FRAME.test(l));
  const keep = new Set<number>();
  lines.forEach((l, i) => {
    if (SIGNAL.test(l) || DIAGNOSTIC.test(l)) {
      keep.add(i);
      if (i + 1 < lines.length) keep.add(i + 1);
    }
  });
  const picked = keep.size ? [...keep].sort((a, b) => a - b).map((i) => lines[i]!) : lines.filter((l) => l.trim()).slice(-maxLines);
  const out: string[] = [];
  let size = 0;
  for (const l of picked) {
    const line = l.length > 300 ? `${l.slice(0, 300)}…` : l;
    if (out.length >= maxLines || size + line.length > maxChars) {
      out.push(`… (${picked.length - out.length} more lines)`);
      break;
    }
    if (!line.trim() || line === out[out.length - 1]) continue;
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n");
}
