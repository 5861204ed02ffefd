// What one failing test says, pulled out of a runner's output, and the one line made of it for
// Claude: the test, the assertion with its values, and where. Shared by the per-runner parsers.

export interface FailurePoint {
  /** The test's name, suites joined with " > ". */
  test?: string | undefined;
  /** The assertion's own words, when they say more than "values differ". */
  message?: string | undefined;
  expected?: string | undefined;
  actual?: string | undefined;
  /** `file:line` of the failing assertion (or of the error), as the runner printed it. */
  at?: string | undefined;
}

export type Parser = (lines: string[]) => FailurePoint | null;

/** The output as lines, without colours, carriage returns or trailing blanks. */
export function outputLines(output: string): string[] {
  return output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ""));
}

/** A stack frame or a runtime's own code: what a result line must never carry. */
export const STACK_FRAME = /^\s*(at\s|\d+:\s+\S+::|#\d+\s)|node:internal|\(node:[a-z_]+:\d+|^\s*[\w$.]+\([\w$]+\.java:\d+\)$|^\s*\[\.\.\.\]$|^\s*triggerUncaughtException\(|^\s*\^+\s*$|^Node\.js v\d+/;

/** A source location `path:line[:col]` (a `file://` URL or a path), as `path:line`. */
export function location(text: string): string | undefined {
  const m = /(?:file:\/\/)?((?:\b[A-Za-z]:(?=[\\/]))?[^\s():'"<>]*[^\s():'"<>\d][^\s():'"<>]*):(\d+)(?::\d+)?/.exec(text);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** Whether a location is in code of the runtime or a dependency rather than the project's. */
export function isForeign(at: string): boolean {
  return /^node:|(^|\/)node_modules\/|^internal\/|\/(lib|library)\/(std|core|alloc)\/|^\/rustc\/|<frozen |\/usr\/lib\/|site-packages\//.test(at);
}

/** The values of a unified diff printed after an assertion: the first `-` and `+` lines. */
export function diffValues(lines: readonly string[], minus: "expected" | "actual"): { expected?: string; actual?: string } {
  let plus: string | undefined;
  let dash: string | undefined;
  for (const l of lines) {
    const m = /^\s*([-+])\s(.*)$/.exec(l);
    if (!m || /^\s*[-+] (Expected|Received|actual|expected)\b/.test(l) || /^[-+] actual - expected$/.test(l.trim())) continue;
    const v = m[2]!.trim().replace(/,$/, "");
    if (!v) continue;
    if (m[1] === "+") plus ??= v;
    else dash ??= v;
    if (plus !== undefined && dash !== undefined) break;
  }
  if (plus === undefined || dash === undefined) return {};
  return minus === "expected" ? { expected: dash, actual: plus } : { expected: plus, actual: dash };
}

function clip(s: string, n: number): string {
  if (n <= 1) return "…";
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A location as Claude reads it: relative to the project, `file://` and `./` gone. */
export function shortPath(at: string, root?: string): string {
  let p = at.replace(/^file:\/\//, "");
  if (root) {
    const r = root.endsWith("/") ? root : `${root}/`;
    if (p.startsWith(r)) p = p.slice(r.length);
  }
  p = p.replace(/^\.\//, "");
  if (p.length > 60) {
    const parts = p.split("/");
    p = `…/${parts.slice(-2).join("/")}`;
  }
  return p;
}

/**
 * `test: message: expected X, got Y (file:line)` in at most `max` characters: long values are cut
 * first, then the test's name, then the message; the location is kept whole.
 */
export function formatPoint(f: FailurePoint, max: number, root?: string): string {
  const suffix = f.at ? ` (${shortPath(f.at, root)})` : "";
  const base = root ? `${root.replace(/\/$/, "")}/` : null;
  // Paths inside messages too ("cannot import name 'x' from 'slug' (/abs/slug.py)") are made relative.
  const one = (s: string) => (base ? s.split(`file://${base}`).join("").split(base).join("") : s).replace(/\s+/g, " ").trim();
  const values = (n: number) =>
    f.expected !== undefined && f.actual !== undefined ? `expected ${clip(one(f.expected), n)}, got ${clip(one(f.actual), n)}` : "";
  const body = (n: number) => [f.message ? one(f.message) : "", values(n)].filter(Boolean).join(": ");
  const head = (n: number) => (f.test ? `${clip(one(f.test), n)}: ` : "");
  for (const [t, v] of [[80, 80], [60, 50], [40, 30], [30, 20]] as const) {
    const line = `${head(t)}${body(v)}${suffix}`;
    if (line.length <= max) return line;
  }
  const h = head(30);
  const room = max - h.length - suffix.length;
  if (room >= 20) return `${h}${clip(body(20), room)}${suffix}`;
  return clip(`${body(20)}${suffix}`, max);
}
