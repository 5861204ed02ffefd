import { parse, type ParserPlugin } from "@babel/parser";
import { importsTarget } from "./resolve-import.js";

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface RenameResult {
  content: string;
  /** True when this file re-exports the symbol, so its own importers need the rename too. */
  reexports: boolean;
}

/**
 * Renames an imported symbol in a file that imports it from `targetRel`: the import specifier,
 * and every use of the local binding when the import is not aliased. Namespace imports get their
 * `ns.from` accesses renamed. Returns null when the file does not import the symbol or does not
 * parse (then it is left alone, and the tests decide).
 */
export function renameImportedSymbol(
  source: string,
  language: string,
  importerRel: string,
  targetRel: string,
  from: string,
  to: string,
): RenameResult | null {
  const plugins: ParserPlugin[] = language === "typescript" ? ["typescript"] : language === "tsx" ? ["typescript", "jsx"] : ["jsx"];
  let program: { body: AstNode[] };
  try {
    program = parse(source, { sourceType: "module", plugins }).program as unknown as { body: AstNode[] };
  } catch {
    return null;
  }
  const edits: Edit[] = [];
  let renameLocal = false;
  const namespaces: string[] = [];
  let reexports = false;

  const localExports: AstNode[] = [];
  for (const stmt of program.body) {
    const src = (stmt.source as AstNode & { value?: string } | null | undefined)?.value;
    if (!src && stmt.type === "ExportNamedDeclaration") localExports.push(stmt);
    if (!src || !importsTarget(importerRel, src, targetRel)) continue;
    for (const spec of (stmt.specifiers as AstNode[] | undefined) ?? []) {
      if (stmt.type === "ImportDeclaration") {
        if (spec.type === "ImportNamespaceSpecifier") namespaces.push((spec.local as { name: string }).name);
        if (spec.type !== "ImportSpecifier") continue;
        const imported = spec.imported as AstNode & { name?: string; value?: string };
        const local = spec.local as AstNode & { name: string };
        if ((imported.name ?? imported.value) !== from) continue;
        // Only the name is replaced, never the whole specifier: `{ type from }` keeps its `type`.
        edits.push({ start: imported.start, end: imported.end, text: to });
        if (local.name === from && imported.start === local.start) renameLocal = true;
      } else if (stmt.type === "ExportNamedDeclaration" && spec.type === "ExportSpecifier") {
        const local = spec.local as AstNode & { name?: string };
        const exported = spec.exported as AstNode & { name?: string };
        if (local.name !== from) continue;
        // `{ from }` becomes `{ to }`, `{ from as x }` becomes `{ to as x }`, `{ type from }` keeps `type`.
        edits.push({ start: local.start, end: local.end, text: to });
        reexports = exported.start === local.start;
      }
    }
  }
  if (!edits.length && !namespaces.length) return null;
  // `import { from } ...; export { from };` passes the symbol on: the re-export follows the rename.
  if (renameLocal) {
    for (const stmt of localExports) {
      for (const spec of (stmt.specifiers as AstNode[] | undefined) ?? []) {
        const local = spec.local as AstNode & { name?: string };
        const exported = spec.exported as AstNode & { name?: string };
        if (spec.type !== "ExportSpecifier" || local.name !== from) continue;
        edits.push({ start: local.start, end: local.end, text: to });
        if (exported.start === local.start) reexports = true;
      }
    }
  }

  walk(program as unknown as AstNode, null, (node, parent) => {
    if (renameLocal && (node.type === "Identifier" || node.type === "JSXIdentifier") && node.name === from) {
      if (!parent || isBindingOrImport(node, parent)) return;
      if (parent.type === "ObjectProperty" && parent.shorthand && parent.value === node) {
        edits.push({ start: node.start, end: node.end, text: `${from}: ${to}` });
        return;
      }
      if (isNonReferenceName(node, parent)) return;
      edits.push({ start: node.start, end: node.end, text: to });
    }
    if (namespaces.length && (node.type === "MemberExpression" || node.type === "OptionalMemberExpression") && !node.computed) {
      const obj = node.object as AstNode & { name?: string };
      const prop = node.property as AstNode & { name?: string };
      if (obj.type === "Identifier" && namespaces.includes(obj.name ?? "") && prop.name === from) {
        edits.push({ start: prop.start, end: prop.end, text: to });
      }
    }
  });
  if (!edits.length) return null;
  return { content: applyEdits(source, edits), reexports };
}

function isBindingOrImport(node: AstNode, parent: AstNode): boolean {
  return parent.type === "ImportSpecifier" || parent.type === "ExportSpecifier" || parent.type === "ImportDefaultSpecifier";
}

/** `obj.from`, `{ from: 1 }`, `class { from() {} }`, `type T = { from: x }`: names, not uses. */
function isNonReferenceName(node: AstNode, parent: AstNode): boolean {
  if ((parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && parent.property === node && !parent.computed) return true;
  if ((parent.type === "ObjectProperty" || parent.type === "ObjectMethod" || parent.type === "ClassMethod" || parent.type === "ClassProperty" || parent.type === "TSPropertySignature" || parent.type === "TSMethodSignature") && parent.key === node && !parent.computed) return true;
  if (parent.type === "JSXAttribute" || parent.type === "LabeledStatement" || parent.type === "BreakStatement" || parent.type === "ContinueStatement") return true;
  if (parent.type === "TSQualifiedName" && parent.right === node) return true;
  if (parent.type === "JSXMemberExpression" && parent.property === node) return true;
  return false;
}

function walk(node: AstNode, parent: AstNode | null, visit: (n: AstNode, p: AstNode | null) => void): void {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments" || key === "extra") continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === "object" && typeof (c as AstNode).type === "string") walk(c as AstNode, node, visit);
    } else if (v && typeof v === "object" && typeof (v as AstNode).type === "string") {
      walk(v as AstNode, node, visit);
    }
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...new Map(edits.map((e) => [`${e.start}:${e.end}`, e])).values()].sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
