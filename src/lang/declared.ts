import { parseModule, walk, type t } from "./babel.js";
import { rewritesFor } from "./grammar-gaps.js";
import { languageInfo } from "./languages.js";
import { bindingNames } from "./names.js";
import { withTree, type SyntaxNode } from "./tree-sitter.js";

// Every name a file declares anywhere, not only at its top level: an interface's methods, an
// object literal's methods, enum members, private class members, a function defined inside an
// `if` or another function. A spec that asks for `get(key)` on an interface, or for a fallback
// defined in an `except` block, is kept by a file that declares it there. Parameters are not
// declarations here: a parameter called like a promised function defines nothing.

/** The names declared anywhere in the file; empty when its language has no parser here or it does not parse. */
export async function declaredNames(source: string, language: string): Promise<Set<string>> {
  if (languageInfo(language)?.checker === "babel") return jsDeclared(source, language);
  const text = rewritesFor(language).reduce((s, rewrite) => rewrite(s) ?? s, source);
  const r = await withTree(text, language, (root) => treeDeclared(root, language));
  return r?.ok ? r.value : new Set();
}

function jsDeclared(source: string, language: string): Set<string> {
  const out = new Set<string>();
  const parsed = parseModule(source, language, { sourceType: "unambiguous" });
  if (!parsed.ok) return out;
  const key = (k: t.Node, computed: boolean): void => {
    if (computed) return;
    if (k.type === "Identifier") out.add(k.name);
    else if (k.type === "StringLiteral") out.add(k.value);
    else if (k.type === "PrivateName") out.add(k.id.name);
  };
  // Functions seen so far (the walk is depth first, in source order), for a local variable's scope.
  const functions: [number, number][] = [];
  const inFunction = (n: t.Node) => functions.some(([a, b]) => (n.start ?? 0) > a && (n.end ?? 0) <= b);
  walk(parsed.value.program, (node) => {
    if (/Function|Method/.test(node.type)) functions.push([node.start ?? 0, node.end ?? 0]);
    switch (node.type) {
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ClassDeclaration":
      case "ClassExpression":
      case "TSDeclareFunction":
        if (node.id) out.add(node.id.name);
        return;
      case "TSInterfaceDeclaration":
      case "TSTypeAliasDeclaration":
      case "TSEnumDeclaration":
        out.add(node.id.name);
        return;
      case "VariableDeclarator":
        // A local variable is not a definition of the file; a local function is (`const increment = () => …`).
        if (!inFunction(node) || /Function|Class/.test(node.init?.type ?? "")) for (const n of bindingNames(node.id)) out.add(n);
        return;
      case "ObjectProperty":
      case "ObjectMethod":
      case "ClassMethod":
      case "ClassPrivateMethod":
      case "ClassProperty":
      case "ClassPrivateProperty":
      case "ClassAccessorProperty":
      case "TSPropertySignature":
      case "TSMethodSignature":
        key(node.key, "computed" in node && node.computed === true);
        return;
      case "TSEnumMember":
        key(node.id, false);
        return;
      case "AssignmentExpression":
        // `Foo.prototype.bar = function …`, `this.count = 0`.
        if (node.left.type === "MemberExpression" && (node.left.object.type === "ThisExpression" || /Function|Class/.test(node.right.type))) key(node.left.property, node.left.computed);
        return;
    }
  });
  return out;
}

const NAME = /identifier|^constant$|^name$/;
/** Nodes that declare something (not calls, paths or arguments, whose `name` names something used). */
const DECLARATION = /(?:definition|declaration|declarator|_item|_spec|_signature|_variant|enum_constant)$/;
/** Declarations of values: inside a function they are its locals, not the file's names. */
const VALUE = /var|const|let|field|assignment|variable|declarator|static|local/;
/** A subtree that declares parameters, not names of the file. */
const PARAMETERS = /parameter|^lambda$|^closure_expression$/;
const FUNCTION = /^(?:function_definition|function_declaration|method_declaration|function_item|constructor_declaration|func_literal)$/;

function treeDeclared(root: SyntaxNode, language: string): Set<string> {
  const out = new Set<string>();
  const stack: [SyntaxNode, boolean][] = [[root, false]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, inFunction] = top;
    if (PARAMETERS.test(node.type)) continue;
    if (DECLARATION.test(node.type) && !(inFunction && VALUE.test(node.type))) {
      const name = node.childForFieldName("name");
      if (name && NAME.test(name.type)) out.add(name.text);
    }
    // Python: `loads = json.loads` at module level, inside an `if` or `try`.
    if (language === "python" && node.type === "assignment" && !inFunction) {
      const left = node.childForFieldName("left");
      if (left?.type === "identifier") out.add(left.text);
    }
    const inner = inFunction || FUNCTION.test(node.type);
    for (const c of node.namedChildren) if (c) stack.push([c, inner]);
  }
  return out;
}
