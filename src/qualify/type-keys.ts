import type { t } from "../lang/babel.js";

// The string keys a type alias stands for, worked out from the file's own declarations: what the
// hidden checks compare a derived type with (`keyof typeof COLORS`, `keyof (typeof COLORS)[ThemeMode]`,
// an alias of an alias, an explicit union). Comparing the type's text instead refused every valid
// way of writing it but the few listed. No type checker ships in the bundle, so this covers the
// forms such a type is written in (keyof, typeof, indexed access, unions, parentheses, aliases,
// literal types, object types) and gives up (null) on anything else.

/** An object's keys, each with the object it holds (null: any other value). */
interface Obj {
  [key: string]: Obj | null;
}

/** What a type evaluates to: a union of string literals, a union of objects, or unknown. */
type Value = { keys: string[] } | { objects: Obj[] } | null;

/** Deep enough for any alias chain a task's answer writes; a cycle ends here. */
const MAX_DEPTH = 32;

export class TypeKeys {
  private readonly aliases = new Map<string, t.TSType>();
  private readonly interfaces = new Map<string, t.TSTypeElement[]>();
  private readonly consts = new Map<string, t.Expression>();

  /** Reads the top-level declarations of a module's body (exported or not). */
  constructor(body: readonly t.Statement[]) {
    for (const s of body) {
      const d = s.type === "ExportNamedDeclaration" ? s.declaration : s;
      if (!d) continue;
      if (d.type === "TSTypeAliasDeclaration") this.aliases.set(d.id.name, d.typeAnnotation);
      else if (d.type === "TSInterfaceDeclaration") this.interfaces.set(d.id.name, d.body.body);
      else if (d.type === "VariableDeclaration" && d.kind === "const") {
        for (const v of d.declarations) if (v.id.type === "Identifier" && v.init) this.consts.set(v.id.name, v.init);
      }
    }
  }

  /** The sorted string keys the type stands for, or null when it is not a finite set of them. */
  keysOf(type: t.TSType): string[] | null {
    const v = this.value(type, 0);
    return v && "keys" in v ? [...new Set(v.keys)].sort() : null;
  }

  private value(n: t.Node, depth: number): Value {
    if (depth > MAX_DEPTH) return null;
    const next = (x: t.Node) => this.value(x, depth + 1);
    switch (n.type) {
      case "TSParenthesizedType":
        return next(n.typeAnnotation);
      case "TSLiteralType":
        return n.literal.type === "StringLiteral" ? { keys: [n.literal.value] } : null;
      case "TSUnionType":
        return union(n.types.map(next));
      case "TSTypeOperator":
        if (n.operator === "readonly") return next(n.typeAnnotation);
        return n.operator === "keyof" ? keyof(next(n.typeAnnotation)) : null;
      case "TSTypeQuery":
        return this.query(n.exprName);
      case "TSIndexedAccessType":
        return indexed(next(n.objectType), next(n.indexType));
      case "TSTypeLiteral":
        return { objects: [members(n.members)] };
      case "TSTypeReference": {
        if (n.typeName.type !== "Identifier" || n.typeParameters) return null;
        const alias = this.aliases.get(n.typeName.name);
        if (alias) return next(alias);
        const body = this.interfaces.get(n.typeName.name);
        return body ? { objects: [members(body)] } : null;
      }
      default:
        return null;
    }
  }

  /** `typeof NAME` or `typeof NAME.a.b`: the object a const of the file holds there. */
  private query(name: t.TSEntityName | t.TSImportType): Value {
    const path: string[] = [];
    let at: t.Node = name;
    while (at.type === "TSQualifiedName") {
      path.unshift(at.right.name);
      at = at.left;
    }
    if (at.type !== "Identifier") return null;
    const init = this.consts.get(at.name);
    let obj = init ? objectOf(init) : null;
    for (const key of path) obj = obj && Object.hasOwn(obj, key) ? obj[key]! : null;
    return obj ? { objects: [obj] } : null;
  }
}

function union(parts: Value[]): Value {
  if (parts.every((p): p is { keys: string[] } => !!p && "keys" in p)) return { keys: parts.flatMap((p) => p.keys) };
  if (parts.every((p): p is { objects: Obj[] } => !!p && "objects" in p)) return { objects: parts.flatMap((p) => p.objects) };
  return null;
}

/** `keyof` a union of objects: the keys every one of them has. */
function keyof(v: Value): Value {
  if (!v || !("objects" in v) || !v.objects.length) return null;
  const [first, ...rest] = v.objects;
  return { keys: Object.keys(first!).filter((k) => rest.every((o) => Object.hasOwn(o, k))) };
}

/** `O[K]`: the objects O holds under each key of K; unknown when one of them is not an object. */
function indexed(obj: Value, index: Value): Value {
  if (!obj || !("objects" in obj) || !index || !("keys" in index)) return null;
  const out: Obj[] = [];
  for (const o of obj.objects) {
    for (const k of index.keys) {
      const held = Object.hasOwn(o, k) ? o[k] : null;
      if (!held) return null;
      out.push(held);
    }
  }
  return { objects: out };
}

function members(list: readonly t.TSTypeElement[]): Obj {
  const out: Obj = Object.create(null) as Obj;
  for (const m of list) {
    if (m.type !== "TSPropertySignature" && m.type !== "TSMethodSignature") continue;
    const key = m.key.type === "Identifier" ? m.key.name : m.key.type === "StringLiteral" ? m.key.value : null;
    if (key === null || m.computed) continue;
    const type = m.type === "TSPropertySignature" ? m.typeAnnotation?.typeAnnotation : null;
    out[key] = type?.type === "TSTypeLiteral" ? members(type.members) : null;
  }
  return out;
}

/** The object literal a const is set to, through `as const`, `satisfies`, parentheses and `Object.freeze`. */
function objectOf(e: t.Node): Obj | null {
  if (e.type === "TSAsExpression" || e.type === "TSSatisfiesExpression" || e.type === "TSTypeAssertion" || e.type === "TSNonNullExpression" || e.type === "ParenthesizedExpression") return objectOf(e.expression);
  if (e.type === "CallExpression" && e.arguments.length === 1 && isObjectFreeze(e.callee)) return objectOf(e.arguments[0]!);
  if (e.type !== "ObjectExpression") return null;
  const out: Obj = Object.create(null) as Obj;
  for (const p of e.properties) {
    // A spread or a computed key: the keys cannot be listed from the text.
    if (p.type === "SpreadElement" || p.computed) return null;
    const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : p.key.type === "NumericLiteral" ? String(p.key.value) : null;
    if (key === null) return null;
    out[key] = p.type === "ObjectProperty" ? objectOf(p.value) : null;
  }
  return out;
}

function isObjectFreeze(callee: t.Node): boolean {
  return callee.type === "MemberExpression" && callee.object.type === "Identifier" && callee.object.name === "Object" && callee.property.type === "Identifier" && callee.property.name === "freeze";
}
