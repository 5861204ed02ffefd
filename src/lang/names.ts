import { parseModule, type t } from "./babel.js";
import { declarations, type Decl } from "./declarations.js";
import { rulesFor } from "./decl-rules.js";
import { rewritesFor } from "./grammar-gaps.js";
import { languageInfo } from "./languages.js";
import { withTree } from "./tree-sitter.js";

/** A name a file defines: top-level, or `Class.member` for a class's members. */
export interface DefinedName {
  name: string;
  /** What declares it, in the language's words where they differ (`function`, `class`, `struct`, `method`, `const`, …). */
  kind: string;
  /** Whether other files can use it, by the language's rule (`export`, `pub`, a capital, no `private`, …). */
  exported: boolean;
}

/**
 * The names a file defines, read from its syntax tree, for checking that the names a spec promises
 * are there. Null when the language has no parser for it (data, markup, style sheets) or a
 * JavaScript file does not parse; a tree-sitter language's file with errors gives what parsed.
 */
export async function definedNames(source: string, language: string): Promise<DefinedName[] | null> {
  if (languageInfo(language)?.checker === "babel") return jsNames(source, language);
  if (!rulesFor(language)) return null;
  const text = rewritesFor(language).reduce((s, rewrite) => rewrite(s) ?? s, source);
  const r = await withTree(text, language, (root) => declarations(root, language, text));
  return r?.ok && r.value ? flatten(r.value, null) : null;
}

/** Namespaces and modules only group: their members are listed as top-level names. */
const GROUPS = new Set(["namespace", "module"]);

function flatten(decls: Decl[], owner: string | null): DefinedName[] {
  const out: DefinedName[] = [];
  for (const d of decls) {
    if (d.role === "import") continue;
    const own = d.kind === "impl" ? [] : d.names.map((n) => ({ name: owner ? `${owner}.${n.name}` : n.name, kind: d.kind, exported: n.exported }));
    out.push(...own);
    if (d.role !== "container") continue;
    const name = d.names[0]?.name ?? "";
    out.push(...flatten(d.members, GROUPS.has(d.kind) ? owner : owner ? `${owner}.${name}` : name));
  }
  return out;
}

function jsNames(source: string, language: string): DefinedName[] | null {
  const parsed = parseModule(source, language, { sourceType: "unambiguous" });
  if (!parsed.ok) return null;
  const out: DefinedName[] = [];
  const exportedLocals = new Set<string>();
  const add = (node: t.Node, exported: boolean): void => {
    switch (node.type) {
      case "FunctionDeclaration":
      case "TSDeclareFunction":
        if (node.id) out.push({ name: node.id.name, kind: "function", exported });
        return;
      case "ClassDeclaration":
        if (!node.id) return;
        out.push({ name: node.id.name, kind: "class", exported });
        for (const m of node.body.body) {
          if (!("key" in m) || m.key.type !== "Identifier" || ("accessibility" in m && m.accessibility === "private")) continue;
          out.push({ name: `${node.id.name}.${m.key.name}`, kind: m.type === "ClassMethod" || m.type === "TSDeclareMethod" ? "method" : "property", exported });
        }
        return;
      case "VariableDeclaration":
        for (const d of node.declarations) for (const name of bindingNames(d.id)) out.push({ name, kind: node.kind, exported });
        return;
      case "TSInterfaceDeclaration":
        out.push({ name: node.id.name, kind: "interface", exported });
        return;
      case "TSTypeAliasDeclaration":
        out.push({ name: node.id.name, kind: "type", exported });
        return;
      case "TSEnumDeclaration":
        out.push({ name: node.id.name, kind: "enum", exported });
        return;
      case "TSModuleDeclaration":
        if (node.id.type === "Identifier") out.push({ name: node.id.name, kind: "namespace", exported });
        return;
    }
  };
  const exportAs = (name: string): void => {
    out.push({ name, kind: "export", exported: true });
    exportedLocals.add(name);
  };
  for (const s of parsed.value.program.body) {
    if (s.type === "ExportNamedDeclaration") {
      if (s.declaration) add(s.declaration, true);
      for (const sp of s.specifiers) {
        const as = sp.exported.type === "Identifier" ? sp.exported.name : sp.exported.value;
        // `export { a as b }` exports b, and a stays a local name; a barrel's `export { a } from "./a"` defines a here.
        if (sp.type === "ExportSpecifier" && !s.source && as === sp.local.name) exportedLocals.add(as);
        else exportAs(as);
      }
    } else if (s.type === "ExportDefaultDeclaration") {
      const d = s.declaration;
      if ((d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id) add(d, true);
      else out.push({ name: "default", kind: "export", exported: true });
      // `export default App;`, `export default memo(App);`: App is what other files import.
      for (const name of defaultExported(d)) exportedLocals.add(name);
    } else if (s.type === "ExpressionStatement") {
      const cjs = commonJsExports(s.expression);
      for (const name of cjs.locals) exportedLocals.add(name);
      for (const name of cjs.defined) exportAs(name);
    } else {
      add(s, false);
    }
  }
  return out.map((n) => (exportedLocals.has(n.name.replace(/\..*$/, "")) ? { ...n, exported: true } : n));
}

function defaultExported(d: t.Node): string[] {
  if (d.type === "Identifier") return [d.name];
  if (d.type === "CallExpression") return d.arguments.flatMap((a) => (a.type === "Identifier" ? [a.name] : []));
  return [];
}

/** The names a binding pattern declares: `a`, `{ a, b: c }`, `[a, ...rest]`. */
export function bindingNames(id: t.LVal | t.VoidPattern): string[] {
  switch (id.type) {
    case "Identifier":
      return [id.name];
    case "ObjectPattern":
      return id.properties.flatMap((p) => (p.type === "RestElement" ? bindingNames(p.argument) : isLVal(p.value) ? bindingNames(p.value) : []));
    case "ArrayPattern":
      return id.elements.flatMap((e) => (e?.type === "RestElement" ? bindingNames(e.argument) : e && isLVal(e) ? bindingNames(e) : []));
    case "AssignmentPattern":
      return bindingNames(id.left);
    default:
      return [];
  }
}

function isLVal(n: t.Node): n is t.LVal {
  return n.type === "Identifier" || n.type === "ObjectPattern" || n.type === "ArrayPattern" || n.type === "AssignmentPattern";
}

/**
 * What a CommonJS module exports: `locals`, names defined above and exported as they are
 * (`module.exports = { a, b }`, `module.exports = slugify`); `defined`, names the export itself
 * defines (`exports.clamp = (…) => …`, `module.exports = { encode(t) {…} }`).
 */
function commonJsExports(e: t.Expression): { locals: string[]; defined: string[] } {
  const none = { locals: [], defined: [] };
  if (e.type !== "AssignmentExpression" || e.left.type !== "MemberExpression") return none;
  const target = e.left;
  const isModuleExports = (n: t.Node) => n.type === "MemberExpression" && n.object.type === "Identifier" && n.object.name === "module" && n.property.type === "Identifier" && n.property.name === "exports";
  if (isModuleExports(target)) {
    const r = e.right;
    if (r.type === "Identifier") return { locals: [r.name], defined: [] };
    if ((r.type === "FunctionExpression" || r.type === "ClassExpression") && r.id) return { locals: [], defined: [r.id.name] };
    if (r.type !== "ObjectExpression") return none;
    const out: { locals: string[]; defined: string[] } = { locals: [], defined: [] };
    for (const p of r.properties) {
      if (p.type === "SpreadElement" || p.computed || p.key.type !== "Identifier") continue;
      if (p.type === "ObjectProperty" && p.value.type === "Identifier" && p.value.name === p.key.name) out.locals.push(p.key.name);
      else out.defined.push(p.key.name);
    }
    return out;
  }
  const base = target.object;
  if (target.computed || target.property.type !== "Identifier" || !((base.type === "Identifier" && base.name === "exports") || isModuleExports(base))) return none;
  const name = target.property.name;
  return e.right.type === "Identifier" && e.right.name === name ? { locals: [name], defined: [] } : { locals: [], defined: [name] };
}
