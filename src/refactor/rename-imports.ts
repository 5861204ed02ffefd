import { parseModule, walk, type t } from "../lang/babel.js";
import { maskCode } from "../lang/mask.js";
import { ok, type Result } from "../errors.js";
import { applyEdits, cannotRename, wordPattern, type Edit, type RenameJob, type RenameResult } from "./edits.js";
import { exportedAt } from "./js-exports.js";
import { handedOn } from "./js-handed-on.js";
import { readRequires, type Found } from "./js-requires.js";
import { unsureHint, unsureImport } from "./js-bare.js";
import { importsTarget } from "./resolve-import.js";

export type { RenameResult };

const edit = (n: t.Node, text: string): Edit => ({ start: n.start ?? 0, end: nameEnd(n), text });
/** Where the name ends: Babel's node of `x?: T` spans the `?` and the annotation, which must stay. */
function nameEnd(n: t.Node): number {
  const typed = n.type === "Identifier" && (n.typeAnnotation || n.optional);
  return typed ? (n.start ?? 0) + n.name.length : (n.end ?? 0);
}
const nameOf = (n: t.Identifier | t.StringLiteral): string => (n.type === "Identifier" ? n.name : n.value);
const line = (n: t.Node) => `line ${n.loc?.start.line ?? "?"}`;

/**
 * Renames an imported symbol in a file that imports it from one of `job.targets`: the import
 * specifier, and every use of the local binding when the import is not aliased. Namespace imports
 * and `require`/`import()` of the module get their `ns.from` accesses renamed. Null when the file
 * does not use the symbol from a target; a failure when it does in a way the engine cannot follow
 * (or it does not parse), so the rename is refused rather than left half done.
 */
export function renameImportedSymbol(source: string, language: string, job: RenameJob): Result<RenameResult | null> {
  const parsed = parseModule(source, language);
  if (!parsed.ok) return unparsed(source, job, parsed.error.reason);
  const program = parsed.value.program;
  const isTarget = (spec: string) => [...job.targets].some((target) => importsTarget(job.importerRel, spec, target));
  const unsure = unsureImport(program, job, isTarget);
  if (unsure) return cannotRename(job, unsure, unsureHint(job.importerRel));
  const found: Found = { edits: [], renameLocal: false, namespaces: new Set(), defaults: new Set(), reexports: false, handled: new Set() };
  const refused = readStatements(program, isTarget, job, found);
  if (refused) return cannotRename(job, refused);
  const unfollowed = readRequires(program, isTarget, job.from, job.to, found);
  if (unfollowed && wordPattern(job.from).test(maskCode(source, language))) {
    return cannotRename(job, `loads the module in a way the engine cannot follow (${line(unfollowed)}) and mentions \`${job.from}\``);
  }
  const passed = handedOn(program, isTarget, found.namespaces);
  if (passed && wordPattern(job.from).test(source)) {
    return cannotRename(job, `hands the module to code the engine cannot follow (${line(passed)}) and mentions \`${job.from}\``);
  }
  if (!found.edits.length && !found.namespaces.size && !found.defaults.size && !found.reexports) return ok(null);
  const taken = found.renameLocal ? firstUse(program, job.to) : null;
  if (taken) return cannotRename(job, `already uses the name \`${job.to}\` (${line(taken)}), which the renamed import would shadow`);
  const member = found.renameLocal ? parameterProperty(program, job.from) : null;
  if (member) return cannotRename(job, `declares a class property \`${job.from}\` in a constructor's parameters (${line(member)}), which renaming the parameter would rename for the class's users`);
  const clash = found.reexports ? exportedAt(program, job.to) : null;
  if (clash) return cannotRename(job, `already exports \`${job.to}\` (${line(clash)}), which would clash with the renamed one it passes on`);
  renameUses(program, job, found);
  if (!found.edits.length && !found.reexports) return ok(null);
  return ok({ content: applyEdits(source, found.edits), reexports: found.reexports });
}

/** The `import`/`export … from` statements; why the file cannot be renamed whole, or null. */
function readStatements(program: t.Program, isTarget: (spec: string) => boolean, job: RenameJob, found: Found): string | null {
  const { from, to } = job;
  const localExports: t.ExportNamedDeclaration[] = [];
  for (const stmt of program.body) {
    if (stmt.type === "ExportNamedDeclaration" && !stmt.source) localExports.push(stmt);
    if (stmt.type === "TSImportEqualsDeclaration" && stmt.moduleReference.type === "TSExternalModuleReference" && isTarget(stmt.moduleReference.expression.value)) {
      found.namespaces.add(stmt.id.name);
    }
    if (stmt.type === "ExportAllDeclaration" && isTarget(stmt.source.value)) found.reexports = true;
    if (stmt.type !== "ImportDeclaration" && stmt.type !== "ExportNamedDeclaration") continue;
    const src = stmt.source?.value;
    if (!src) continue;
    if (!isTarget(src)) continue;
    for (const spec of stmt.specifiers) {
      // `export * as ns from`: its users reach the symbol through a name this file gives the module.
      if (spec.type === "ExportNamespaceSpecifier") return `re-exports the module as \`${spec.exported.name}\` (${line(stmt)}), whose users the engine cannot follow`;
      if (spec.type === "ImportNamespaceSpecifier") found.namespaces.add(spec.local.name);
      if (spec.type === "ImportDefaultSpecifier") found.defaults.add(spec.local.name);
      if (spec.type === "ImportSpecifier" && nameOf(spec.imported) === from) {
        // Only the name is replaced, never the whole specifier: `{ type from }` keeps its `type`.
        found.edits.push(edit(spec.imported, to));
        if (spec.local.name === from && spec.imported.start === spec.local.start) found.renameLocal = true;
      }
      if (spec.type === "ExportSpecifier" && spec.local.name === from) {
        // `{ from }` becomes `{ to }`, `{ from as x }` becomes `{ to as x }`, `{ type from }` keeps `type`.
        found.edits.push(edit(spec.local, to));
        if (spec.exported.start === spec.local.start) found.reexports = true;
      }
    }
  }
  const passedOn = localExports.flatMap((s) => s.specifiers).find((s) => s.type === "ExportSpecifier" && found.namespaces.has(s.local.name));
  if (passedOn) return `exports the module's namespace (${line(passedOn)}), whose users the engine cannot follow`;
  // `import { from } ...; export { from };` passes the symbol on: the re-export follows the rename.
  if (found.renameLocal) {
    for (const spec of localExports.flatMap((s) => s.specifiers)) {
      if (spec.type !== "ExportSpecifier" || spec.local.name !== from) continue;
      found.edits.push(edit(spec.local, to));
      if (spec.exported.start === spec.local.start) found.reexports = true;
    }
  }
  return null;
}

/** The uses: the bare name when it is bound unaliased, `ns.from` for each namespace or default import of the module. */
function renameUses(program: t.Program, { from, to }: RenameJob, found: Found): void {
  const isModule = (name: string) => found.namespaces.has(name) || found.defaults.has(name);
  walk(program, (node, parent) => {
    // `{ from = x }` reads the property `from`: it becomes `{ from: to = x }`, not `{ to = x }`.
    const defaulted = node.type === "ObjectProperty" && node.shorthand && node.value.type === "AssignmentPattern" ? node.value.left : null;
    if (found.renameLocal && defaulted?.type === "Identifier" && defaulted.name === from && !found.handled.has(defaulted.start ?? -1)) {
      found.edits.push(edit(defaulted, `${from}: ${to}`));
      found.handled.add(defaulted.start ?? -1);
    }
    if (found.renameLocal && (node.type === "Identifier" || node.type === "JSXIdentifier") && node.name === from) {
      if (!parent || isBindingOrImport(parent) || found.handled.has(node.start ?? -1)) return;
      if (parent.type === "ObjectProperty" && parent.shorthand && parent.value === node) {
        found.edits.push(edit(node, `${from}: ${to}`));
        return;
      }
      if (isNonReferenceName(node, parent)) return;
      found.edits.push(edit(node, to));
    }
    // `typeof ns.from` and `ns.From` in a type: the same export, named in a type position.
    if (node.type === "TSQualifiedName" && node.left.type === "Identifier" && isModule(node.left.name) && node.right.name === from) found.edits.push(edit(node.right, to));
    // `<Icons.Check />`: a component read through the namespace, in its opening and closing tags.
    if (node.type === "JSXMemberExpression" && node.object.type === "JSXIdentifier" && isModule(node.object.name) && node.property.name === from) found.edits.push(edit(node.property, to));
    if (node.type === "MemberExpression" || node.type === "OptionalMemberExpression") {
      const { object, property } = node;
      if (object.type !== "Identifier" || !isModule(object.name)) return;
      if (!node.computed && property.type === "Identifier" && property.name === from) found.edits.push(edit(property, to));
      // `ns["from"]` names the export too; the quotes stay.
      if (node.computed && property.type === "StringLiteral" && property.value === from) found.edits.push({ start: (property.start ?? 0) + 1, end: (property.end ?? 0) - 1, text: to });
    }
  });
}

/**
 * Where the file uses `name` as a variable (binds it, reads it, or a global of that name), or null.
 * The bare uses of the import are renamed to it: any such use would then mean the import instead.
 */
function firstUse(program: t.Program, name: string): t.Node | null {
  let hit: t.Node | null = null;
  walk(program, (node, parent) => {
    if (hit || !parent || (node.type !== "Identifier" && node.type !== "JSXIdentifier") || node.name !== name) return;
    // `import { x as y }` and `export { y as x }` name another module's export, not a variable here.
    if ((parent.type === "ImportSpecifier" && parent.local !== node) || parent.type === "ExportSpecifier") return;
    if (!isNonReferenceName(node, parent)) hit = node;
  });
  return hit;
}

/** `constructor(private from: T)`: a parameter that is a class property too, reached as `this.from`. */
function parameterProperty(program: t.Program, name: string): t.Node | null {
  let hit: t.Node | null = null;
  walk(program, (node) => {
    if (hit || node.type !== "TSParameterProperty") return;
    const p = node.parameter.type === "AssignmentPattern" ? node.parameter.left : node.parameter;
    if (p.type === "Identifier" && p.name === name) hit = node;
  });
  return hit;
}

/** A file Babel cannot parse: left alone, unless it plainly loads a target, which the engine then cannot update. */
function unparsed(source: string, job: RenameJob, reason: string): Result<null> {
  // On the source as it is: a commented-out import refuses a file that does not parse anyway.
  const specifiers = [...source.matchAll(/(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*["'`]([^"'`\n]*)/g)].map((m) => m[1]!);
  const hit = specifiers.find((s) => [...job.targets].some((target) => importsTarget(job.importerRel, s, target)));
  return hit === undefined ? ok(null) : cannotRename(job, `loads \`${hit}\` but does not parse (${reason}), so its uses cannot be found`);
}

function isBindingOrImport(parent: t.Node): boolean {
  return parent.type === "ImportSpecifier" || parent.type === "ExportSpecifier" || parent.type === "ImportDefaultSpecifier";
}

/** `obj.from`, `{ from: 1 }`, `class { from() {} }`, `type T = { from: x }`, `enum E { from }`, `#from`: names, not uses. */
function isNonReferenceName(node: t.Node, parent: t.Node): boolean {
  switch (parent.type) {
    case "MemberExpression":
    case "OptionalMemberExpression":
      return parent.property === node && !parent.computed;
    case "ObjectProperty":
    case "ObjectMethod":
    case "ClassMethod":
    case "ClassProperty":
    case "ClassAccessorProperty":
    case "TSDeclareMethod":
    case "TSPropertySignature":
    case "TSMethodSignature":
      return parent.key === node && !parent.computed;
    case "TSEnumMember":
      return parent.id === node;
    case "PrivateName":
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
