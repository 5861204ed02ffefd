import { indent, startsLine, walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";
import { invalidEscape } from "./diagnose-escapes.js";
import { misplacedStatement } from "./diagnose-items.js";
import { missingSemicolon } from "./diagnose-css.js";
import { unclosedConditional } from "./preprocessor.js";
import { leftOpen, markupProblem } from "./diagnose-markup.js";
import { pythonIndentProblem } from "./diagnose-python.js";
import { tomlDuplicate } from "./diagnose-toml.js";

// What is wrong with a file, from its tree-sitter tree, said the way a compiler would: one place,
// one short reason. Tree-sitter recovers from errors by wrapping what it could not use in ERROR
// nodes or inserting MISSING ones, and where it does so is often a few lines after the real
// mistake (an unclosed `{` is "missing" at the end of the file). So the brackets are matched
// first, from the tokens themselves, and the first ERROR or MISSING node is the fallback.


/** The first syntax problem of a parsed file (named by `file`, when known), or null when it has none. */
export function firstProblem(root: SyntaxNode, language: string, source: string, file?: string): Problem | null {
  const p = problemOf(root, language, source, file);
  if (p) {
    const top = root.children.find((c) => c && c.startPosition.row <= p.row && c.endPosition.row >= p.row);
    if (top) p.declarationRow = top.startPosition.row;
  }
  return p;
}

function problemOf(root: SyntaxNode, language: string, source: string, file: string | undefined): Problem | null {
  // The SCSS grammar misses too much of Sass (modules, maps, `!default`) for its ERROR nodes to
  // mean anything; unbalanced brackets still do.
  if (language === "scss") return root.hasError ? bracketProblem(root, language, source) : null;
  if (root.hasError) return keywordProblem(root, source) ?? strayString(root, language) ?? bracketProblem(root, language, source) ?? errorProblem(root, source) ?? hiddenError(root);
  if (language === "python") return pythonIndentProblem(root, source);
  if (language === "html") return markupProblem(root);
  if (language === "toml") return tomlDuplicate(root);
  if (language === "css") return missingSemicolon(root, source);
  if (language === "swift") return unclosedConditional(source) ?? misplacedStatement(root, language, file);
  return invalidEscape(root, language) ?? misplacedStatement(root, language, file);
}


const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const CLOSE: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

interface Opened {
  char: string;
  row: number;
  column: number;
}

/**
 * Brackets matched token by token (strings and comments are single tokens, so their brackets do
 * not count). A closer that belongs to an outer opener means the inner ones were never closed; a
 * pair whose closer is indented less than its opener's line is where a closer went missing (code
 * a model writes is indented consistently even when its brackets are not).
 */
function bracketProblem(root: SyntaxNode, language: string, source: string): Problem | null {
  const lines = source.split("\n");
  const stack: Opened[] = [];
  let misindented: Problem | null = null;
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (n.childCount > 0 || n.isNamed || n.isMissing || n.type.length > 3) return;
    // A case pattern's `)` in shell has no opener.
    if (language === "bash" && n.parent?.type === "case_item") return;
    let column = n.startPosition.column;
    for (const char of n.type) {
      const at = { row: n.startPosition.row, column: column++ };
      if (OPEN[char]) stack.push({ char, ...at });
      else if (CLOSE[char]) {
        const top = stack.at(-1);
        if (top?.char === CLOSE[char]) {
          stack.pop();
          if (!misindented && startsLine(lines, at) && indent(lines, at.row) < indent(lines, top.row) && at.row > top.row) {
            misindented = notClosed(top, lines);
          }
        } else if (stack.some((o) => o.char === CLOSE[char])) {
          found = notClosed(top!, lines);
        } else {
          found = { ...at, what: top ? `unexpected "${char}" (the "${top.char}" of line ${top.row + 1} is still open)` : `unexpected "${char}"` };
        }
      }
    }
  });
  if (found) return found;
  if (!stack.length) return null;
  return misindented ?? notClosed(stack.at(-1)!, lines);
}

function notClosed(o: Opened, lines: string[]): Problem {
  // An Allman-style `{` alone on its line says little: the line before shows what it opens.
  return { row: o.row, column: o.column, what: `"${o.char}" is not closed`, withPrevious: (lines[o.row] ?? "").trim() === o.char };
}

/**
 * Blocks closed by a keyword (Ruby's `end`, the shell's `fi`, `done`, `esac`): one whose closer is
 * MISSING is not closed, and so is one whose closer is indented less than its opener's line (that
 * closer was meant for an outer block).
 */
const KEYWORD_CLOSERS = new Set(["end", "fi", "done", "esac"]);

function keywordProblem(root: SyntaxNode, source: string): Problem | null {
  const lines = source.split("\n");
  let found: Problem | null = null;
  let foundAt = Infinity;
  walkTree(root, (n) => {
    const last = n.lastChild;
    const first = n.firstChild;
    if (!last || !first || last.isNamed || !KEYWORD_CLOSERS.has(last.type) || first.isNamed) return;
    const close = last.startPosition;
    const open = first.startPosition;
    const misindented = close.row > open.row && startsLine(lines, close) && indent(lines, close.row) < indent(lines, open.row);
    if ((last.isMissing || misindented) && close.row < foundAt) {
      foundAt = close.row;
      found = { row: open.row, column: open.column, what: `"${first.type}" is not closed (no "${last.type}" of its own)` };
    }
  });
  return found;
}

/** The first MISSING node or the first place an ERROR node went wrong, whichever comes first. */
function errorProblem(root: SyntaxNode, source: string): Problem | null {
  const lines = source.split("\n");
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (!n.hasError && !n.isMissing) return false;
    if (n.isMissing && QUOTES.has(n.type)) {
      found = unclosedString(root, n) ?? { ...n.startPosition, what: `missing "${n.type}"` };
    } else if (n.isMissing) {
      found = { ...n.startPosition, what: n.isNamed ? `missing ${n.type.replace(/_/g, " ")}` : `missing "${n.type}"`, withPrevious: startsLine(lines, n.startPosition) };
    } else if (n.type === "ERROR") {
      const at = errorPoint(n);
      const rest = (lines[at.row] ?? "").slice(at.column).trimEnd();
      found = { ...at, what: rest ? `invalid syntax near "${clip(rest, 40)}"` : "unexpected end of file", withPrevious: startsLine(lines, at) };
    }
  });
  return found;
}

/**
 * An error the grammar recovered from with a token it does not show (HTML's end tag for an element
 * left open at the end of the file): only the nodes around it say they hold an error.
 */
function hiddenError(root: SyntaxNode): Problem | null {
  let n = root;
  for (let inner = n.children.find((c) => c?.hasError); inner; inner = n.children.find((c) => c?.hasError)) n = inner;
  return n.type === "element" ? leftOpen(n) : null;
}

const QUOTES = new Set(['"', "'", "`"]);

/** Languages whose ordinary quoted strings may span lines: a string over a line end says nothing there. */
const MULTILINE_STRINGS = new Set(["bash", "php", "ruby", "toml"]);

/**
 * An unterminated string swallows what follows up to the next quote, which pairs every later
 * quote wrongly: in a file that does not parse, the first ordinary string (not triple-quoted, not
 * raw) that runs over a line end is where it began.
 */
function strayString(root: SyntaxNode, language: string): Problem | null {
  if (MULTILINE_STRINGS.has(language)) return null;
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (!n.isNamed || !/string/.test(n.type) || n.endPosition.row === n.startPosition.row) return;
    const head = n.text.slice(0, 6);
    // Not C#'s verbatim `@"…"` (it spans lines), nor a string whose line ends are escaped (C, Python,
    // Rust's long messages). A Rust string may also hold a bare line end, but far more often one
    // that does lost its closing quote.
    const breaksEscaped = !n.text.replace(/\\\r?\n/g, "").includes("\n");
    if (/^(?:[fFbBrRuU]{0,2}|L|u8|\$)(["'])(?!\1\1)/.test(head) && !/^R"/.test(head) && !breaksEscaped) found = { ...n.startPosition, what: "string is not closed" };
    return false;
  });
  return found;
}

/**
 * A missing closing quote is noticed where the parser gave up, often lines later, after quotes
 * further on were paired wrongly: the first string that runs over a line end is where it went
 * wrong (or else the string the quote is missing from).
 */
function unclosedString(root: SyntaxNode, missing: SyntaxNode): Problem | null {
  let first: SyntaxNode | null = null;
  walkTree(root, (n) => {
    if (first || n.startIndex > missing.startIndex) return false;
    if (n.isNamed && n.type.includes("string") && n.endPosition.row > n.startPosition.row) first = n;
  });
  const at = first ?? missing.parent;
  return at ? { ...at.startPosition, what: "string is not closed" } : null;
}

/**
 * Inside an ERROR node, what tree-sitter kept as whole constituents came before the mistake; the
 * first loose token (or nested error) is where it could not go on.
 */
function errorPoint(error: SyntaxNode): { row: number; column: number } {
  for (const child of error.children) {
    if (!child) continue;
    if (child.type === "ERROR") return errorPoint(child);
    if (child.isMissing || !child.isNamed) return child.startPosition;
    if (child.hasError) {
      const inner = firstErrorIn(child);
      if (inner) return inner.type === "ERROR" ? errorPoint(inner) : inner.startPosition;
    }
  }
  return error.startPosition;
}

/** The first ERROR or MISSING node under `node`. */
function firstErrorIn(node: SyntaxNode): SyntaxNode | null {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const c of node.children) {
    const found = c && (c.hasError || c.isMissing) ? firstErrorIn(c) : null;
    if (found) return found;
  }
  return null;
}



function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
