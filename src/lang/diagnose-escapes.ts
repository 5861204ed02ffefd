import { walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// Java and Rust refuse a backslash before a character that is no escape of theirs: a regex written
// as "\d+", a Windows path as "C:\Users". javac says "illegal escape character", rustc "unknown
// character escape". Their grammars take a backslash and any character as an escape, so the file
// parses; the escapes (and Java's literals' shapes) are checked here, on a tree with no errors,
// the way each compiler's lexer reads them. (Python, JavaScript, Ruby and PHP accept such a backslash; Go's gofmt refuses it itself.)

interface BadEscape {
  /** Offset of the backslash in the literal's text. */
  at: number;
  what: string;
}

/** The literals whose escapes a language checks (raw strings have none), and how it reads them. */
const RULES: Record<string, { literals: ReadonlySet<string>; check: (text: string) => BadEscape | null }> = {
  java: { literals: new Set(["string_literal", "character_literal"]), check: (text) => javaEscape(text) ?? javaLiteralShape(text) },
  rust: { literals: new Set(["string_literal", "char_literal"]), check: rustEscape },
};

/** The first escape the language's compiler refuses, in a tree with no errors; null when none. */
export function invalidEscape(root: SyntaxNode, language: string): Problem | null {
  const rules = RULES[language];
  if (!rules) return null;
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (!rules.literals.has(n.type)) return;
    const bad = rules.check(n.text);
    if (bad) found = { ...positionIn(n, bad.at), what: bad.what };
    return false;
  });
  return found;
}

/** Where an offset into a node's text is in the file (a text block spans lines). */
function positionIn(n: SyntaxNode, offset: number): { row: number; column: number } {
  const before = n.text.slice(0, offset).split("\n");
  return before.length === 1
    ? { row: n.startPosition.row, column: n.startPosition.column + offset }
    : { row: n.startPosition.row + before.length - 1, column: before.at(-1)!.length };
}

// \b \t \n \f \r \s \" \' \\, octal \0 to \377, and in a text block a backslash ending the line.
// A \u escape (any number of u's, four hex digits) is read before the lexer, anywhere.
function javaEscape(text: string): BadEscape | null {
  const block = text.startsWith('"""');
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\") continue;
    const next = text[i + 1] ?? "";
    if (next === "u") {
      const unicode = /^u+[0-9a-fA-F]{4}/.exec(text.slice(i + 1));
      if (!unicode) return { at: i, what: "illegal unicode escape" };
      i += unicode[0].length;
    } else if (/^[btnfrs"'\\0-7]$/.test(next) || (block && (next === "\n" || next === "\r"))) {
      i++;
    } else {
      return { at: i, what: `illegal escape character "\\${next}" (a backslash in the text is written "\\\\")` };
    }
  }
  return null;
}

/**
 * The grammar reads any text between single quotes as a char, and `"""` then text on the same
 * line as a text block: javac wants one character or escape ('hello' in Python's quotes is
 * "unclosed character literal"; an emoji is two chars), and a line break after a text block's `"""`.
 */
function javaLiteralShape(text: string): BadEscape | null {
  if (text.startsWith("'")) {
    const inner = text.slice(1, -1);
    const one = inner.length === 1 || /^\\(?:u+[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|.)$/s.test(inner);
    return one ? null : { at: 0, what: `unclosed character literal: a char holds one character (a string is written "${inner.replace(/"/g, '\\"')}")` };
  }
  if (text.startsWith('"""') && !/^"""[ \t\f]*\r?\n/.test(text)) {
    return { at: 3, what: 'a text block starts a new line after its opening """ (one line is written "…")' };
  }
  return null;
}

// \n \r \t \\ \0 \' \", \x with two hex digits (at most \x7f outside byte literals), \u{…} with
// up to six hex digits naming a character (not in byte literals), and in a string a backslash
// ending the line.
function rustEscape(text: string): BadEscape | null {
  const byte = text.startsWith("b");
  const char = /^b?'/.test(text);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\") continue;
    const next = text[i + 1] ?? "";
    if (/^[nrt\\0'"]$/.test(next) || (!char && (next === "\n" || next === "\r"))) {
      i++;
    } else if (next === "x") {
      const hex = text.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { at: i, what: "numeric character escape is too short (\\x takes two hex digits)" };
      if (!byte && hex[0]! > "7") return { at: i, what: `out of range hex escape "\\x${hex}" (at most \\x7f; a character is written \\u{…})` };
      i += 3;
    } else if (next === "u" && !byte) {
      const unicode = /^\{([0-9a-fA-F][0-9a-fA-F_]*)\}/.exec(text.slice(i + 2));
      const digits = unicode?.[1]!.replace(/_/g, "") ?? "";
      const code = parseInt(digits || "110000", 16);
      if (!unicode || digits.length > 6 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return { at: i, what: "invalid unicode character escape (written \\u{1F600})" };
      i += 1 + unicode[0].length;
    } else {
      const what = next === "u" ? "unicode escape in a byte literal" : `unknown character escape "\\${next}" (a backslash in the text is written "\\\\", or use a raw string r"…")`;
      return { at: i, what };
    }
  }
  return null;
}
