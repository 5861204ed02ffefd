import { parseModule, textOf, type t } from "./babel.js";

/**
 * The outline of a JavaScript or TypeScript file: imports, exported declarations with their doc
 * comments and signatures, bodies replaced by `{ … }`. Null when it does not parse.
 */
export function outlineJs(source: string, language: string): string | null {
  const parsed = parseModule(source, language, { sourceType: "unambiguous" });
  if (!parsed.ok) return null;
  const out: string[] = [];
  for (const stmt of parsed.value.program.body) {
    const text = renderStatement(source, stmt);
    if (text === null) continue;
    const doc = docComment(source, stmt);
    out.push(doc ? `${doc}\n${text}` : text);
  }
  return out.join("\n");
}

function renderStatement(src: string, node: t.Statement): string | null {
  switch (node.type) {
    case "ImportDeclaration":
    case "ExportAllDeclaration":
    case "TSTypeAliasDeclaration":
    case "TSInterfaceDeclaration":
    case "TSEnumDeclaration":
    case "TSDeclareFunction":
    case "TSModuleDeclaration":
      return textOf(src, node);
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration": {
      const decl = node.declaration;
      if (!decl) return textOf(src, node); // `export { a, b }` or `export { x } from "y"`
      return src.slice(node.start ?? 0, decl.start ?? 0) + renderDeclaration(src, decl);
    }
    default:
      return null; // private helpers and statements: the caller cannot use them
  }
}

/** The text from a node's start to where its body starts, then `{ … }`. */
const head = (src: string, node: t.Node, body: t.Node) => `${src.slice(node.start ?? 0, body.start ?? 0)}{ … }`;

function renderDeclaration(src: string, decl: t.Node): string {
  switch (decl.type) {
    case "FunctionDeclaration":
      return head(src, decl, decl.body);
    case "ClassDeclaration": {
      const members = decl.body.body.filter((m) => !isPrivate(m)).map((m) => {
        const text = m.type === "ClassMethod" || m.type === "ClassPrivateMethod" ? head(src, m, m.body) : textOf(src, m);
        const doc = docComment(src, m);
        return `  ${doc ? `${doc}\n  ` : ""}${text}`;
      });
      return `${src.slice(decl.start ?? 0, decl.body.start ?? 0)}{\n${members.join("\n")}\n}`;
    }
    case "VariableDeclaration": {
      const decls = decl.declarations.map((d) => {
        if (d.init && (d.init.type === "ArrowFunctionExpression" || d.init.type === "FunctionExpression")) return head(src, d, d.init.body);
        // Short values (constants) are worth keeping whole; long literals are cut.
        const whole = textOf(src, d);
        return whole.length <= 400 ? whole : `${whole.slice(0, 200)} /* … */`;
      });
      return `${decl.kind} ${decls.join(", ")};`;
    }
    default:
      return textOf(src, decl);
  }
}

function isPrivate(m: t.ClassBody["body"][number]): boolean {
  return ("key" in m && m.key.type === "PrivateName") || ("accessibility" in m && m.accessibility === "private");
}

function docComment(src: string, node: t.Node): string | null {
  const c = node.leadingComments?.filter((x) => x.type === "CommentBlock" && x.value.startsWith("*")).at(-1);
  return c ? textOf(src, c) : null;
}
