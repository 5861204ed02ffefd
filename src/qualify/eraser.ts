import { walk, type t } from "../lang/babel.js";
import { lineAt } from "../util/lines.js";

// erase-types.ts's eraser: type syntax blanked with spaces, so every line and column stays put.

export interface Token {
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
/** TypeScript syntax with run-time meaning, which blanking cannot turn into JavaScript. */
const RUN_TIME_MEANING: Record<string, string> = {
  TSImportEqualsDeclaration: "`import … = require(…)`",
  TSEnumDeclaration: "an enum",
  TSModuleDeclaration: "a namespace",
  TSParameterProperty: "a constructor parameter property",
  TSExportAssignment: "`export =`",
};

export interface EraseOptions {
  /** Rewrite relative import paths to `.js` (`./a`, `./a.ts` → `./a.js`), as a build would. */
  jsImports?: boolean;
}

const startOf = (n: t.Node): number => n.start ?? 0;
const endOf = (n: t.Node): number => n.end ?? 0;

type Member = t.ClassProperty | t.ClassPrivateProperty | t.ClassAccessorProperty | t.ClassMethod | t.ClassPrivateMethod;

/**
 * Blanks type syntax out of one source, character by character. `visit` is the walker's callback:
 * it erases what a node holds of types and says whether its children still need a visit.
 */
export class Eraser {
  private readonly out: string[];
  private readonly edits: { start: number; end: number; text: string }[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly options: EraseOptions,
  ) {
    this.out = source.split("");
  }

  result(): string {
    let js = this.out.join("");
    for (const ed of this.edits.sort((a, b) => b.start - a.start)) js = js.slice(0, ed.start) + ed.text + js.slice(ed.end);
    return js;
  }

  readonly visit = (n: t.Node): boolean => {
    if (TYPE_ONLY.has(n.type)) return this.blankNode(n), false;
    if (TYPE_DECLARATION.has(n.type) || isDeclare(n)) return this.blankStatement(n), false;
    return this.moduleSyntax(n) ?? this.typeExpression(n) ?? this.classSyntax(n) ?? this.binding(n) ?? this.refused(n);
  };

  /** Imports and exports: type-only ones go, relative paths may become `.js`. */
  private moduleSyntax(n: t.Node): boolean | undefined {
    switch (n.type) {
      case "ImportDeclaration":
        if (n.importKind === "type" || n.importKind === "typeof") return this.blankStatement(n), false;
        for (const sp of n.specifiers) if (sp.type === "ImportSpecifier" && sp.importKind === "type") this.blankWithComma(sp);
        this.rewriteSource(n.source);
        return false;
      case "ExportNamedDeclaration":
        if (n.exportKind === "type" || isTypeDeclaration(n.declaration)) return this.blankStatement(n), false;
        for (const sp of n.specifiers) if (sp.type === "ExportSpecifier" && sp.exportKind === "type") this.blankWithComma(sp);
        this.rewriteSource(n.source);
        return true;
      case "ExportAllDeclaration":
        if (n.exportKind === "type") return this.blankStatement(n), false;
        this.rewriteSource(n.source);
        return false;
      case "ExportDefaultDeclaration":
        if (isTypeDeclaration(n.declaration)) return this.blankStatement(n), false;
        return true;
      default:
        return undefined;
    }
  }

  /** `x as T`, `x satisfies T`, `x!`, `<T>x`, `f<T>`: the expression stays, the type goes. */
  private typeExpression(n: t.Node): boolean | undefined {
    switch (n.type) {
      case "TSAsExpression":
      case "TSSatisfiesExpression": {
        // From the keyword on: `(await x) as T` keeps its `)`, which ends after the expression.
        const kw = this.tokens.find((tk) => tk.start >= endOf(n.expression) && (tk.value === "as" || tk.value === "satisfies"));
        this.blank(kw ? kw.start : endOf(n.expression), endOf(n));
        return this.visitChild(n.expression);
      }
      case "TSNonNullExpression":
        this.blankChars(endOf(n) - 1, endOf(n), "!");
        return this.visitChild(n.expression);
      case "TSTypeAssertion": {
        // `<T>x`: up to the `>` after the type, not to the expression, which may start inside `(`.
        const close = this.tokens.find((tk) => tk.start >= endOf(n.typeAnnotation));
        this.blank(startOf(n), close ? close.end : startOf(n.expression));
        return this.visitChild(n.expression);
      }
      case "TSInstantiationExpression":
        if (n.typeParameters) this.blankNode(n.typeParameters);
        return this.visitChild(n.expression);
      default:
        return undefined;
    }
  }

  /** `abstract`, `implements`, member modifiers and markers; an abstract member goes whole. */
  private classSyntax(n: t.Node): boolean | undefined {
    switch (n.type) {
      case "ClassDeclaration":
      case "ClassExpression":
        this.eraseClassHead(n);
        return true;
      case "ClassProperty":
      case "ClassPrivateProperty":
      case "ClassAccessorProperty":
      case "ClassMethod":
      case "ClassPrivateMethod":
        if ("abstract" in n && n.abstract === true) return this.blankStatement(n), false;
        this.eraseMemberModifiers(n);
        return true;
      default:
        return undefined;
    }
  }

  /** `x?: T` and `x!: T` markers, and a function's `this` parameter. */
  private binding(n: t.Node): boolean | undefined {
    switch (n.type) {
      case "Identifier":
        if (n.optional === true) this.blankChars(startOf(n) + n.name.length, n.typeAnnotation ? startOf(n.typeAnnotation) : endOf(n), "?");
        return true;
      case "VariableDeclarator":
        if (n.definite === true && n.id.type === "Identifier") this.blankChars(startOf(n.id) + n.id.name.length, n.id.typeAnnotation ? startOf(n.id.typeAnnotation) : endOf(n.id), "!");
        return true;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ObjectMethod": {
        const first = n.params[0];
        if (first?.type === "Identifier" && first.name === "this") this.blankWithComma(first);
        return true;
      }
      default:
        return undefined;
    }
  }

  /** Syntax with run-time meaning cannot be blanked: the answer is refused, with the reason. */
  private refused(n: t.Node): boolean {
    if (n.type === "TSImportEqualsDeclaration" && n.importKind === "type") return this.blankStatement(n), false;
    const what = RUN_TIME_MEANING[n.type];
    return what ? this.refuse(n, what) : n.type.startsWith("TS") ? this.refuse(n, `TypeScript syntax ${n.type}`) : true;
  }

  private eraseClassHead(n: t.ClassDeclaration | t.ClassExpression): void {
    for (const tk of this.tokensIn(startOf(n), startOf(n.body))) {
      if (tk.value === "abstract") this.blank(tk.start, tk.end);
      if (tk.value === "class") break;
    }
    const impl = n.implements ?? [];
    if (impl.length) {
      const kw = this.tokensIn(startOf(n), startOf(impl[0]!)).filter((tk) => tk.value === "implements").at(-1);
      this.blank(kw ? kw.start : startOf(impl[0]!), endOf(impl.at(-1)!));
      n.implements = null;
    }
  }

  private eraseMemberModifiers(n: Member): void {
    for (const tk of this.tokensIn(startOf(n), startOf(n.key))) if (typeof tk.value === "string" && MODIFIERS.has(tk.value) && label(tk) === "name") this.blank(tk.start, tk.end);
    const computed = "computed" in n && n.computed === true;
    if (("optional" in n && n.optional === true) || ("definite" in n && n.definite === true)) {
      // The marker is the token right after the key (after its `]` when computed).
      const after = this.tokens.find((tk) => tk.start >= endOf(n.key) && !(computed && label(tk) === "]"));
      if (after && (label(after) === "?" || label(after) === "!")) this.blank(after.start, after.end);
    }
  }

  private rewriteSource(src: t.StringLiteral | null | undefined): void {
    if (!this.options.jsImports || !src) return;
    const spec = src.value;
    if (!spec.startsWith("./") && !spec.startsWith("../")) return;
    const js = /\.(ts|mts|js|mjs)$/.test(spec) ? spec.replace(/\.(ts|mts)$/, ".js") : `${spec}.js`;
    if (js !== spec) this.edits.push({ start: startOf(src) + 1, end: endOf(src) - 1, text: js });
  }

  private visitChild(n: t.Node): false {
    walk(n, this.visit);
    return false;
  }

  private blank(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.out[i] !== "\n" && this.out[i] !== "\r") this.out[i] = " ";
  }

  private blankNode(n: t.Node): void {
    this.blank(startOf(n), endOf(n));
  }

  /** A `;` where a statement was keeps the next line from joining the previous statement (ASI). */
  private blankStatement(n: t.Node): void {
    this.blankNode(n);
    this.out[startOf(n)] = ";";
  }

  private blankChars(from: number, to: number, chars: string): void {
    for (let i = from; i < to; i++) if (chars.includes(this.out[i]!)) this.out[i] = " ";
  }

  private blankWithComma(n: t.Node): void {
    this.blankNode(n);
    let i = endOf(n);
    while (i < this.source.length && /\s/.test(this.source[i]!)) i++;
    if (this.source[i] === ",") this.out[i] = " ";
  }

  private tokensIn = (from: number, to: number): Token[] => this.tokens.filter((tk) => tk.start >= from && tk.end <= to);

  private refuse(n: t.Node, what: string): never {
    throw new EraseError(`${what} at line ${lineAt(this.source, startOf(n))} is not erasable TypeScript (it has run-time meaning)`);
  }
}

export class EraseError extends Error {}

function isDeclare(n: t.Node): boolean {
  return "declare" in n && n.declare === true;
}

function isTypeDeclaration(n: t.Node | null | undefined): boolean {
  return !!n && (TYPE_DECLARATION.has(n.type) || isDeclare(n));
}

export function isComment(t: Token): boolean {
  return label(t) === "CommentLine" || label(t) === "CommentBlock";
}

function label(t: Token): string | undefined {
  return typeof t.type === "string" ? t.type : t.type.label;
}
