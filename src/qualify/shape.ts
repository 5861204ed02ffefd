import { parseModule, textOf, type t } from "../lang/babel.js";
import { TypeKeys } from "./type-keys.js";

// What a TypeScript file declares, read from its syntax tree, for the hidden checks of the
// suite's TypeScript tasks: types have no run-time behaviour to test, and no type checker ships
// in the bundle, so a types task is checked on its declarations (names, members, optionality,
// type text) and a function task on its annotations.

export interface ParamShape {
  name: string;
  /** The annotation's text, whitespace collapsed and quotes made double; null when unannotated. */
  type: string | null;
  optional: boolean;
}

export interface MemberShape {
  name: string;
  type: string | null;
  optional: boolean;
  readonly: boolean;
}

export interface DeclShape {
  name: string;
  exported: boolean;
  kind: "function" | "class" | "const" | "let" | "var" | "interface" | "type" | "enum" | "other";
  params?: ParamShape[];
  returns?: string | null;
  async?: boolean;
  members?: MemberShape[];
  /** A type alias's text, or a variable's annotation. */
  type?: string | null;
  /** `const x = … as const` */
  asConst?: boolean;
  /** A type alias's string keys, sorted, when it stands for a finite set of them (type-keys.ts); else null. */
  keys?: string[] | null;
}

export interface FileShape {
  decls: DeclShape[];
}

/** The file's top-level declarations; null when it does not parse (the engine checked it did). */
export function fileShape(source: string): FileShape | null {
  const parsed = parseModule(source, "typescript");
  if (!parsed.ok) return null;
  const reader = new ShapeReader(source, new TypeKeys(parsed.value.program.body));
  const exportedNames = new Set<string>();
  for (const s of parsed.value.program.body) {
    if (s.type === "ExportNamedDeclaration") {
      if (s.declaration) reader.declare(s.declaration, true);
      for (const sp of s.specifiers) if (sp.type === "ExportSpecifier") exportedNames.add(sp.local.name);
    } else if (s.type === "ExportDefaultDeclaration") {
      const d = s.declaration;
      if (d.type.endsWith("Declaration")) reader.declare(d, true);
      else reader.decls.push({ name: "default", exported: true, kind: "other" });
    } else if (s.type.endsWith("Declaration") && s.type !== "ImportDeclaration") {
      reader.declare(s, false);
    }
  }
  for (const d of reader.decls) if (exportedNames.has(d.name)) d.exported = true;
  return { decls: reader.decls };
}

/** Reads declarations' shapes out of one source's tree, into `decls`. */
class ShapeReader {
  readonly decls: DeclShape[] = [];

  constructor(
    private readonly source: string,
    private readonly typeKeys: TypeKeys,
  ) {}

  declare(d: t.Node, exported: boolean): void {
    const name = "id" in d && d.id?.type === "Identifier" ? d.id.name : "default";
    switch (d.type) {
      case "FunctionDeclaration":
      case "TSDeclareFunction":
        if (!this.decls.some((x) => x.name === name && x.kind === "function")) this.decls.push(this.fn(name, d, exported));
        return;
      case "ClassDeclaration":
        this.decls.push({ name, exported, kind: "class" });
        return;
      case "TSInterfaceDeclaration":
        this.decls.push({ name, exported, kind: "interface", members: this.members(d.body.body) });
        return;
      case "TSTypeAliasDeclaration":
        this.decls.push({ name, exported, kind: "type", type: this.text(d.typeAnnotation), keys: this.typeKeys.keysOf(d.typeAnnotation) });
        return;
      case "TSEnumDeclaration":
        this.decls.push({ name, exported, kind: "enum" });
        return;
      case "VariableDeclaration":
        this.variables(d, exported);
        return;
      default:
        this.decls.push({ name, exported, kind: "other" });
    }
  }

  private variables(d: t.VariableDeclaration, exported: boolean): void {
    const kind = d.kind === "let" || d.kind === "var" ? d.kind : "const";
    for (const v of d.declarations) {
      const vname = v.id.type === "Identifier" ? v.id.name : textOf(this.source, v.id);
      const init = v.init;
      if (init && (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression")) {
        this.decls.push({ ...this.fn(vname, init, exported), kind });
        continue;
      }
      this.decls.push({ name: vname, exported, kind, type: this.annotation(v.id.type === "Identifier" ? v.id : null), asConst: isAsConst(init) });
    }
  }

  private fn(name: string, f: t.Function | t.TSDeclareFunction, exported: boolean): DeclShape {
    return {
      name,
      exported,
      kind: "function",
      params: f.params.map((p) => this.param(p)),
      returns: f.returnType && "typeAnnotation" in f.returnType ? this.text(f.returnType.typeAnnotation) : null,
      async: f.async,
    };
  }

  private param(p: t.Function["params"][number] | t.TSParameterProperty): ParamShape {
    const target = p.type === "AssignmentPattern" ? p.left : p.type === "RestElement" ? p.argument : p.type === "TSParameterProperty" ? p.parameter : p;
    return {
      name: target.type === "Identifier" ? target.name : textOf(this.source, target).split(":")[0]!.trim(),
      type: this.annotation("typeAnnotation" in target && target.typeAnnotation ? target : "typeAnnotation" in p ? p : null),
      optional: p.type === "AssignmentPattern" || (target.type === "Identifier" && target.optional === true),
    };
  }

  private members(list: t.TSTypeElement[]): MemberShape[] {
    return list.flatMap((m) =>
      m.type === "TSPropertySignature" || m.type === "TSMethodSignature"
        ? [
            {
              name: m.key.type === "Identifier" ? m.key.name : m.key.type === "StringLiteral" ? m.key.value : textOf(this.source, m.key),
              type: m.type === "TSMethodSignature" ? normalizeType(this.source.slice(m.key.end ?? 0, m.end ?? 0)) : this.annotation(m),
              optional: m.optional === true,
              readonly: m.type === "TSPropertySignature" && m.readonly === true,
            },
          ]
        : [],
    );
  }

  private text(n: t.Node | null | undefined): string | null {
    return n ? normalizeType(textOf(this.source, n)) : null;
  }

  private annotation(n: { typeAnnotation?: t.Node | null } | null | undefined): string | null {
    return this.text(n?.typeAnnotation);
  }
}

/** Whitespace collapsed, single quotes made double, a trailing `;` or `,` dropped. */
export function normalizeType(t: string): string {
  return t
    .replace(/^\s*:\s*/, "")
    .replace(/\s+/g, " ")
    .replace(/'/g, '"')
    .replace(/[;,]\s*$/, "")
    .trim();
}

function isAsConst(init: t.Expression | null | undefined): boolean {
  // `{…} as const satisfies Palette`: as const, checked against a type as well.
  if (init?.type === "TSSatisfiesExpression") return isAsConst(init.expression);
  if (init?.type !== "TSAsExpression") return false;
  const type = init.typeAnnotation;
  return type.type === "TSTypeReference" && type.typeName.type === "Identifier" && type.typeName.name === "const";
}
