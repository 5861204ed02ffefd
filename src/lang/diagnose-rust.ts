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

/** Where an inner doc comment or attribute may be, before anything else: a file, a module or impl body, a block. */
const INNER_HOLDERS = new Set(["source_file", "declaration_list", "block"]);
/** Lists an outer doc comment or attribute may be in, and the `}` that closes each (the file has none). */
const OUTER_HOLDERS = new Set([...INNER_HOLDERS, "field_declaration_list", "enum_variant_list", "match_block"]);

type Attachment = "outer" | "inner" | "comment" | null;

function attachment(n: SyntaxNode): Attachment {
  if (n.type === "attribute_item") return "outer";
  if (n.type === "inner_attribute_item") return "inner";
  if (n.type !== "line_comment" && n.type !== "block_comment") return null;
  if (/^\/\/\/(?!\/)|^\/\*\*(?![*/])/.test(n.text)) return "outer";
  return /^\/\/!|^\/\*!/.test(n.text) ? "inner" : "comment";
}

/**
 * An outer doc comment or attribute documents what follows it: with nothing after it (an answer
 * cut after a `///` line or a `#[derive]`, a `///` above a trait's `}`) rustc refuses the file
 * ("expected item after doc comment", "expected statement after outer attribute"). An inner one
 * (`//!`, `#![…]`) belongs at the start of its file, module or block: after an item or a
 * statement, rustc refuses it ("expected outer doc comment").
 */
export function strayAttribute(root: SyntaxNode): Problem | null {
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found || n.type === "token_tree" || n.type === "macro_definition") return false;
    if (!OUTER_HOLDERS.has(n.type)) return;
    let pending: SyntaxNode | null = null;
    let started = false;
    for (const c of n.children) {
      const kind = c ? attachment(c) : "comment";
      if (!c || kind === "comment") continue;
      if (kind === "outer") pending ??= c;
      else if (kind === "inner") {
        if (started && INNER_HOLDERS.has(n.type)) found ??= { ...c.startPosition, what: "an inner doc comment or attribute (//! or #![…]) after an item: it must come first in its file, module or block" };
      } else {
        if (pending && c.type === "}") found ??= nothingAfter(pending);
        pending = null;
        started ||= c.isNamed;
      }
    }
    if (pending) found ??= nothingAfter(pending);
  });
  return found;
}

function nothingAfter(n: SyntaxNode): Problem {
  const what = n.type === "attribute_item" ? "an attribute" : "a doc comment";
  return { ...n.startPosition, what: `${what} with nothing after it to apply to` };
}
