import type { Newer, NewerRules } from "./newer-syntax.js";
import type { SyntaxNode } from "./tree-sitter.js";

// PHP 8.4's property hooks refused by a local php 8.2 are not a mistake: php -l's verdict is taken
// unless the file uses syntax newer than it that the grammar reads.

export const PHP_NEWER: NewerRules = { grammar: "php", checker: "php", release: "PHP", newer: newerNode };

// What is read after a `new A()` with no parentheses around it: `new A()->m()`, `new A()::C`, `new A()[0]`.
const MEMBER_OF = new Set([
  "member_call_expression",
  "member_access_expression",
  "nullsafe_member_call_expression",
  "nullsafe_member_access_expression",
  "scoped_call_expression",
  "scoped_property_access_expression",
  "class_constant_access_expression",
  "subscript_expression",
]);

function newerNode(n: SyntaxNode): Newer | null {
  if (MEMBER_OF.has(n.type) && n.firstChild?.type === "object_creation_expression") return { what: "a member of new without parentheses", since: "8.4" };
  switch (n.type) {
    case "const_declaration":
      return n.namedChildren.some((c) => c && /_type$/.test(c.type)) ? { what: "a typed class constant", since: "8.3" } : null;
    case "anonymous_class":
      return n.namedChildren.some((c) => c?.type === "readonly_modifier") ? { what: "a readonly anonymous class", since: "8.3" } : null;
    case "class_constant_access_expression":
      return n.children.some((c) => c?.type === "{") ? { what: "a dynamic class constant fetch", since: "8.3" } : null;
    case "property_hook_list":
      return { what: "property hooks", since: "8.4" };
    case "visibility_modifier":
      return /\(\s*set\s*\)/.test(n.text) ? { what: "asymmetric visibility", since: "8.4" } : null;
    default:
      return null;
  }
}
