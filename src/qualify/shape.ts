import { parse } from "@babel/parser";

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
}

export interface FileShape {
  decls: DeclShape[];
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** The file's top-level declarations; null when it does not parse (the engine checked it did). */
export function fileShape(source: string): FileShape | null {
  let body: Node[];
  try {
    body = (parse(source, { sourceType: "module", plugins: ["typescript"] }).program.body as unknown as Node[]) ?? [];
  } catch {
    return null;
  }
  const text = (n: Node | null | undefined): string | null => (n ? normalizeType(source.slice(n.start, n.end)) : null);
  const annotation = (n: Node | null | undefined): string | null => text((n?.typeAnnotation as Node | undefined) ?? null);
  const decls: DeclShape[] = [];
  const exportedNames = new Set<string>();

  const fn = (name: string, f: Node, exported: boolean): DeclShape => ({
    name,
    exported,
    kind: "function",
    params: ((f.params as Node[]) ?? []).map((p) => param(p)),
    returns: annotation(f.returnType as Node | undefined),
    async: f.async === true,
  });
  const param = (p: Node): ParamShape => {
    const target = p.type === "AssignmentPattern" ? (p.left as Node) : p.type === "RestElement" ? (p.argument as Node) : p;
    return {
      name: typeof target.name === "string" ? target.name : source.slice(target.start, target.end).split(":")[0]!.trim(),
      type: annotation((target.typeAnnotation ?? p.typeAnnotation) as Node | undefined),
      optional: p.type === "AssignmentPattern" || target.optional === true,
    };
  };

  const declare = (d: Node, exported: boolean): void => {
    const id = d.id as Node | undefined;
    const name = typeof id?.name === "string" ? id.name : "default";
    switch (d.type) {
      case "FunctionDeclaration":
      case "TSDeclareFunction":
        if (!decls.some((x) => x.name === name && x.kind === "function")) decls.push(fn(name, d, exported));
        return;
      case "ClassDeclaration":
        decls.push({ name, exported, kind: "class" });
        return;
      case "TSInterfaceDeclaration":
        decls.push({ name, exported, kind: "interface", members: members(((d.body as Node).body as Node[]) ?? []) });
        return;
      case "TSTypeAliasDeclaration":
        decls.push({ name, exported, kind: "type", type: text(d.typeAnnotation as Node) });
        return;
      case "TSEnumDeclaration":
        decls.push({ name, exported, kind: "enum" });
        return;
      case "VariableDeclaration":
        for (const v of (d.declarations as Node[]) ?? []) {
          const vid = v.id as Node;
          const vname = typeof vid.name === "string" ? vid.name : source.slice(vid.start, vid.end);
          const init = v.init as Node | null;
          if (init && (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression")) {
            decls.push({ ...fn(vname, init, exported), kind: d.kind as "const" });
            continue;
          }
          decls.push({ name: vname, exported, kind: d.kind as "const", type: annotation(vid), asConst: isAsConst(init) });
        }
        return;
      default:
        decls.push({ name, exported, kind: "other" });
    }
  };

  const members = (list: Node[]): MemberShape[] =>
    list
      .filter((m) => m.type === "TSPropertySignature" || m.type === "TSMethodSignature")
      .map((m) => {
        const key = m.key as Node;
        return {
          name: typeof key.name === "string" ? key.name : String(key.value ?? source.slice(key.start, key.end)),
          type: m.type === "TSMethodSignature" ? normalizeType(source.slice(key.end, m.end)) : annotation(m),
          optional: m.optional === true,
          readonly: m.readonly === true,
        };
      });

  for (const s of body) {
    if (s.type === "ExportNamedDeclaration") {
      if (s.declaration) declare(s.declaration as Node, true);
      for (const sp of (s.specifiers as Node[]) ?? []) {
        const local = sp.local as Node | undefined;
        if (local && typeof local.name === "string") exportedNames.add(local.name);
      }
    } else if (s.type === "ExportDefaultDeclaration") {
      const d = s.declaration as Node;
      if (/Declaration$/.test(d.type)) declare(d, true);
      else decls.push({ name: "default", exported: true, kind: "other" });
    } else if (/Declaration$/.test(s.type) && s.type !== "ImportDeclaration") {
      declare(s, false);
    }
  }
  for (const d of decls) if (exportedNames.has(d.name)) d.exported = true;
  return { decls };
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

function isAsConst(init: Node | null): boolean {
  if (!init || init.type !== "TSAsExpression") return false;
  const t = init.typeAnnotation as Node;
  return t.type === "TSTypeReference" && (t.typeName as Node | undefined)?.name === "const";
}
