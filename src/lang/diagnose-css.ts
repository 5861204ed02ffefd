import { startsLine, walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// A declaration that lost its `;` before the next one runs on into it: CSS reads `color: red` and
// `margin: 0;` on the next line as one declaration whose value is `red margin: 0`, which browsers
// drop whole, and the grammar reads it without complaint. Only a line of the value that starts
// with `name:` is taken for the next declaration: a value may go on over lines, but never so.
// A custom property's value may hold any tokens, so it is never one.

const NEXT_DECLARATION = /^-?[A-Za-z][\w-]*:/;

/** The first declaration run into the next for want of a `;`, in a tree with no errors; null when none. */
export function missingSemicolon(root: SyntaxNode, source: string): Problem | null {
  const lines = source.split("\n");
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (n.type !== "declaration") return;
    const [name, ...values] = n.namedChildren;
    if (name?.type !== "property_name" || name.text.startsWith("--")) return false;
    let before: SyntaxNode = name;
    for (const v of values) {
      if (!v) continue;
      const next = NEXT_DECLARATION.exec(v.text);
      // The IE filters' `progid:` is a value, whichever line it is on.
      if (next && v.type === "plain_value" && startsLine(lines, v.startPosition) && !/^progid:/i.test(v.text)) {
        found = { ...before.endPosition, what: `missing ";" before "${next[0].slice(0, -1)}"` };
        return false;
      }
      before = v;
    }
    return false;
  });
  return found;
}
