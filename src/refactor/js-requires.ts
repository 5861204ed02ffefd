import { walk, type t } from "../lang/babel.js";
import type { Edit } from "./edits.js";

// `require("./date")`, `import("./date.js")` and `import D = require("./date")`: the ways a
// JavaScript or TypeScript file reaches a module other than `import … from`. The forms whose uses
// can be followed are renamed; any other use of such a module is reported, so the caller can
// refuse rather than leave that file behind.

/** What the renaming of one importer has gathered so far. */
export interface Found {
  edits: Edit[];
  /** The name is bound unaliased to the target's symbol: its uses in the file follow the rename. */
  renameLocal: boolean;
  /** Names bound to the target module as a whole: `ns.from` follows the rename. */
  namespaces: Set<string>;
  /**
   * Default imports of the target: a CommonJS module's `module.exports`, so `d.from` follows too.
   * Unlike a namespace, passing one on or exporting it is no sign of more uses: it is a value.
   */
  defaults: Set<string>;
  reexports: boolean;
  /** Where an identifier already has its edit (the value of a `{ from }` pattern). */
  handled: Set<number>;
}

const edit = (n: t.Node, text: string): Edit => ({ start: n.start ?? 0, end: n.end ?? 0, text });

/** Whether a call's callee loads a module: `require(…)` or `import(…)` (when Babel parses it as a call). */
export function isLoader(callee: t.Node): boolean {
  return callee.type === "Import" || (callee.type === "Identifier" && callee.name === "require");
}

/** What `require(x)` or `import(x)` loads, the expression `x`; undefined when `n` is no such load. */
export function loadArgument(n: t.Node): t.Node | undefined {
  if (n.type === "ImportExpression") return n.source;
  return n.type === "CallExpression" && isLoader(n.callee) ? n.arguments[0] : undefined;
}

/** A string written out whole: `"x"`, or `` `x` `` with nothing computed in it; else null. */
export function literalString(n: t.Node): string | null {
  if (n.type === "StringLiteral") return n.value;
  return n.type === "TemplateLiteral" && n.expressions.length === 0 ? (n.quasis[0]?.value.cooked ?? null) : null;
}

/** The module specifier of `require("x")` or `import("x")`, or null. */
export function dynamicSpecifier(n: t.Node): string | null {
  const arg = loadArgument(n);
  return arg ? literalString(arg) : null;
}

/**
 * Finds every `require`/`import()` of a target and follows it: `const { from } = …`,
 * `const m = …` (then `m.from`), `….from`, `module.exports = …` (passes it on). Namespaces'
 * destructurings (`const { from } = m`) too. Returns the first use it cannot follow, or null.
 */
export function readRequires(program: t.Program, isTarget: (specifier: string) => boolean, from: string, to: string, found: Found): t.Node | null {
  const parents = new Map<t.Node, t.Node>();
  let unfollowed: t.Node | null = null;
  walk(program, (node, parent) => {
    if (parent) parents.set(node, parent);
    if (node.type === "VariableDeclarator" && node.init?.type === "Identifier" && (found.namespaces.has(node.init.name) || found.defaults.has(node.init.name)) && node.id.type === "ObjectPattern") {
      destructure(node.id, from, to, found);
    }
    // `import("./date").from` in a type names the export like `ns.from` does: `A.B.from` is another thing.
    if (node.type === "TSImportType" && isTarget(node.argument.value)) {
      const first = leftmost(node.qualifier);
      if (first?.name === from) found.edits.push(edit(first, to));
    }
    const spec = dynamicSpecifier(node);
    if (spec === null || !isTarget(spec)) return;
    const awaited = parents.get(node)?.type === "AwaitExpression";
    const use = awaited ? parents.get(node)! : node;
    // An `import()` not awaited is a promise: `.then(m => m.from)` is more than the engine follows.
    const promise = !awaited && (node.type === "ImportExpression" || (node.type === "CallExpression" && node.callee.type === "Import"));
    const user = parents.get(use);
    if (!promise && user && passesOn(use, user, parents)) found.reexports = true;
    else if (promise ? user?.type !== "ExpressionStatement" : !follow(use, user, from, to, found)) unfollowed ??= node;
  });
  return unfollowed;
}

function follow(use: t.Node, parent: t.Node | undefined, from: string, to: string, found: Found): boolean {
  if (!parent || parent.type === "ExpressionStatement") return true;
  if (parent.type === "VariableDeclarator" && parent.init === use) {
    if (parent.id.type === "Identifier") found.namespaces.add(parent.id.name);
    else if (parent.id.type === "ObjectPattern") destructure(parent.id, from, to, found);
    else return false;
    return true;
  }
  if ((parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && parent.object === use) {
    const p = parent.property;
    if (!parent.computed && p.type === "Identifier") {
      if (p.name === from) found.edits.push(edit(p, to));
      return true;
    }
    return p.type === "StringLiteral" && p.value !== from;
  }
  if (parent.type === "AssignmentExpression" && parent.right === use && isModuleExports(parent.left)) {
    found.reexports = true;
    return true;
  }
  return false;
}

/**
 * `module.exports = { ...require("./date") }` and `Object.assign(module.exports, require("./date"))`:
 * the file passes every export of the module on, the renamed one with them, to its own importers.
 */
function passesOn(use: t.Node, parent: t.Node, parents: ReadonlyMap<t.Node, t.Node>): boolean {
  if (parent.type === "CallExpression") {
    const c = parent.callee;
    const assign = c.type === "MemberExpression" && !c.computed && c.object.type === "Identifier" && c.object.name === "Object" && c.property.type === "Identifier" && c.property.name === "assign";
    return assign && parent.arguments[0] !== use && !!parent.arguments[0] && isModuleExports(parent.arguments[0]);
  }
  const object = parent.type === "SpreadElement" ? parents.get(parent) : undefined;
  const assignment = object?.type === "ObjectExpression" ? parents.get(object) : undefined;
  return assignment?.type === "AssignmentExpression" && assignment.right === object && isModuleExports(assignment.left);
}

/** `a` of the type name `a.b.c`. */
function leftmost(n: t.TSEntityName | null | undefined): t.Identifier | null {
  while (n?.type === "TSQualifiedName") n = n.left;
  return n?.type === "Identifier" ? n : null;
}

function isModuleExports(n: t.Node): boolean {
  return n.type === "MemberExpression" && !n.computed && n.object.type === "Identifier" && n.object.name === "module" && n.property.type === "Identifier" && n.property.name === "exports";
}

/** `{ from }` becomes `{ to }` (and the file's uses follow), `{ from: x }` becomes `{ to: x }`, `...rest` is a namespace. */
function destructure(pattern: t.ObjectPattern, from: string, to: string, found: Found): void {
  for (const prop of pattern.properties) {
    if (prop.type === "RestElement") {
      if (prop.argument.type === "Identifier") found.namespaces.add(prop.argument.name);
      continue;
    }
    const key = prop.key;
    if (prop.computed || (key.type === "Identifier" ? key.name : key.type === "StringLiteral" ? key.value : null) !== from) continue;
    found.edits.push(edit(key, to));
    if (!prop.shorthand) continue;
    found.renameLocal = true;
    // The pattern's value shares the key's place; it must not become `from: to` too.
    const value = prop.value.type === "AssignmentPattern" ? prop.value.left : prop.value;
    found.handled.add(value.start ?? -1);
  }
}
