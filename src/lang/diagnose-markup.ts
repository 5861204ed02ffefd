import type { Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// HTML's grammar, like browsers, accepts nearly anything: a stray end tag becomes an
// `erroneous_end_tag` and an element left open is closed by its parent's end tag or the end of
// the file, with no ERROR node either way. Both are a model's typical slips, so they are looked
// for here. Elements whose end tag HTML lets one leave out are not.

/** Elements that never have an end tag. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose end tag may be left out (HTML's "optional tags"). */
const OPTIONAL_END = new Set(["html", "head", "body", "p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "colgroup", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"]);

export function markupProblem(root: SyntaxNode): Problem | null {
  const stray = root.descendantsOfType("erroneous_end_tag")[0];
  if (stray) {
    const open = tagName(stray.parent);
    const name = stray.namedChildren[0]?.text ?? "";
    return { ...stray.startPosition, what: `unexpected "</${name}>"${open ? ` (the open element is <${open}>)` : ""}` };
  }
  let found: Problem | null = null;
  const visit = (n: SyntaxNode): void => {
    if (found) return;
    if (n.type === "element" && !n.namedChildren.some((c) => c?.type === "end_tag")) {
      found = leftOpen(n);
      if (found) return;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return found;
}

/**
 * An element with no end tag of its own, unless HTML lets it have none. (At the end of the file the
 * grammar closes it with an end tag it does not show: an error in the tree with nothing to point at.)
 */
export function leftOpen(element: SyntaxNode): Problem | null {
  const name = tagName(element)?.toLowerCase();
  return name && !VOID.has(name) && !OPTIONAL_END.has(name) ? { ...element.startPosition, what: `"<${name}>" is not closed` } : null;
}

function tagName(element: SyntaxNode | null): string | null {
  const start = element?.namedChildren.find((c) => c?.type === "start_tag");
  return start?.namedChildren.find((c) => c?.type === "tag_name")?.text ?? null;
}
