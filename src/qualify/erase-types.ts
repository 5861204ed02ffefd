import { parseModule, walk, type t } from "../lang/babel.js";
import type { Result } from "../errors.js";

// The qualification suite runs on a user's machine from the committed bundle, with Node 20 and
// no node_modules: no TypeScript compiler, and no `--experimental-strip-types`. So TypeScript
// answers are turned into JavaScript here, with the Babel parser the bundle already holds, by
// blanking type-only syntax with spaces (the approach of Node's own type stripping and
// ts-blank-space): every line and column stays where it was, and nothing is generated. Syntax
// that has run-time meaning (enums, namespaces, parameter properties) cannot be erased; the
// suite asks for erasable TypeScript, so such an answer fails its task, with the reason.

interface Token {
  type: { label?: string } | string;
  value?: unknown;
  start: number;
  end: number;
}

/** Nodes that are types through and through: blanked whole, children unvisited. */
const TYPE_ONLY = new Set(["TSTypeAnnotation", "TSTypeParameterDeclaration", "TSTypeParameterInstantiation"]);
/** Declarations with no run-time meaning: the statement (or class member) goes. */
const TYPE_DECLARATION = new Set(["TSInterfaceDeclaration", "TSTypeAliasDeclaration", "TSDeclareFunction", "TSDeclareMethod", "TSIndexSignature"]);
const MODIFIERS = new Set(["public", "private", "protected", "readonly", "abstract", "override", "declare"]);

export interface EraseOptions {
  /** Rewrite relative import paths to `.js` (`./a`, `./a.ts` → `./a.js`), as a build would. */
  jsImports?: boolean;
}

const startOf = (n: t.Node): number => n.start ?? 0;
const endOf = (n: t.Node): number => n.end ?? 0;

/** JavaScript with the same lines and columns, or why the source cannot be erased to it. */
export function eraseTypes(source: string, options: EraseOptions = {}): Result<string> {
  const parsed = parseModule(source, "typescript", { tokens: true });
  if (!parsed.ok) return failure(`not valid TypeScript: ${parsed.error.reason}${parsed.error.line ? ` (${parsed.error.line}:${parsed.error.column})` : ""}`);
  const program = parsed.value.program;
  const tokens: Token[] = (parsed.value.tokens ?? []).filter((tk: Token) => !isComment(tk));
  const out = source.split("");
  const edits: { start: number; end: number; text: string }[] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== "\n" && out[i] !== "\r") out[i] = " ";
  };
  const blankNode = (n: t.Node) => blank(startOf(n), endOf(n));
  // A `;` where a statement was keeps the next line from joining the previous statement (ASI).
  const blankStatement = (n: t.Node) => {
    blankNode(n);
    out[startOf(n)] = ";";
  };
  const blankChars = (from: number, to: number, chars: string) => {
    for (let i = from; i < to; i++) if (chars.includes(out[i]!)) out[i] = " ";
  };
  const blankWithComma = (n: t.Node) => {
    blankNode(n);
    let i = endOf(n);
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source[i] === ",") out[i] = " ";
  };
  const tokensIn = (from: number, to: number) => tokens.filter((tk) => tk.start >= from && tk.end <= to);
  const refuse = (n: t.Node, what: string): never => {
    throw new EraseError(`${what} at line ${lineOf(source, startOf(n))} is not erasable TypeScript (it has run-time meaning)`);
  };

  /** Erases what `n` holds of types; false when its children are done (or need no visit). */
  const visit = (n: t.Node): boolean => {
    if (TYPE_ONLY.has(n.type)) return blankNode(n), false;
    if (TYPE_DECLARATION.has(n.type) || isDeclare(n)) return blankStatement(n), false;
    switch (n.type) {
      case "ImportDeclaration":
        if (n.importKind === "type" || n.importKind === "typeof") return blankStatement(n), false;
        for (const sp of n.specifiers) if (sp.type === "ImportSpecifier" && sp.importKind === "type") blankWithComma(sp);
        rewriteSource(n.source);
        return false;
      case "ExportNamedDeclaration":
        if (n.exportKind === "type" || isTypeDeclaration(n.declaration)) return blankStatement(n), false;
        for (const sp of n.specifiers) if (sp.type === "ExportSpecifier" && sp.exportKind === "type") blankWithComma(sp);
        rewriteSource(n.source);
        return true;
      case "ExportAllDeclaration":
        if (n.exportKind === "type") return blankStatement(n), false;
        rewriteSource(n.source);
        return false;
      case "ExportDefaultDeclaration":
        if (isTypeDeclaration(n.declaration)) return blankStatement(n), false;
        return true;
      case "TSAsExpression":
      case "TSSatisfiesExpression": {
        // From the keyword on: `(await x) as T` keeps its `)`, which ends after the expression.
        const kw = tokens.find((tk) => tk.start >= endOf(n.expression) && (tk.value === "as" || tk.value === "satisfies"));
        blank(kw ? kw.start : endOf(n.expression), endOf(n));
        return visitChild(n.expression);
      }
      case "TSNonNullExpression":
        blankChars(endOf(n) - 1, endOf(n), "!");
        return visitChild(n.expression);
      case "TSTypeAssertion": {
        // `<T>x`: up to the `>` after the type, not to the expression, which may start inside `(`.
        const close = tokens.find((tk) => tk.start >= endOf(n.typeAnnotation));
        blank(startOf(n), close ? close.end : startOf(n.expression));
        return visitChild(n.expression);
      }
      case "TSInstantiationExpression":
        if (n.typeParameters) blankNode(n.typeParameters);
        return visitChild(n.expression);
      case "TSImportEqualsDeclaration":
        if (n.importKind === "type") return blankStatement(n), false;
        return refuse(n, "`import … = require(…)`");
      case "TSEnumDeclaration":
        return refuse(n, "an enum");
      case "TSModuleDeclaration":
        return refuse(n, "a namespace");
      case "TSParameterProperty":
        return refuse(n, "a constructor parameter property");
      case "TSExportAssignment":
        return refuse(n, "`export =`");
      case "ClassDeclaration":
      case "ClassExpression":
        eraseClassHead(n);
        return true;
      case "ClassProperty":
      case "ClassPrivateProperty":
      case "ClassAccessorProperty":
      case "ClassMethod":
      case "ClassPrivateMethod":
        if ("abstract" in n && n.abstract === true) return blankStatement(n), false;
        eraseMemberModifiers(n);
        return true;
      case "Identifier":
        if (n.optional === true) blankChars(startOf(n) + n.name.length, n.typeAnnotation ? startOf(n.typeAnnotation) : endOf(n), "?");
        return true;
      case "VariableDeclarator":
        if (n.definite === true && n.id.type === "Identifier") blankChars(startOf(n.id) + n.id.name.length, n.id.typeAnnotation ? startOf(n.id.typeAnnotation) : endOf(n.id), "!");
        return true;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ObjectMethod": {
        const first = n.params[0];
        if (first?.type === "Identifier" && first.name === "this") blankWithComma(first);
        return true;
      }
      default:
        if (n.type.startsWith("TS")) return refuse(n, `TypeScript syntax ${n.type}`);
        return true;
    }
  };
  const visitChild = (n: t.Node): false => (walk(n, visit), false);

  function eraseClassHead(n: t.ClassDeclaration | t.ClassExpression): void {
    for (const tk of tokensIn(startOf(n), startOf(n.body))) {
      if (tk.value === "abstract") blank(tk.start, tk.end);
      if (tk.value === "class") break;
    }
    const impl = n.implements ?? [];
    if (impl.length) {
      const kw = tokensIn(startOf(n), startOf(impl[0]!)).filter((tk) => tk.value === "implements").at(-1);
      blank(kw ? kw.start : startOf(impl[0]!), endOf(impl.at(-1)!));
      n.implements = null;
    }
  }

  function eraseMemberModifiers(n: t.ClassProperty | t.ClassPrivateProperty | t.ClassAccessorProperty | t.ClassMethod | t.ClassPrivateMethod): void {
    for (const tk of tokensIn(startOf(n), startOf(n.key))) if (typeof tk.value === "string" && MODIFIERS.has(tk.value) && isName(tk)) blank(tk.start, tk.end);
    const computed = "computed" in n && n.computed === true;
    if (("optional" in n && n.optional === true) || ("definite" in n && n.definite === true)) {
      // The marker is the token right after the key (after its `]` when computed).
      const after = tokens.find((tk) => tk.start >= endOf(n.key) && !(computed && label(tk) === "]"));
      if (after && (label(after) === "?" || label(after) === "!")) blank(after.start, after.end);
    }
  }

  function rewriteSource(src: t.StringLiteral | null | undefined): void {
    if (!options.jsImports || !src) return;
    const spec = src.value;
    if (!spec.startsWith("./") && !spec.startsWith("../")) return;
    const js = /\.(ts|mts|js|mjs)$/.test(spec) ? spec.replace(/\.(ts|mts)$/, ".js") : `${spec}.js`;
    if (js !== spec) edits.push({ start: startOf(src) + 1, end: endOf(src) - 1, text: js });
  }

  try {
    for (const st of program.body) walk(st, visit);
  } catch (e) {
    if (e instanceof EraseError) return failure(e.message);
    throw e;
  }
  let js = out.join("");
  for (const ed of edits.sort((a, b) => b.start - a.start)) js = js.slice(0, ed.start) + ed.text + js.slice(ed.end);
  // The proof that erasing worked: what is left parses as plain JavaScript.
  const plain = parseModule(js, "javascript", { plugins: [] });
  if (!plain.ok) return failure(`the TypeScript could not be reduced to JavaScript: ${plain.error.reason}${plain.error.line ? ` (${plain.error.line}:${plain.error.column})` : ""}`);
  return { ok: true, value: js };
}

class EraseError extends Error {}

function isDeclare(n: t.Node): boolean {
  return "declare" in n && n.declare === true;
}

function isTypeDeclaration(n: t.Node | null | undefined): boolean {
  return !!n && (TYPE_DECLARATION.has(n.type) || isDeclare(n));
}

function isComment(t: Token): boolean {
  return label(t) === "CommentLine" || label(t) === "CommentBlock";
}

function isName(t: Token): boolean {
  return label(t) === "name";
}

function label(t: Token): string | undefined {
  return typeof t.type === "string" ? t.type : t.type.label;
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}

function failure(message: string): Result<string> {
  return { ok: false, error: { code: "VERIFY_FAILED", message } };
}
