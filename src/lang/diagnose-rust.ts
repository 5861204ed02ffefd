import { walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// What the Rust grammar reads and rustc refuses, on a tree with no errors.

/**
 * A macro called with `( )` or `[ ]` is a statement only with a `;` after it, unless it ends its
 * block (its value is the block's); among items it always needs one. The grammar reads
 * `println!("a")` then `println!("b");` as two statements; rustc says "expected `;`". A macro
 * called with braces (`m! { … }`) needs none.
 */
export function macroWithoutSemicolon(root: SyntaxNode): Problem | null {
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found || n.type === "token_tree") return false;
    const items = n.type === "source_file" || n.type === "declaration_list";
    if (!items && n.type !== "block") return;
    const statements = n.namedChildren.filter((c): c is SyntaxNode => !!c && !c.type.endsWith("comment"));
    // Among items the `;` after a call is a node of its own (an empty statement).
    const ended = (i: number) => statements[i + 1]?.type === "empty_statement";
    const bare = statements.find((c, i) => c.type === "macro_invocation" && !braced(c) && !ended(i) && (items || i < statements.length - 1));
    if (bare) found = { ...bare.endPosition, what: `missing ";" after the macro call ${bare.text.split("(")[0]!.split("[")[0]}(…)` };
  });
  return found;
}

const braced = (call: SyntaxNode) => call.lastChild?.type === "token_tree" && call.lastChild.firstChild?.type === "{";
