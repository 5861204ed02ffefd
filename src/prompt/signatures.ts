import { parse, type ParserPlugin } from "@babel/parser";

/**
 * The outline of a source file: imports, exported declarations with their doc comments and
 * signatures, bodies replaced by `{ … }`. Used when a context file is over the prompt budget,
 * because a model calling into a file needs its names and types far more than its bodies.
 * Returns null when the language has no outliner or the file does not parse.
 */
export function outline(source: string, language: string): string | null {
  switch (language) {
    case "typescript":
    case "tsx":
    case "javascript":
    case "jsx":
      return outlineJs(source, language);
    case "python":
      return outlinePython(source);
    default:
      return null;
  }
}

type Node = {
  type: string;
  start?: number | null;
  end?: number | null;
  leadingComments?: Array<{ type: string; value: string; start?: number | null; end?: number | null }> | null;
  [key: string]: unknown;
};

function outlineJs(source: string, language: string): string | null {
  const plugins: ParserPlugin[] = language === "typescript" ? ["typescript"] : language === "tsx" ? ["typescript", "jsx"] : ["jsx"];
  let program: { body: Node[] };
  try {
    program = parse(source, { sourceType: "unambiguous", plugins, errorRecovery: false }).program as unknown as { body: Node[] };
  } catch {
    return null;
  }
  const out: string[] = [];
  for (const stmt of program.body) {
    const text = renderStatement(source, stmt);
    if (text === null) continue;
    const doc = docComment(source, stmt);
    out.push(doc ? `${doc}\n${text}` : text);
  }
  return out.join("\n");
}

function renderStatement(src: string, node: Node): string | null {
  const slice = (n: Node) => src.slice(n.start ?? 0, n.end ?? 0);
  switch (node.type) {
    case "ImportDeclaration":
    case "ExportAllDeclaration":
    case "TSTypeAliasDeclaration":
    case "TSInterfaceDeclaration":
    case "TSEnumDeclaration":
    case "TSDeclareFunction":
    case "TSModuleDeclaration":
      return slice(node);
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration": {
      const decl = node.declaration as Node | null | undefined;
      if (!decl) return slice(node); // `export { a, b }` or `export { x } from "y"`
      const inner = renderDeclaration(src, decl);
      return src.slice(node.start ?? 0, decl.start ?? 0) + inner;
    }
    default:
      return null; // private helpers and statements: the caller cannot use them
  }
}

function renderDeclaration(src: string, decl: Node): string {
  const slice = (n: Node) => src.slice(n.start ?? 0, n.end ?? 0);
  const body = decl.body as Node | undefined;
  switch (decl.type) {
    case "FunctionDeclaration":
    case "TSDeclareFunction":
      return body ? `${src.slice(decl.start ?? 0, body.start ?? 0)}{ … }` : slice(decl);
    case "ClassDeclaration": {
      if (!body) return slice(decl);
      const members = ((body.body as Node[] | undefined) ?? [])
        .filter((m) => !(m.accessibility === "private" || (m.key as Node | undefined)?.type === "PrivateName"))
        .map((m) => {
          const mBody = m.body as Node | undefined;
          const head = mBody && m.type.includes("Method") ? `${src.slice(m.start ?? 0, mBody.start ?? 0)}{ … }` : slice(m);
          const doc = docComment(src, m);
          return `  ${doc ? `${doc}\n  ` : ""}${head}`;
        });
      return `${src.slice(decl.start ?? 0, body.start ?? 0)}{\n${members.join("\n")}\n}`;
    }
    case "VariableDeclaration": {
      const decls = (decl.declarations as Node[]).map((d) => {
        const init = d.init as Node | null | undefined;
        if (init && (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression")) {
          const fnBody = init.body as Node;
          return `${src.slice(d.start ?? 0, fnBody.start ?? 0)}{ … }`;
        }
        // Short values (constants) are worth keeping whole; long literals are cut.
        const whole = slice(d);
        return whole.length <= 400 ? whole : `${whole.slice(0, 200)} /* … */`;
      });
      return `${decl.kind as string} ${decls.join(", ")};`;
    }
    default:
      return slice(decl);
  }
}

function docComment(src: string, node: Node): string | null {
  const c = node.leadingComments?.filter((x) => x.type === "CommentBlock" && x.value.startsWith("*")).at(-1);
  return c ? src.slice(c.start ?? 0, c.end ?? 0) : null;
}

function outlinePython(source: string): string {
  const lines = source.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(import |from \S+ import )/.test(line) || /^\s*(async\s+)?def\s|^\s*class\s/.test(line) || /^[A-Z_][A-Z0-9_]*\s*=/.test(line)) {
      out.push(line);
      const next = lines[i + 1];
      if (next !== undefined && /^\s*("""|''')/.test(next)) {
        // Keep the docstring, up to its closing quotes.
        for (let j = i + 1; j < lines.length && j < i + 30; j++) {
          out.push(lines[j]!);
          if (j > i + 1 ? /("""|''')\s*$/.test(lines[j]!) : /^\s*("""|''').*("""|''')\s*$/.test(lines[j]!)) break;
        }
      }
    }
  }
  return out.join("\n");
}
