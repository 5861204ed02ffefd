import { declarations, type Decl } from "./declarations.js";
import { rulesFor } from "./decl-rules.js";
import { rewritesFor } from "./grammar-gaps.js";
import { languageInfo } from "./languages.js";
import { outlineJs } from "./outline-js.js";
import { withTree, type SyntaxNode } from "./tree-sitter.js";

/**
 * The outline of a source file: imports, the declarations other files can use with their doc
 * comments and signatures, bodies replaced by `{ … }` (`...` in Python). Used when a context file
 * is over the prompt budget, because a model calling into a file needs its names and types far
 * more than its bodies. Null when the language has no outliner (data and markup: their first
 * lines serve better) or a JavaScript file does not parse.
 */
export async function outline(source: string, language: string): Promise<string | null> {
  if (languageInfo(language)?.checker === "babel") return outlineJs(source, language);
  if (language === "css" || language === "scss") return (await parsed(source, language, (root) => outlineCss(root, source))) ?? null;
  if (!rulesFor(language)) return null;
  const out = await parsed(source, language, (root) => {
    const decls = declarations(root, language, source);
    return decls ? render(decls, source, language).join("\n") : null;
  });
  return out || null;
}

/** Languages whose gap rewrites add syntax the grammar lacks (C# 10, let-else) rather than hide some. */
const READ_THROUGH_REWRITES = new Set(["csharp", "rust"]);

/** Parses, through the grammar's gap rewrites (which keep every offset) where they add syntax. */
async function parsed<T>(source: string, language: string, use: (root: SyntaxNode) => T): Promise<T | null> {
  const rewrites = READ_THROUGH_REWRITES.has(language) ? rewritesFor(language) : [];
  const text = rewrites.reduce((t, rewrite) => rewrite(t) ?? t, source);
  const r = await withTree(text, language, use);
  return r?.ok ? r.value : null;
}

/** Go's unexported names are used across a package's files, so they stay. */
const wanted = (d: Decl, language: string): boolean =>
  d.role === "import" || language === "go" || d.names.some((n) => n.exported) || (d.role === "container" && d.members.some((m) => wanted(m, language)));

function render(decls: Decl[], src: string, language: string): string[] {
  const style = rulesFor(language)!.style;
  const out: string[] = [];
  for (const d of decls) {
    if (!wanted(d, language)) continue;
    const indent = /^[ \t]*/.exec(src.slice(src.lastIndexOf("\n", d.start - 1) + 1, d.start))![0];
    const text =
      d.role === "function"
        ? signature(d, src, language, indent)
        : d.role === "container"
          ? container(d, src, language, indent)
          : d.role === "import"
            ? upTo(d, d.node.endIndex, src, language)
            : whole(d, src);
    out.push(indent + (d.doc ? `${d.doc.trim()}\n${indent}` : "") + text);
  }
  return out;
}

/**
 * Text up to `end`, without the comment lines a grammar counted in it at its end (Kotlin's import
 * list runs on to the next declaration's doc comment, Ruby's `module X` head to the first
 * member's): those belong to what follows.
 */
function upTo(d: Decl, end: number, src: string, language: string): string {
  const lines = src.slice(d.start, end).trimEnd().split("\n");
  const comment = rulesFor(language)!.comment;
  while (lines.length > 1 && (comment.test(lines.at(-1)!) || !lines.at(-1)!.trim())) lines.pop();
  return lines.join("\n");
}

function whole(d: Decl, src: string): string {
  const text = src.slice(d.start, d.node.endIndex).trimEnd();
  return text.length <= 400 ? text : `${text.slice(0, 200)} …`;
}

function signature(d: Decl, src: string, language: string, indent: string): string {
  if (!d.body) return whole(d, src);
  const style = rulesFor(language)!.style;
  const head = upTo(d, d.body.startIndex, src, language);
  if (style === "python") {
    const doc = docstring(d.body);
    return doc ? `${head}\n${indent}    ${doc}\n${indent}    ...` : `${head} ...`;
  }
  return style === "ruby" ? `${head} … end` : `${head} { … }`;
}

function container(d: Decl, src: string, language: string, indent: string): string {
  if (!d.body) return whole(d, src);
  const style = rulesFor(language)!.style;
  const head = upTo(d, d.body.startIndex, src, language);
  const members = render(d.members, src, language);
  if (style === "python") {
    const doc = docstring(d.body);
    const inner = [...(doc ? [`${indent}    ${doc}`] : []), ...members];
    return inner.length ? `${head}\n${inner.join("\n")}` : `${head} ...`;
  }
  if (style === "ruby") return `${head}\n${members.join("\n")}\n${indent}end`;
  return members.length ? `${head} {\n${members.join("\n")}\n${indent}}` : `${head} { … }`;
}

/** A Python body's docstring: its first statement, when that is a string. */
function docstring(body: SyntaxNode): string | null {
  const first = body.namedChildren[0];
  return first?.type === "expression_statement" && first.namedChildren[0]?.type === "string" ? first.text : null;
}

/** Style sheets: imports, variables and mixin heads kept; each rule's selectors with `{ … }`. */
function outlineCss(root: SyntaxNode, src: string): string {
  const out: string[] = [];
  const visit = (nodes: readonly (SyntaxNode | null)[], indent: string): void => {
    for (const n of nodes) {
      if (!n || n.type === "comment" || n.type === "ERROR") continue;
      const block = n.namedChildren.find((c) => c?.type === "block");
      if (!block) {
        out.push(indent + n.text.trim());
        continue;
      }
      const head = src.slice(n.startIndex, block.startIndex).trim();
      const nested = block.namedChildren.filter((c) => c && /rule_set|_statement$/.test(c.type));
      if (n.type === "rule_set" || !nested.length) out.push(`${indent}${head} { … }`);
      else {
        out.push(`${indent}${head} {`);
        visit(nested, `${indent}  `);
        out.push(`${indent}}`);
      }
    }
  };
  visit(root.namedChildren, "");
  return out.join("\n");
}
