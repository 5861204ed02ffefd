import type { Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// TOML forbids defining a key or a table twice, and its grammar cannot see that (it is not a
// matter of form). Checked on a tree with no errors. Only what is certainly a redefinition is
// reported: the same key under the same table, the same [table] header, or a key and a table of
// the same name. Paths under an [[array]] are counted per element, as each element is a table.

const SEP = "\u0000";

/** The first key or table defined twice, or null. */
export function tomlDuplicate(root: SyntaxNode): Problem | null {
  const defined = new Map<string, { kind: "key" | "table"; row: number }>();
  const arrays = new Map<string, number>();
  /** Segments with each [[array]] along the way resolved to its current element. */
  const resolve = (segments: string[]): string[] => {
    const out: string[] = [];
    for (const s of segments) {
      out.push(s);
      const n = arrays.get(out.join(SEP));
      if (n !== undefined) out.push(`#${n}`);
    }
    return out;
  };
  const define = (path: string[], kind: "key" | "table", node: SyntaxNode): Problem | null => {
    const id = path.join(SEP);
    const before = defined.get(id);
    if (before) {
      const name = path.filter((s) => !s.startsWith("#")).join(".");
      return { ...node.startPosition, what: `${kind} "${name}" is defined twice (first on line ${before.row + 1})` };
    }
    defined.set(id, { kind, row: node.startPosition.row });
    return null;
  };
  for (const section of root.namedChildren) {
    if (!section) continue;
    let prefix: string[] = [];
    let pairs: SyntaxNode[] = [section];
    if (section.type === "table" || section.type === "table_array_element") {
      const head = section.namedChildren.find((c) => c && isKey(c));
      if (!head) continue;
      // A header's own name is not resolved: [[a]] starts a new element of `a`, not one inside the last.
      const segments = keySegments(head);
      const path = [...resolve(segments.slice(0, -1)), segments.at(-1)!];
      if (section.type === "table") {
        const p = define(path, "table", head);
        if (p) return p;
        prefix = path;
      } else {
        const id = path.join(SEP);
        const n = (arrays.get(id) ?? -1) + 1;
        arrays.set(id, n);
        prefix = [...path, `#${n}`];
      }
      pairs = section.namedChildren.filter((c): c is SyntaxNode => c?.type === "pair");
    }
    for (const pair of pairs) {
      if (pair.type !== "pair") continue;
      const key = pair.namedChildren.find((c) => c && isKey(c));
      const p = key ? define([...prefix, ...keySegments(key)], "key", key) : null;
      if (p) return p;
    }
  }
  return null;
}

const isKey = (n: SyntaxNode) => n.type === "bare_key" || n.type === "quoted_key" || n.type === "dotted_key";

function keySegments(key: SyntaxNode): string[] {
  if (key.type === "dotted_key") return key.namedChildren.flatMap((c) => (c && isKey(c) ? keySegments(c) : []));
  return [key.type === "quoted_key" ? unquote(key.text) : key.text];
}

/** A quoted key's name; one with escapes that JSON does not read stays as written (it then matches nothing). */
function unquote(text: string): string {
  if (text.startsWith("'")) return text.slice(1, -1);
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "string" ? v : text;
  } catch {
    return text;
  }
}
