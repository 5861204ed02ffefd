import { parseModule, walk, type t } from "../lang/babel.js";
import { importsTarget } from "./resolve-import.js";

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

const edit = (n: t.Node, text: string): Edit => ({ start: n.start ?? 0, end: n.end ?? 0, text });
const nameOf = (n: t.Identifier | t.StringLiteral): string => (n.type === "Identifier" ? n.name : n.value);

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
  const parsed = parseModule(source, language);
  if (!parsed.ok) return null;
  const program = parsed.value.program;
  const edits: Edit[] = [];
  let renameLocal = false;
  const namespaces: string[] = [];
  let reexports = false;

  const localExports: t.ExportNamedDeclaration[] = [];
  for (const stmt of program.body) {
    if (stmt.type === "ExportNamedDeclaration" && !stmt.source) localExports.push(stmt);
    if (stmt.type !== "ImportDeclaration" && stmt.type !== "ExportNamedDeclaration") continue;
    const src = stmt.source?.value;
    if (!src || !importsTarget(importerRel, src, targetRel)) continue;
    if (stmt.type === "ImportDeclaration") {
      for (const spec of stmt.specifiers) {
        if (spec.type === "ImportNamespaceSpecifier") namespaces.push(spec.local.name);
        if (spec.type !== "ImportSpecifier" || nameOf(spec.imported) !== from) continue;
        // Only the name is replaced, never the whole specifier: `{ type from }` keeps its `type`.
        edits.push(edit(spec.imported, to));
        if (spec.local.name === from && spec.imported.start === spec.local.start) renameLocal = true;
      }
    } else {
      for (const spec of stmt.specifiers) {
        if (spec.type !== "ExportSpecifier" || spec.local.name !== from) continue;
        // `{ from }` becomes `{ to }`, `{ from as x }` becomes `{ to as x }`, `{ type from }` keeps `type`.
        edits.push(edit(spec.local, to));
        reexports = spec.exported.start === spec.local.start;
      }
    }
  }
  if (!edits.length && !namespaces.length) return null;
  // `import { from } ...; export { from };` passes the symbol on: the re-export follows the rename.
  if (renameLocal) {
    for (const stmt of localExports) {
      for (const spec of stmt.specifiers) {
        if (spec.type !== "ExportSpecifier" || spec.local.name !== from) continue;
        edits.push(edit(spec.local, to));
        if (spec.exported.start === spec.local.start) reexports = true;
      }
    }
  }

  walk(program, (node, parent) => {
    if (renameLocal && (node.type === "Identifier" || node.type === "JSXIdentifier") && node.name === from) {
      if (!parent || isBindingOrImport(parent)) return;
      if (parent.type === "ObjectProperty" && parent.shorthand && parent.value === node) {
        edits.push(edit(node, `${from}: ${to}`));
        return;
      }
      if (isNonReferenceName(node, parent)) return;
      edits.push(edit(node, to));
    }
    if (namespaces.length && (node.type === "MemberExpression" || node.type === "OptionalMemberExpression") && !node.computed) {
      const { object, property } = node;
      if (object.type === "Identifier" && namespaces.includes(object.name) && property.type === "Identifier" && property.name === from) {
        edits.push(edit(property, to));
      }
    }
  });
  if (!edits.length) return null;
  return { content: applyEdits(source, edits), reexports };
}

function isBindingOrImport(parent: t.Node): boolean {
  return parent.type === "ImportSpecifier" || parent.type === "ExportSpecifier" || parent.type === "ImportDefaultSpecifier";
}

/** `obj.from`, `{ from: 1 }`, `class { from() {} }`, `type T = { from: x }`: names, not uses. */
function isNonReferenceName(node: t.Node, parent: t.Node): boolean {
  switch (parent.type) {
    case "MemberExpression":
    case "OptionalMemberExpression":
      return parent.property === node && !parent.computed;
    case "ObjectProperty":
    case "ObjectMethod":
    case "ClassMethod":
    case "ClassProperty":
    case "TSPropertySignature":
    case "TSMethodSignature":
      return parent.key === node && !parent.computed;
    case "JSXAttribute":
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return true;
    case "TSQualifiedName":
      return parent.right === node;
    case "JSXMemberExpression":
      return parent.property === node;
    default:
      return false;
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...new Map(edits.map((e) => [`${e.start}:${e.end}`, e])).values()].sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
