// Comments and string contents blanked out of source text, by each language's lexical rules, so
// that patterns over code never match a word in a comment or a string ("mutex" in a docstring,
// "import" in a message). No parser: the PreToolUse hook runs this on every Write. Line numbers
// survive (newlines inside a comment or string are kept); quotes survive, so `import "fmt"` and
// `require("x")` still read as imports.

interface Syntax {
  /** Line comment openers. */
  line: readonly string[];
  /** Block comment delimiters; the opener starts with `/` in every language here. */
  block?: readonly [string, string];
  /** `#` starts a comment anywhere (Python, Ruby, PHP), or only at a word's start (shell). */
  hash?: "any" | "word";
  /** Quotes whose strings end at the end of the line when left open. */
  quotes: string;
  /** Quotes whose strings may span lines (JS template literals, Go raw strings). */
  multiline?: string;
  /** `"""` strings (Python, Kotlin, Swift, Java text blocks); `'''` too for Python. */
  triple?: "double" | "both";
  /** `'` opens a char literal only when one closes it (`'a'`, `'\n'`), else it is a lifetime. */
  rustChars?: boolean;
}

const C_LIKE = { line: ["//"], block: ["/*", "*/"] } as const;

const SYNTAX: Record<string, Syntax> = {
  javascript: { ...C_LIKE, quotes: "\"'", multiline: "`" },
  go: { ...C_LIKE, quotes: "\"'", multiline: "`" },
  java: { ...C_LIKE, quotes: "\"'", triple: "double" },
  kotlin: { ...C_LIKE, quotes: "\"'", triple: "double" },
  swift: { ...C_LIKE, quotes: "\"", triple: "double" },
  c: { ...C_LIKE, quotes: "\"'" },
  rust: { ...C_LIKE, quotes: "\"'", rustChars: true },
  php: { ...C_LIKE, hash: "any", quotes: "\"'" },
  css: { line: [], block: ["/*", "*/"], quotes: "\"'" },
  python: { line: [], hash: "any", quotes: "\"'", triple: "both" },
  ruby: { line: [], hash: "any", quotes: "\"'" },
  bash: { line: [], hash: "word", quotes: "\"'" },
};

const FAMILY: Record<string, string> = {
  typescript: "javascript",
  tsx: "javascript",
  jsx: "javascript",
  vue: "javascript",
  svelte: "javascript",
  csharp: "c",
  cpp: "c",
  scss: "css",
};

/** The lexical family a language's comments and strings follow, when this module knows it. */
export function syntaxFamily(language: string): string | undefined {
  const f = FAMILY[language] ?? language;
  return SYNTAX[f] ? f : undefined;
}

/** `src` with comments removed and string contents emptied, line breaks kept; as is for a language it does not know. */
export function maskCode(src: string, language: string): string {
  const family = syntaxFamily(language);
  if (!family) return src;
  const syn = SYNTAX[family]!;
  const out: string[] = [];
  const n = src.length;
  let start = 0;
  let i = 0;
  const keep = (to: number) => out.push(src.slice(start, to));
  while (i < n) {
    const c = src[i]!;
    if (c === "/" && syn.line.length && syn.line.some((t) => src.startsWith(t, i))) {
      keep(i);
      i = lineEnd(src, i);
      start = i;
    } else if (c === "#" && syn.hash && (syn.hash === "any" || i === 0 || /\s/.test(src[i - 1]!))) {
      keep(i);
      i = lineEnd(src, i);
      start = i;
    } else if (c === "/" && syn.block && src.startsWith(syn.block[0], i)) {
      keep(i);
      const e = src.indexOf(syn.block[1], i + syn.block[0].length);
      const end = e === -1 ? n : e + syn.block[1].length;
      out.push(newlines(src, i, end));
      i = start = end;
    } else if (syn.triple && isTriple(src, i, syn.triple)) {
      const q = src.slice(i, i + 3);
      keep(i + 3);
      const e = closing(src, i + 3, q, true);
      out.push(newlines(src, i + 3, e));
      i = start = Math.min(n, e + 3);
      out.push(src.slice(e, i));
    } else if (syn.quotes.includes(c) || syn.multiline?.includes(c)) {
      if (c === "'" && syn.rustChars && !(src[i + 1] === "\\" || src[i + 2] === "'")) {
        i++;
        continue;
      }
      keep(i + 1);
      const e = closing(src, i + 1, c, Boolean(syn.multiline?.includes(c)));
      out.push(newlines(src, i + 1, e));
      i = start = e < n && src[e] === c ? e + 1 : e;
      if (i === e + 1) out.push(c);
    } else {
      i++;
    }
  }
  keep(n);
  return out.join("");
}

function lineEnd(src: string, i: number): number {
  const e = src.indexOf("\n", i);
  return e === -1 ? src.length : e;
}

function isTriple(src: string, i: number, kind: "double" | "both"): boolean {
  return src.startsWith('"""', i) || (kind === "both" && src.startsWith("'''", i));
}

/** Where the string opened before `from` ends: at its closing quote, or at the line's end when it may not span lines. */
function closing(src: string, from: number, quote: string, spansLines: boolean): number {
  const n = src.length;
  let j = from;
  while (j < n) {
    const d = src[j]!;
    if (d === "\\") {
      j += 2;
      continue;
    }
    if (src.startsWith(quote, j)) return j;
    if (d === "\n" && !spansLines) return j;
    j++;
  }
  return n;
}

function newlines(src: string, from: number, to: number): string {
  let k = 0;
  for (let i = src.indexOf("\n", from); i !== -1 && i < to; i = src.indexOf("\n", i + 1)) k++;
  return "\n".repeat(k);
}
