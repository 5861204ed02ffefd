import type { Newer, NewerRules } from "./newer-syntax.js";

// A `match` refused by a local python3 3.9 is not a mistake in a 3.10 project. An indentation
// error is taken always, as no newer syntax makes one. (Syntax that has an older spelling, like
// 3.12's f-strings reusing their quote or 3.14's unparenthesized `except A, B:`, is refused by an
// older python3: the retry's other spelling is valid in every version, so that costs at most one retry.)

/** Syntax newer than the oldest python3 the gate asks (3.8), by the tree-sitter node that holds it. */
const NEWER_SYNTAX: Record<string, Newer> = {
  match_statement: { what: "a match statement", since: "3.10" },
  except_group_clause: { what: "except*", since: "3.11" },
  type_alias_statement: { what: "a type statement", since: "3.12" },
  type_parameter: { what: "type parameters", since: "3.12" },
};

export const PYTHON_NEWER: NewerRules = {
  grammar: "python",
  checker: "python3",
  release: "Python",
  newer: (n) => NEWER_SYNTAX[n.type] ?? null,
  taken: /^(IndentationError|TabError)\b/,
};
