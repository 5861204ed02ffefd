import { older } from "./native-check.js";
import { walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";
import { withTree } from "./tree-sitter.js";

// php -l is the strictest reader of a PHP file, but the local php may be older than the
// project's: PHP 8.4's property hooks refused by 8.2 are not a mistake, and a refusal the model
// cannot fix would repeat on every retry. So its verdict is taken unless the file uses syntax
// newer than it that the grammar reads (then the grammar's verdict stands, as before php was asked).

interface Newer {
  what: string;
  since: string;
}

/** Why php's refusal may be the file's newer syntax, not a mistake; null when it is a mistake. */
export async function phpDoubt(content: string, _problem: Problem, version: readonly number[] | null): Promise<string | null> {
  const used = await withTree(content, "php", newerSyntax);
  if (!used?.ok) return null;
  const unknown = used.value.filter((s) => !version || older(version, s.since));
  if (!unknown.length) return null;
  const which = unknown.map((s) => `${s.what} (PHP ${s.since})`).join(", ");
  return `php ${version?.join(".") ?? ""} is older than this file's syntax (${which}): only tree-sitter checked it`;
}

/** The PHP 8.3+ syntax a file uses that the grammar reads, each kind once. */
function newerSyntax(root: SyntaxNode): Newer[] {
  const found = new Map<string, Newer>();
  walkTree(root, (n) => {
    const s = newerNode(n);
    if (s) found.set(s.what, s);
  });
  return [...found.values()];
}

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
