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
};

/** What the code ends inside ("a \"\"\" string"), or null when it ends in plain code. */
export function unclosedAtEnd(code: string, language: string): string | null {
  if (language === "bash" || language === "ruby") return openHeredoc(code);
  const family = FAMILY[language];
  return family ? lex(code, SYNTAX[family]!) : null;
}

type Mode = { kind: "code" } | { kind: "line" } | { kind: "block" } | { kind: "single"; q: string } | { kind: "multi"; d: string; raw: boolean };

function lex(code: string, syn: Syntax): string | null {
  let mode: Mode = { kind: "code" };
  const braces: number[] = []; // open ${ in template literals, each with its own brace depth
  let prev = "";
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    const at = (s: string) => code.startsWith(s, i);
    switch (mode.kind) {
      case "line":
        if (c === "\n") mode = { kind: "code" };
        continue;
      case "block":
        if (at(syn.block![1])) (mode = { kind: "code" }), (i += syn.block![1].length - 1);
        continue;
      case "single":
        if (c === "\\") i++;
        else if (c === mode.q || c === "\n") (mode = { kind: "code" }), (prev = c);
        continue;
      case "multi":
        if (c === "\\" && !mode.raw) i++;
        else if (at(mode.d)) (i += mode.d.length - 1), (mode = { kind: "code" }), (prev = c);
        else if (syn.js && at("${")) braces.push(0), i++, (mode = { kind: "code" });
        continue;
    }
    if (/\s/.test(c)) continue;
    if (syn.line.some(at)) mode = { kind: "line" };
    else if (syn.block && at(syn.block[0])) (mode = { kind: "block" }), (i += syn.block[0].length - 1);
    else if (syn.js && braces.length && (c === "{" || c === "}")) {
      if (c === "{") braces[braces.length - 1]!++;
      else if (braces[braces.length - 1] === 0) braces.pop(), (mode = { kind: "multi", d: "`", raw: false });
      else braces[braces.length - 1]!--;
    } else if (syn.js && c === "/" && regexMayStart(code, i, prev)) i = skipRegex(code, i);
    else {
      const m = syn.multi.find((x) => at(x.d));
      if (m) (mode = { kind: "multi", d: m.d, raw: m.raw ?? false }), (i += m.d.length - 1);
      else if (syn.single.includes(c)) mode = { kind: "single", q: c };
    }
    prev = code[i]!;
  }
  if (mode.kind === "multi") return `a ${mode.d} string`;
  if (mode.kind === "block") return "a comment";
  return null;
}

function regexMayStart(code: string, i: number, prev: string): boolean {
  if (code[i + 1] === "/" || code[i + 1] === "*") return false;
  if (!prev || "(,=:[!&|?{};+-*%<>~^".includes(prev)) return true;
  return /\b(?:return|typeof|case|in|of|void|yield|await)\s*$/.test(code.slice(Math.max(0, i - 12), i));
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

/** Shell and Ruby: a here-document whose terminator never comes. */
function openHeredoc(code: string): string | null {
  let word: string | null = null;
  let indented = false;
  for (const line of code.split("\n")) {
    if (word !== null) {
      if ((indented ? line.trim() : line.replace(/\s+$/, "")) === word) word = null;
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    const m = /<<([-~]?)\s*(['"]?)([A-Za-z_]\w*)\2/.exec(line.replace(/<<<\S*/g, ""));
    if (m) (word = m[3]!), (indented = m[1] !== "");
  }
  return word === null ? null : `a here-document (<<${word})`;
}
