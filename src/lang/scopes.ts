import { syntaxFamily } from "./mask.js";

// Where each piece of (masked) code sits: at the top of the file, in a class or struct body, in
// a constructor, or in a function body. That is what tells a constant from state: a field set in
// a constructor is fine, the same field changed by a method is state. Lexical, no parser: braces
// for the C family, indentation for Python and Ruby.

export type Scope = "top" | "type" | "init" | "body";

export interface Segment {
  /** 1-based line of the source. */
  line: number;
  scope: Scope;
  text: string;
  /** In a Go method with a pointer receiver: the receiver's name (`c` in `func (c *Counter) Inc()`). */
  self?: string;
}

/** Longer pieces (a minified line) are cut: no rule needs more, and no pattern may take long on the hook's path. */
const MAX_SEGMENT = 2000;

/** The code split into pieces of one line and one scope each. `masked` comes from `maskCode`. */
export function segments(masked: string, language: string): Segment[] {
  const family = syntaxFamily(language);
  const segs =
    family === "python" || family === "ruby"
      ? indentSegments(masked, family)
      : !family || family === "css"
        ? masked.split("\n").map((text, k): Segment => ({ line: k + 1, scope: "top", text }))
        : braceSegments(masked);
  for (const s of segs) if (s.text.length > MAX_SEGMENT) s.text = s.text.slice(0, MAX_SEGMENT);
  return segs;
}

const INDENT_HEADER = {
  python: /^\s*(?:async\s+)?(def|class)\s+(\w+)/,
  ruby: /^\s*(def|class|module)\s+(?:self\.)?([^\s(;]+)/,
} as const;
const INIT_NAMES = new Set(["__init__", "__post_init__", "__new__", "initialize"]);

function indentSegments(masked: string, family: keyof typeof INDENT_HEADER): Segment[] {
  const out: Segment[] = [];
  const stack: Array<{ indent: number; scope: Scope }> = [];
  // Inside brackets a line continues the statement above it, whatever its indentation.
  let depth = 0;
  let continued: Scope = "top";
  masked.split("\n").forEach((text, k) => {
    if (!text.trim()) return;
    let scope: Scope;
    if (depth > 0) {
      scope = continued;
    } else {
      const indent = text.length - text.trimStart().length;
      while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
      scope = stack.at(-1)?.scope ?? "top";
      const h = INDENT_HEADER[family].exec(text);
      if (h) stack.push({ indent, scope: h[1] !== "def" ? "type" : INIT_NAMES.has(h[2]!) || scope === "init" ? "init" : "body" });
    }
    out.push({ line: k + 1, scope, text });
    depth = Math.max(0, depth + bracketBalance(text));
    continued = scope;
  });
  return out;
}

function bracketBalance(text: string): number {
  let b = 0;
  for (const c of text) {
    if (c === "(" || c === "[" || c === "{") b++;
    else if (c === ")" || c === "]" || c === "}") b--;
  }
  return b;
}

interface Frame {
  scope: Scope;
  /** A type's name, to know its constructor (`Counter(` in `class Counter`). */
  name?: string;
  self?: string;
}

function braceSegments(masked: string): Segment[] {
  const out: Segment[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let segStart = 0;
  let headStart = 0;
  const flush = (to: number) => {
    if (to <= segStart) return;
    const top = stack.at(-1);
    out.push({ line, scope: top?.scope ?? "top", text: masked.slice(segStart, to), ...(top?.self ? { self: top.self } : {}) });
  };
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === "\n") {
      flush(i);
      line++;
      segStart = i + 1;
    } else if (c === "{") {
      flush(i);
      stack.push(frameFor(headOf(masked.slice(headStart, i)), stack.at(-1)));
      segStart = headStart = i + 1;
    } else if (c === "}") {
      flush(i);
      stack.pop();
      segStart = headStart = i + 1;
    } else if (c === ";") {
      headStart = i + 1;
    }
  }
  flush(masked.length);
  return out;
}

const TYPE_HEAD = /(?:^|[\s(])(?:class|struct|interface|enum|record|object|trait|impl|actor|extension|protocol|union)\b(?:\s*<[^>]*>)?\s*([A-Za-z_]\w*)?/;
const OPEN_HEAD = /^(?:export\s+)?(?:namespace|module|extern|declare\s+(?:module|namespace|global))\b/;
const GO_TYPE = /^type\s+(\w+)/;
const CONSTRUCTORS = new Set(["constructor", "__construct", "init"]);

/** What the block a `{` opens is, from the statement before it and the block around it. */
function frameFor(head: string, parent: Frame | undefined): Frame {
  const around = parent?.scope ?? "top";
  if (around === "top" && OPEN_HEAD.test(head)) return { scope: "top" };
  const type = TYPE_HEAD.exec(head);
  if (type) return { scope: "type", name: GO_TYPE.exec(head)?.[1] ?? type[1] };
  if (around === "init" || around === "body") return { scope: around, ...(parent?.self ? { self: parent.self } : {}) };
  const receiver = around === "top" ? /^func\s*\(\s*(\w+)\s+\*/.exec(head)?.[1] : undefined;
  if (receiver) return { scope: "body", self: receiver };
  if (around === "type" && (head === "" || head === "init" || head === "static")) return { scope: "init" };
  const called = /([A-Za-z_]\w*)\s*[?!]?\s*(?:<[^>]*>)?\s*\(/.exec(head)?.[1];
  if (called && (CONSTRUCTORS.has(called) || (around === "type" && called === parent?.name))) return { scope: "init" };
  // Out of the class in C++ (`Counter::Counter(`), and JS constructor functions (`function Counter(`).
  if (around === "top" && (/(\w+)::\1\s*\(/.test(head) || /^(?:export\s+)?function\s+[A-Z]\w*\s*\(/.test(head))) return { scope: "init" };
  return { scope: "body" };
}

/**
 * The statement that opens a block: its last line, with the lines before it while a parenthesis
 * is still open (a signature over several lines), without the lines of earlier statements that
 * languages without `;` leave in front of it.
 */
function headOf(text: string): string {
  const lines = text.split("\n");
  let acc = "";
  let balance = 0;
  for (let k = lines.length - 1; k >= 0; k--) {
    const l = lines[k]!;
    if (!l.trim() && !acc) continue;
    acc = `${l} ${acc}`;
    for (const c of l) balance += c === "(" ? 1 : c === ")" ? -1 : 0;
    if (balance >= 0) break;
  }
  return acc.replace(/\s+/g, " ").trim();
}
