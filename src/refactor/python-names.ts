import type { SyntaxNode } from "../lang/tree-sitter.js";

// What an identifier is in a Python syntax tree: a use of a name, a place that binds it, or not a
// variable at all (an attribute's name, a keyword argument's name). A rename follows the uses of
// the imported binding and must never touch the others.

export type Role =
  /** Reads the variable: `f(1)`, `x = f`, `@f`, `f"{f}"`. */
  | "reference"
  /** Binds the variable: def, class, parameter, assignment, for, with/except `as`, walrus, global, del, a match capture. */
  | "binding"
  /** A name that is no variable: `obj.f`, `g(f=1)`, `case P(f=…)`. */
  | "name";

/** Nodes a target may nest its names in: `a, (b, *c) = …`, `for [x, y] in …`, `with o as (p, q)`. */
const PATTERN = new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression", "list_splat_pattern", "expression_list"]);
/** Statements whose `left` field binds. */
const TARGETS = new Set(["assignment", "augmented_assignment", "for_statement", "for_in_clause"]);
const SCOPES = new Set(["function_definition", "lambda", "class_definition"]);

export function roleOf(id: SyntaxNode): Role {
  const p = id.parent;
  if (!p) return "reference";
  const field = fieldOf(id);
  switch (p.type) {
    case "attribute":
      return field === "attribute" ? "name" : "reference";
    case "keyword_argument":
      return field === "name" ? "name" : "reference";
    case "keyword_pattern":
      return p.firstNamedChild?.id === id.id ? "name" : "reference";
    case "function_definition":
    case "class_definition":
    case "default_parameter":
    case "typed_default_parameter":
    case "named_expression":
      return field === "name" ? "binding" : "reference";
    case "parameters":
    case "lambda_parameters":
    case "typed_parameter":
    case "list_splat_pattern":
    case "dictionary_splat_pattern":
    case "splat_pattern":
    case "global_statement":
    case "nonlocal_statement":
    case "delete_statement":
    case "as_pattern_target":
      return "binding";
    case "as_pattern":
      // `case P() as x`: the name after `as`.
      return p.firstNamedChild?.id === id.id ? "reference" : "binding";
    case "dotted_name":
      // `case x:` captures; `case A.B:` compares.
      return p.parent?.type === "case_pattern" && p.namedChildCount === 1 ? "binding" : "reference";
  }
  let n: SyntaxNode = id;
  while (n.parent && PATTERN.has(n.parent.type)) n = n.parent;
  const q = n.parent;
  if (q && TARGETS.has(q.type) && fieldOf(n) === "left") return "binding";
  if (q && (q.type === "as_pattern_target" || q.type === "delete_statement")) return "binding";
  return "reference";
}

/** The name of the field that holds `n` in its parent, or "". */
export function fieldOf(n: SyntaxNode): string {
  const p = n.parent;
  if (!p) return "";
  for (let i = 0; i < p.childCount; i++) if (p.child(i)?.id === n.id) return p.fieldNameForChild(i) ?? "";
  return "";
}

export function insideImport(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === "import_from_statement" || p.type === "import_statement") return true;
  return false;
}

/** The function, lambda or class whose body holds `n`; null at module level. */
export function scopeOf(n: SyntaxNode): SyntaxNode | null {
  for (let p = n.parent; p; p = p.parent) if (SCOPES.has(p.type)) return p;
  return null;
}

/** The scope a binding binds in: a def's or class's name in the one around it, anything else in its own. */
export function bindingScope(id: SyntaxNode): SyntaxNode | null {
  const p = id.parent;
  const named = p && (p.type === "function_definition" || p.type === "class_definition") && p.childForFieldName("name")?.id === id.id;
  return scopeOf(named ? p : id);
}

/** Whether `n` lies inside `scope` (null: the whole module). */
export function within(n: SyntaxNode, scope: SyntaxNode | null): boolean {
  return scope === null || (n.startIndex >= scope.startIndex && n.endIndex <= scope.endIndex);
}

/** `a.b.c` as its names, when it is only names and dots; null for `f().b` or `a[0].b`. */
export function dottedParts(n: SyntaxNode): string[] | null {
  if (n.type === "identifier") return [n.text];
  if (n.type !== "attribute") return null;
  const object = n.childForFieldName("object");
  const attr = n.childForFieldName("attribute");
  const head = object ? dottedParts(object) : null;
  return head && attr ? [...head, attr.text] : null;
}
