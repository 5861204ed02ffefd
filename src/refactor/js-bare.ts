import { walk, type t } from "../lang/babel.js";
import type { RenameJob } from "./edits.js";
import { dynamicSpecifier, literalString, loadArgument } from "./js-requires.js";
import { mayNameTarget, unresolvedBare, type ModuleMap } from "./resolve-import.js";

// The engine follows relative specifiers only. A path alias (`@/lib/date`), a tsconfig `paths` or
// `baseUrl` name (`@date`, `date`), a package.json `imports` entry (`#date`) or a workspace
// package may be the renamed file all the same; renaming the file would leave such an importer
// broken, so an importer that takes the old name through one is refused instead.

const NO_MAP: ModuleMap = { declared: new Set(), own: new Set(), mapped: new Set(), aliasedBy: null };
const line = (n: t.Node) => `line ${n.loc?.start.line ?? "?"}`;

/** Why `specifier` may be one of the targets though the engine cannot tell, or null. */
function unsure(specifier: string, job: RenameJob): string | null {
  if (mayNameTarget(specifier, job.targets)) return "a path the engine does not resolve (it follows relative paths only)";
  return unresolvedBare(specifier, job.modules ?? NO_MAP);
}

/**
 * Why the importer cannot be renamed for taking the old name through a specifier the engine does
 * not resolve, or null: `import { from }` or `export { from } from` such a specifier, or any other
 * load of one (a namespace or default import, `require`, `import()`), or a load of a name the
 * file computes, in a file that mentions the old name in its code.
 */
export function unsureImport(program: t.Program, job: RenameJob, isTarget: (spec: string) => boolean): string | null {
  let named: string | null = null;
  let loaded: { spec: string; at: t.Node; why: string } | null = null;
  walk(program, (node) => {
    if (named) return;
    if (computedLoad(node)) loaded ??= { spec: "", at: node, why: "" };
    const spec = specifierOf(node);
    if (spec === null || isTarget(spec)) return;
    const why = unsure(spec, job);
    if (!why) return;
    if (takesName(node, job.from)) named = `imports \`${job.from}\` from \`${spec}\` (${line(node)}), ${why}, so it cannot tell whether that is the renamed file`;
    else if (bindsModule(node)) loaded ??= { spec, at: node, why };
  });
  if (named) return named;
  const load = loaded as { spec: string; at: t.Node; why: string } | null;
  if (!load || !mentions(program, job.from)) return null;
  const what = load.spec ? `\`${load.spec}\` (${line(load.at)}), ${load.why},` : `a module by a name it computes (${line(load.at)})`;
  return `loads ${what} and mentions \`${job.from}\`, so it cannot tell whether that is the renamed file`;
}

/** Whether the code names `from`: as an identifier, or as a whole string (`m["from"]`, `Reflect.get(m, "from")`); comments do not count. */
function mentions(program: t.Program, from: string): boolean {
  let hit = false;
  walk(program, (node) => {
    if (((node.type === "Identifier" || node.type === "JSXIdentifier") && node.name === from) || (node.type === "StringLiteral" && node.value === from)) hit = true;
  });
  return hit;
}

/** Files that may load a module by a name the engine cannot read (`import(name)`, `` require(`./${x}`) ``): parsed even when they do not name a target. */
export const COMPUTED_LOAD = /\b(?:require|import)\s*\(\s*(?:[^"'`\s)]|`[^`]*\$\{)/;

/** `require(x)` or `import(x)` whose argument is not a plain string: any module at all. */
function computedLoad(node: t.Node): boolean {
  const arg = loadArgument(node);
  return !!arg && literalString(arg) === null;
}

export function unsureHint(importerRel: string): string {
  return `rename it yourself across the files, or import the renamed file by a relative path in ${importerRel} so the engine can follow it`;
}

/** The specifier an import, a re-export, `import x = require()`, `require()` or `import()` loads, or null. */
function specifierOf(node: t.Node): string | null {
  if (node.type === "ImportDeclaration" || node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") return node.source?.value ?? null;
  if (node.type === "TSImportEqualsDeclaration") return node.moduleReference.type === "TSExternalModuleReference" ? node.moduleReference.expression.value : null;
  return dynamicSpecifier(node);
}

/** Whether a load binds the module whole (a namespace, a default, `export *`): `require()` and `import()` do, `import "x"` does not. */
function bindsModule(node: t.Node): boolean {
  if (node.type === "ImportDeclaration") return node.specifiers.some((s) => s.type !== "ImportSpecifier");
  if (node.type === "ExportNamedDeclaration") return node.specifiers.some((s) => s.type === "ExportNamespaceSpecifier");
  return true;
}

function takesName(node: t.Node, from: string): boolean {
  if (node.type !== "ImportDeclaration" && node.type !== "ExportNamedDeclaration") return false;
  return node.specifiers.some((s) => {
    if (s.type === "ImportSpecifier") return (s.imported.type === "Identifier" ? s.imported.name : s.imported.value) === from;
    return s.type === "ExportSpecifier" && s.local.name === from;
  });
}
