import { indent, startsLine, walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// Python's indentation is its syntax, and tree-sitter's Python grammar is lenient about it: a
// statement indented between two levels still parses. Python refuses it, so it is checked here,
// on a tree with no errors, with Python's own words.

/** Statements of one block share a column; `else`/`except`/… line up with their statement. */
const PY_CLAUSES = new Set(["elif_clause", "else_clause", "except_clause", "except_group_clause", "finally_clause", "case_clause"]);
const PY_STATEMENT_HOLDERS = /^(module|block|(if|for|while|try|with|match)_statement|function_definition|class_definition|decorated_definition|(elif|else|except|except_group|finally|case)_clause)$/;

export function pythonIndentProblem(root: SyntaxNode, source: string): Problem | null {
  const lines = source.split("\n");
  let found: Problem | null = null;
  const check = (at: { row: number; column: number }, expected: number) => {
    if (found || at.column === expected || !startsLine(lines, at)) return;
    // Deeper than its block but shallower than the line before: a dedent that lands between levels.
    const dedent = at.column < expected || indent(lines, previousCodeRow(lines, at.row)) > at.column;
    found = { ...at, what: dedent ? "unindent does not match any outer indentation level" : "unexpected indent" };
  };
  // Only statements hold blocks: expressions are not entered (the walk is most of the gate's time).
  walkTree(root, (n) => {
    if (found || !PY_STATEMENT_HOLDERS.test(n.type)) return false;
    if (n.type === "block" && !n.namedChildren.some((c) => c && c.type !== "comment")) {
      // The grammar closes a block that has no statement (a body not indented, or cut off) empty.
      found ??= emptyBlock(lines, n.startPosition.row);
      return false;
    }
    if (n.type === "module" || n.type === "block") {
      const statements = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== "comment" && startsLine(lines, c.startPosition));
      const expected = n.type === "module" ? 0 : statements[0]?.startPosition.column;
      if (expected !== undefined) for (const s of statements) check(s.startPosition, expected);
    } else if (n.type !== "match_statement" && startsLine(lines, n.startPosition)) {
      for (const c of n.namedChildren) if (c && PY_CLAUSES.has(c.type)) check(c.startPosition, n.startPosition.column);
    }
    return true;
  });
  return found;
}

/** Where Python reports a body that is missing: the next line of code, or the header's own at the end of the file. */
function emptyBlock(lines: string[], headerRow: number): Problem {
  let row = headerRow + 1;
  while (row < lines.length && /^\s*(#.*)?$/.test(lines[row]!)) row++;
  const at = row < lines.length ? { row, column: indent(lines, row) } : { row: headerRow, column: (lines[headerRow] ?? "").trimEnd().length };
  return { ...at, what: `expected an indented block after line ${headerRow + 1}` };
}

function previousCodeRow(lines: string[], row: number): number {
  let r = row - 1;
  while (r > 0 && /^\s*(#.*)?$/.test(lines[r] ?? "")) r--;
  return r;
}
