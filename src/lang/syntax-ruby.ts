import type { Newer, NewerRules } from "./newer-syntax.js";
import type { SyntaxNode } from "./tree-sitter.js";

// ruby -c may be older than the project's Ruby: rbenv and rvm choose by the project's
// .ruby-version, and the check runs outside the project; Debian 12 ships 3.1. Ruby 3.1 and 3.2
// added syntax models use (hash shorthand, anonymous argument forwarding).

export const RUBY_NEWER: NewerRules = { grammar: "ruby", checker: "ruby", release: "Ruby", newer: newerNode };

function newerNode(n: SyntaxNode): Newer | null {
  switch (n.type) {
    case "splat_argument":
    case "hash_splat_argument":
      return n.namedChildCount === 0 ? { what: "anonymous argument forwarding", since: "3.2" } : null;
    case "block_argument":
      return n.namedChildCount === 0 ? { what: "anonymous block forwarding", since: "3.1" } : null;
    case "pair":
      return n.childForFieldName("value") === null ? { what: "hash shorthand", since: "3.1" } : null;
    case "expression_reference_pattern":
      return { what: "a pinned expression", since: "3.1" };
    default:
      return null;
  }
}
