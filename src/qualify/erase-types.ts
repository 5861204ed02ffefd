import { parse } from "@babel/parser";
import type { Result } from "../errors.js";

// The qualification suite runs on a user's machine from the committed bundle, with Node 20 and
// no node_modules: no TypeScript compiler, and no `--experimental-strip-types`. So TypeScript
// answers are turned into JavaScript here, with the Babel parser the bundle already holds, by
// blanking type-only syntax with spaces (the approach of Node's own type stripping and
// ts-blank-space): every line and column stays where it was, and nothing is generated. Syntax
// that has run-time meaning (enums, namespaces, parameter properties) cannot be erased; the
// suite asks for erasable TypeScript, so such an answer fails its task, with the reason.

/** Babel's node, loosely: the eraser reads a handful of fields by name. */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

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
const SKIP_KEYS = new Set(["loc", "leadingComments", "trailingComments", "innerComments", "extra", "range"]);

export interface EraseOptions {
  /** Rewrite relative import paths to `.js` (`./a`, `./a.ts` → `./a.js`), as a build would. */
  jsImports?: boolean;
}

/** JavaScript with the same lines and columns, or why the source cannot be erased to it. */
export function eraseTypes(source: string, options: EraseOptions = {}): Result<string> {
  let program: Node;
  let tokens: Token[];
  try {
    const file = parse(source, { sourceType: "module", plugins: ["typescript"], tokens: true, errorRecovery: false });
    program = file.program as unknown as Node;
    tokens = ((file as unknown as { tokens?: Token[] }).tokens ?? []).filter((t) => !isComment(t));
  } catch (e) {
    return failure(`not valid TypeScript: ${(e as Error).message}`);
  }
  const out = source.split("");
  const edits: { start: number; end: number; text: string }[] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== "\n" && out[i] !== "\r") out[i] = " ";
  };
  // A `;` where a statement was keeps the next line from joining the previous statement (ASI).
  const blankStatement = (n: Node) => {
    blank(n.start, n.end);
    out[n.start] = ";";
  };
  const blankChars = (from: number, to: number, chars: string) => {
    for (let i = from; i < to; i++) if (chars.includes(out[i]!)) out[i] = " ";
  };
  const blankWithComma = (n: Node) => {
    blank(n.start, n.end);
    let i = n.end;
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source[i] === ",") out[i] = " ";
  };
  const tokensIn = (from: number, to: number) => tokens.filter((t) => t.start >= from && t.end <= to);
  const refuse = (n: Node, what: string): never => {
    throw new EraseError(`${what} at line ${lineOf(source, n.start)} is not erasable TypeScript (it has run-time meaning)`);
  };

  const visit = (n: Node | null | undefined): void => {
    if (!n || typeof n.type !== "string") return;
    if (TYPE_ONLY.has(n.type)) return blank(n.start, n.end);
    if (TYPE_DECLARATION.has(n.type) || n.declare === true) return blankStatement(n);
    switch (n.type) {
      case "ImportDeclaration":
        if (n.importKind === "type" || n.importKind === "typeof") return blankStatement(n);
        for (const s of nodes(n.specifiers)) if (s.importKind === "type") blankWithComma(s);
        rewriteSource(n);
        return;
      case "ExportNamedDeclaration":
        if (n.exportKind === "type" || isTypeDeclaration(n.declaration as Node | null)) return blankStatement(n);
        for (const s of nodes(n.specifiers)) if (s.exportKind === "type") blankWithComma(s);
        rewriteSource(n);
        break;
      case "ExportAllDeclaration":
        if (n.exportKind === "type") return blankStatement(n);
        rewriteSource(n);
        return;
      case "ExportDefaultDeclaration":
        if (isTypeDeclaration(n.declaration as Node)) return blankStatement(n);
        break;
      case "TSAsExpression":
      case "TSSatisfiesExpression": {
        // From the keyword on: `(await x) as T` keeps its `)`, which ends after the expression.
        const e = n.expression as Node;
        const kw = tokens.find((t) => t.start >= e.end && (t.value === "as" || t.value === "satisfies"));
        blank(kw ? kw.start : e.end, n.end);
        return visit(e);
      }
      case "TSNonNullExpression":
        blankChars(n.end - 1, n.end, "!");
        return visit(n.expression as Node);
      case "TSTypeAssertion": {
        // `<T>x`: up to the `>` after the type, not to the expression, which may start inside `(`.
        const close = tokens.find((t) => t.start >= (n.typeAnnotation as Node).end);
        blank(n.start, close ? close.end : (n.expression as Node).start);
        return visit(n.expression as Node);
      }
      case "TSInstantiationExpression":
        blank((n.typeParameters as Node).start, (n.typeParameters as Node).end);
        return visit(n.expression as Node);
      case "TSImportEqualsDeclaration":
        if (n.importKind === "type") return blankStatement(n);
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
        break;
      case "ClassProperty":
      case "ClassPrivateProperty":
      case "ClassAccessorProperty":
      case "ClassMethod":
      case "ClassPrivateMethod":
        if (n.abstract === true) return blankStatement(n);
        eraseMemberModifiers(n);
        break;
      case "Identifier":
        if (n.optional === true) blankChars(n.start + String(n.name).length, (n.typeAnnotation as Node | undefined)?.start ?? n.end, "?");
        break;
      case "VariableDeclarator":
        if (n.definite === true) {
          const id = n.id as Node;
          blankChars(id.start + String(id.name ?? "").length, (id.typeAnnotation as Node | undefined)?.start ?? id.end, "!");
        }
        break;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ObjectMethod": {
        const first = nodes(n.params)[0];
        if (first?.type === "Identifier" && first.name === "this") blankWithComma(first);
        break;
      }
      default:
        if (n.type.startsWith("TS")) return refuse(n, `TypeScript syntax ${n.type}`);
    }
    for (const [key, value] of Object.entries(n)) {
      if (SKIP_KEYS.has(key)) continue;
      if (Array.isArray(value)) for (const v of value) visit(v as Node);
      else if (value && typeof value === "object" && typeof (value as Node).type === "string") visit(value as Node);
    }
  };

  function eraseClassHead(n: Node): void {
    const body = n.body as Node;
    for (const t of tokensIn(n.start, body.start)) {
      if (t.value === "abstract") blank(t.start, t.end);
      if (t.value === "class") break;
    }
    const impl = nodes(n.implements);
    if (impl.length) {
      const kw = tokensIn(n.start, impl[0]!.start).filter((t) => t.value === "implements").at(-1);
      blank(kw ? kw.start : impl[0]!.start, impl.at(-1)!.end);
      n.implements = [];
    }
  }

  function eraseMemberModifiers(n: Node): void {
    const key = n.key as Node;
    for (const t of tokensIn(n.start, key.start)) if (typeof t.value === "string" && MODIFIERS.has(t.value) && isName(t)) blank(t.start, t.end);
    if (n.optional === true || n.definite === true) {
      // The marker is the token right after the key (after its `]` when computed).
      const after = tokens.find((t) => t.start >= key.end && !(n.computed === true && label(t) === "]"));
      if (after && (label(after) === "?" || label(after) === "!")) blank(after.start, after.end);
    }
  }

  function rewriteSource(n: Node): void {
    const src = n.source as Node | null | undefined;
    if (!options.jsImports || !src || typeof src.value !== "string") return;
    const spec = src.value;
    if (!spec.startsWith("./") && !spec.startsWith("../")) return;
    const js = /\.(ts|mts|js|mjs)$/.test(spec) ? spec.replace(/\.(ts|mts)$/, ".js") : `${spec}.js`;
    if (js !== spec) edits.push({ start: src.start + 1, end: src.end - 1, text: js });
  }

  try {
    for (const s of nodes(program.body)) visit(s);
  } catch (e) {
    if (e instanceof EraseError) return failure(e.message);
    throw e;
  }
  let js = out.join("");
  for (const e of edits.sort((a, b) => b.start - a.start)) js = js.slice(0, e.start) + e.text + js.slice(e.end);
  // The proof that erasing worked: what is left parses as plain JavaScript.
  try {
    parse(js, { sourceType: "module", errorRecovery: false });
  } catch (e) {
    return failure(`the TypeScript could not be reduced to JavaScript: ${(e as Error).message}`);
  }
  return { ok: true, value: js };
}

class EraseError extends Error {}

function isTypeDeclaration(n: Node | null | undefined): boolean {
  return !!n && (TYPE_DECLARATION.has(n.type) || n.declare === true);
}

function nodes(v: unknown): Node[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as Node[]) : [];
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
