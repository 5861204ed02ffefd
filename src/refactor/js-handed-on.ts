import { walk, type t } from "../lang/babel.js";
import { isLoader, literalString } from "./js-requires.js";

// Test files reach a module's exports by name without importing them: `vi.spyOn(ns, "from")`,
// `sinon.stub(ns, "from")`, `vi.mock("./date", () => ({ from: vi.fn() }))`. The name sits in a
// string or a key the rename cannot tell from any other, so such a file is refused, not renamed.

/**
 * Where the file hands a target module to code the engine cannot follow: a namespace of it used
 * as a value (passed, spread, returned) rather than read (`ns.x`, `ns["x"]`, `const { x } = ns`,
 * `typeof ns`), or its path given to a call other than `require`/`import()` (but an automock). Null when none.
 */
export function handedOn(program: t.Program, isTarget: (specifier: string) => boolean, namespaces: ReadonlySet<string>): t.Node | null {
  let hit: t.Node | null = null;
  walk(program, (node, parent) => {
    if (hit || !parent) return;
    if (node.type === "Identifier" && namespaces.has(node.name) && !isRead(node, parent)) hit = node;
    if (node.type !== "CallExpression" || isLoader(node.callee)) return;
    // `vi.mock("./date")` alone automocks: the module keeps its names, and so does the file.
    if (node.arguments.length === 1 && parent.type === "ExpressionStatement") return;
    const path = node.arguments.find((a) => isTarget(literalString(a) ?? ""));
    if (path) hit = path;
  });
  return hit;
}

/** A use of the namespace's name that reads it, or is no use of it at all (a binding, a key, a property). */
function isRead(node: t.Identifier, parent: t.Node): boolean {
  switch (parent.type) {
    case "MemberExpression":
    case "OptionalMemberExpression":
      return parent.object === node || (parent.property === node && !parent.computed);
    case "VariableDeclarator":
      return parent.id === node || parent.id.type === "ObjectPattern";
    case "ObjectProperty":
      return parent.key === node && !parent.computed && !parent.shorthand;
    case "RestElement":
    case "ImportNamespaceSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportSpecifier":
    case "TSImportEqualsDeclaration":
    case "TSQualifiedName":
    case "TSTypeQuery":
    case "ClassMethod":
    case "ClassProperty":
    case "ObjectMethod":
    case "TSPropertySignature":
    case "TSMethodSignature":
      return true;
    default:
      return false;
  }
}
