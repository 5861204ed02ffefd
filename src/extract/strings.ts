// Whether code ends inside a multi-line string or comment. A ``` line inside a string literal (a
// README template in a Python file, a Markdown snippet in a JS template literal) closes the
// block early; what is left then ends inside that string. A small lexer per family is enough to
// tell: it only has to follow quotes, comments and (for JavaScript) regex literals and ${…}.

interface Syntax {
  line: readonly string[];
  block: readonly [string, string] | null;
  /** Delimiters of strings that may span lines; `raw` ones know no escapes. */
  multi: ReadonlyArray<{ d: string; raw?: boolean }>;
  /** Quotes of strings that end at the line's end. */
  single: readonly string[];
  /** JavaScript: template literals hold ${…} code, and `/` may open a regex literal. */
  js?: boolean;
}

const C_COMMENTS = { line: ["//"], block: ["/*", "*/"] as const };
const SYNTAX: Record<string, Syntax> = {
  python: { line: ["#"], block: null, multi: [{ d: '"""' }, { d: "'''" }], single: ['"', "'"] },
  javascript: { ...C_COMMENTS, multi: [{ d: "`" }], single: ['"', "'"], js: true },
  go: { ...C_COMMENTS, multi: [{ d: "`", raw: true }], single: ['"', "'"] },
  java: { ...C_COMMENTS, multi: [{ d: '"""' }], single: ['"', "'"] },
  c: { ...C_COMMENTS, multi: [], single: ['"'] },
  // '' inside a string and MySQL's \' both keep it open; Postgres bodies sit between $$.
  sql: { line: ["--", "#"], block: ["/*", "*/"], multi: [{ d: "$$", raw: true }, { d: "'" }], single: ['"'] },
};
const FAMILY: Record<string, string> = {
  python: "python",
  javascript: "javascript",
  typescript: "javascript",
  jsx: "javascript",
  tsx: "javascript",
  go: "go",
  java: "java",
  kotlin: "java",
  swift: "java",
  csharp: "java",
  c: "c",
  cpp: "c",
  rust: "c",
  php: "c",
  css: "c",
  scss: "c",
  sql: "sql",
};

/** Whether `unclosedAtEnd` reads the language's strings, comments and here-documents. */
export function knowsStrings(language: string): boolean {
  return language === "bash" || language === "ruby" || language in FAMILY;
}

/**
 * What the code ends inside ("a \"\"\" string"), or null when it ends in plain code, or when
 * the language's strings are not read (a Vue or Svelte template may hold a fence line in no string:
 * only a <script> still open at the end is read, so null there clears nothing).
 */
export function unclosedAtEnd(code: string, language: string): string | null {
  if (language === "bash" || language === "ruby") return openHeredoc(code, language === "ruby");
  if (language === "vue" || language === "svelte") return openScript(code);
  const family = FAMILY[language];
  return family ? lex(code, SYNTAX[family]!) : null;
}

/** What the JavaScript of a component's last <script> element ends inside, when that element is still open at the end. */
function openScript(code: string): string | null {
  const opens = [...code.matchAll(/<script\b[^>]*>/gi)];
  const last = opens[opens.length - 1];
  if (!last) return null;
  const rest = code.slice(last.index + last[0].length);
  return /<\/script\s*>/i.test(rest) ? null : lex(rest, SYNTAX.javascript!);
}

/** What the code ends inside, or null. One pass, jumping from one character that matters to the next. */
function lex(code: string, syn: Syntax): string | null {
  const next = startsOf(syn);
  const braces: number[] = []; // open ${ in template literals, each with its own brace depth
  for (let i = 0; i < code.length; ) {
    next.lastIndex = i;
    const hit = next.exec(code);
    if (!hit) break;
    i = hit.index;
    const c = code[i]!;
    if (syn.line.some((s) => code.startsWith(s, i))) {
      const end = code.indexOf("\n", i);
      if (end < 0) return null;
      i = end + 1;
    } else if (syn.block && code.startsWith(syn.block[0], i)) {
      const end = code.indexOf(syn.block[1], i + syn.block[0].length);
      if (end < 0) return "a comment";
      i = end + syn.block[1].length;
    } else if (c === "{" || c === "}") {
      i++;
      if (!braces.length) continue;
      if (c === "{") braces[braces.length - 1]!++;
      else if (braces[braces.length - 1]! > 0) braces[braces.length - 1]!--;
      else {
        braces.pop();
        const after = skipMulti(code, i, "`", false, braces);
        if (after < 0) return "a ` string";
        i = after;
      }
    } else if (c === "/") {
      i = regexMayStart(code, i) ? skipRegex(code, i) + 1 : i + 1;
    } else {
      const m = syn.multi.find((x) => code.startsWith(x.d, i));
      if (m) {
        const after = skipMulti(code, i + m.d.length, m.d, m.raw ?? false, syn.js ? braces : null);
        if (after < 0) return `a ${m.d} string`;
        i = after;
      } else if (syn.single.includes(c)) i = skipSingle(code, i + 1, c);
      else i++; // the first character of a longer opener alone: SQL's minus, a $1 parameter
    }
  }
  return braces.length ? "a ` string" : null;
}

const STARTS = new Map<Syntax, RegExp>();

/** A pattern for the characters that may start a comment, string, regex or brace the lexer follows. */
function startsOf(syn: Syntax): RegExp {
  let re = STARTS.get(syn);
  if (!re) {
    const firsts = [...syn.line, ...(syn.block ? [syn.block[0]] : []), ...syn.multi.map((m) => m.d), ...syn.single, ...(syn.js ? ["{", "}", "/"] : [])];
    const chars = [...new Set(firsts.map((f) => f[0]!))].map((ch) => `\\${ch}`).join("");
    re = new RegExp(`[${chars}]`, "g");
    STARTS.set(syn, re);
  }
  return re;
}

/** Index after a string that ends at the quote or the line's end. */
function skipSingle(code: string, i: number, q: string): number {
  for (; i < code.length; i++) {
    const c = code[i];
    if (c === "\\") i++;
    else if (c === q || c === "\n") return i + 1;
  }
  return i;
}

/** Index after the delimiter closing a multi-line string, or after a `${` (pushed on `braces`); -1 when it never closes. */
function skipMulti(code: string, i: number, d: string, raw: boolean, braces: number[] | null): number {
  for (; i < code.length; i++) {
    const c = code[i];
    if (c === "\\" && !raw) i++;
    else if (c === d[0] && code.startsWith(d, i)) return i + d.length;
    else if (braces && c === "$" && code[i + 1] === "{") {
      braces.push(0);
      return i + 2;
    }
  }
  return -1;
}

function regexMayStart(code: string, i: number): boolean {
  if (code[i + 1] === "/" || code[i + 1] === "*") return false;
  let k = i - 1;
  while (k >= 0 && /\s/.test(code[k]!)) k--;
  if (k < 0 || "(,=:[!&|?{};+-*%<>~^".includes(code[k]!)) return true;
  return /\b(?:return|typeof|case|in|of|void|yield|await)$/.test(code.slice(Math.max(0, k - 9), k + 1));
}

/** Index of the regex literal's closing slash (or of the line end when it never closes). */
function skipRegex(code: string, i: number): number {
  let klass = false;
  for (let j = i + 1; j < code.length; j++) {
    const c = code[j]!;
    if (c === "\n") return j - 1;
    if (c === "\\") j++;
    else if (c === "[") klass = true;
    else if (c === "]") klass = false;
    else if (c === "/" && !klass) return j;
  }
  return code.length;
}

/**
 * Shell and Ruby: a here-document whose terminator never comes. In Ruby `<<` followed by a space
 * is the append operator (`list << item`), so a Ruby here-document's word follows `<<` directly.
 */
function openHeredoc(code: string, ruby: boolean): string | null {
  const start = ruby ? /<<([-~]?)(['"]?)([A-Za-z_]\w*)\2/ : /<<([-~]?)\s*(['"]?)([A-Za-z_]\w*)\2/;
  let word: string | null = null;
  let indented = false;
  for (const line of code.split("\n")) {
    if (word !== null) {
      if ((indented ? line.trim() : line.replace(/\s+$/, "")) === word) word = null;
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    const m = start.exec(line.replace(/<<<\S*/g, ""));
    if (m) (word = m[3]!), (indented = m[1] !== "");
  }
  return word === null ? null : `a here-document (<<${word})`;
}
