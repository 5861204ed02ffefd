import { rulesFor, type Role, type Scope } from "./decl-rules.js";
import type { SyntaxNode } from "./tree-sitter.js";

// A file's declarations from its tree-sitter tree: imports, functions, containers (classes,
// modules, impls) with their members, and values, each with its names, whether other files can
// use it, and its doc comment. The outline and the defined names are both read from this.

export interface DeclName {
  name: string;
  exported: boolean;
}

export interface Decl {
  role: Exclude<Role, "transparent">;
  kind: string;
  node: SyntaxNode;
  /** Where its text starts: a decorator or `template <…>` before the node itself. */
  start: number;
  names: DeclName[];
  /** The comment lines right above it. */
  doc: string | null;
  /** A function's or container's body. */
  body: SyntaxNode | null;
  members: Decl[];
}

const NAME_TYPES = /^(identifier|type_identifier|simple_identifier|field_identifier|constant|name|namespace_identifier|property_identifier|variable_name|bare_key|word)$/;
const BODY_TYPES = /body|block|declaration_list|compound_statement|statement_list/;
const SPEC_TYPES = /_spec$|^(variable_declarator|init_declarator|const_element|property_element|variable_declaration|assignment)$/;
/** Wrappers around one declaration whose text belongs to it (`@decorator`, `template <…>`). */
const LEADING_WRAPPERS = new Set(["decorated_definition", "template_declaration"]);

/** The declarations of a parsed file; null when the language has no rules. */
export function declarations(root: SyntaxNode, language: string, source: string): Decl[] | null {
  const rules = rulesFor(language);
  if (!rules) return null;
  const lines = source.split("\n");
  const all = language === "python" ? pythonAll(root) : null;

  /** `inType`: members of a class, struct or impl (methods and fields), not of a namespace. */
  const read = (nodes: readonly (SyntaxNode | null)[], scope: Scope, inType = false): Decl[] => {
    const out: Decl[] = [];
    for (const node of nodes) {
      if (!node) continue;
      const access = accessChange(node, language);
      if (access) {
        scope = { ...scope, access };
        continue;
      }
      const [role, kind] = rules.roles[node.type] ?? importCall(node, language, scope) ?? [null, ""];
      if (!role) continue;
      if (role === "transparent") {
        const inner = read(node.namedChildren, scope, inType);
        if (LEADING_WRAPPERS.has(node.type) && inner[0]) inner[0] = { ...inner[0], start: node.startIndex, doc: docAbove(lines, node, rules.comment) };
        out.push(...inner);
        continue;
      }
      if (role === "value" && !isDefinition(node, language, scope)) continue;
      // A function or class has one name; a value may declare several (`var a, b int`).
      const found = role === "value" ? namesOf(node) : namesOf(node).slice(0, 1);
      const names = role === "import" ? [] : found.map((name) => ({ name, exported: rules.exported(node, name, { access: scope.access, all }) }));
      const body = role === "function" || role === "container" ? bodyOf(node) : null;
      const grouping = kind === "namespace" || kind === "module";
      const members = role === "container" && body ? read(body.namedChildren, { access: grouping ? scope.access : memberAccess(node, language), all }, !grouping) : [];
      const refined = refineKind(node, kind, inType);
      out.push({ role, kind: refined, node, start: node.startIndex, names, doc: docAbove(lines, node, rules.comment), body, members });
    }
    return out;
  };
  return read(root.namedChildren, { access: null, all });
}

/** What a declaration is, where the node type alone does not say (a C prototype, a Swift struct, a member). */
function refineKind(node: SyntaxNode, kind: string, inType: boolean): string {
  const swiftKind = node.type === "class_declaration" ? node.childForFieldName("declaration_kind")?.text : undefined;
  if (swiftKind) return swiftKind;
  if ((kind === "declaration" || kind === "field") && node.descendantsOfType("function_declarator").length) return inType ? "method" : "function";
  if (kind === "declaration") return "variable";
  if (!inType) return kind;
  return kind === "function" ? "method" : kind === "variable" ? "field" : kind;
}

/** C++'s `public:` and Ruby's bare `private` change the access of what follows. */
function accessChange(node: SyntaxNode, language: string): string | null {
  if (node.type === "access_specifier") return node.text.replace(/:$/, "").trim();
  if (language === "ruby" && node.type === "identifier" && /^(private|protected|public)$/.test(node.text)) return node.text;
  return null;
}

/**
 * Calls that declare: `require "x"` (Ruby) and `source x.sh` (shell) at the top level are imports;
 * Ruby's `attr_reader :a` in a class defines methods.
 */
function importCall(node: SyntaxNode, language: string, scope: Scope): readonly [Role, string] | null {
  const head = node.namedChildren[0]?.text ?? "";
  if (language === "ruby" && node.type === "call" && /^attr_(reader|writer|accessor)$/.test(head)) return ["value", "attribute"];
  if (scope.access !== null) return null;
  if (language === "ruby" && node.type === "call" && /^require(_relative)?$/.test(head)) return ["import", "require"];
  if (language === "bash" && node.type === "command" && /^(source|\.)$/.test(head)) return ["import", "source"];
  return null;
}

/** A value role's node that really defines something: an assignment to a name, not a call. */
function isDefinition(node: SyntaxNode, language: string, scope: Scope): boolean {
  if (language === "python" && node.type === "expression_statement") {
    const a = node.namedChildren[0];
    return a?.type === "assignment" && /^(identifier|pattern_list|tuple_pattern)$/.test(a.childForFieldName("left")?.type ?? "");
  }
  if (language === "ruby" && node.type === "assignment") return node.childForFieldName("left")?.type === "constant";
  if (language === "bash") return scope.access === null;
  return true;
}

function memberAccess(node: SyntaxNode, language: string): string {
  if (node.type === "class_specifier") return "private";
  if (node.type === "interface_declaration" || node.type === "trait_item") return "public";
  if (node.type === "impl_item" && node.childForFieldName("trait")) return "public";
  return language === "ruby" || node.type === "struct_specifier" ? "public" : "member";
}

/** The names a declaration defines (several for `var a, b int` or a Go `const ( … )` block). */
function namesOf(node: SyntaxNode): string[] {
  if (node.type === "call") return (node.childForFieldName("arguments")?.namedChildren ?? []).flatMap((a) => (a?.type === "simple_symbol" ? [a.text.slice(1)] : []));
  if (node.type === "impl_item") return [(node.childForFieldName("type")?.text ?? "").replace(/<.*$/s, "")];
  // Go: `func (p *Pool) Wait()` is Pool.Wait.
  if (node.type === "method_declaration" && node.childForFieldName("receiver")) {
    const receiver = node.childForFieldName("receiver")!.descendantsOfType("type_identifier")[0]?.text;
    const name = node.childForFieldName("name")?.text;
    if (receiver && name) return [`${receiver}.${name}`];
  }
  const named = node.childrenForFieldName("name").filter((n): n is SyntaxNode => !!n);
  if (named.length) return named.map((n) => n.text.replace(/^\$/, ""));
  if (node.type === "assignment") return identifiersIn(node.childForFieldName("left"));
  const declarators = node.childrenForFieldName("declarator").filter((n): n is SyntaxNode => !!n);
  if (declarators.length) return declarators.flatMap((d) => declaratorName(d));
  const specs = node.namedChildren.filter((c): c is SyntaxNode => !!c && SPEC_TYPES.test(c.type));
  if (specs.length) return specs.flatMap((s) => namesOf(s));
  for (const wrapper of node.namedChildren) if (wrapper?.type === "expression_statement" || wrapper?.type === "import_header") return namesOf(wrapper);
  const direct = node.namedChildren.find((c) => c && NAME_TYPES.test(c.type));
  return direct ? [direct.text] : [];
}

function declaratorName(d: SyntaxNode): string[] {
  let at = d;
  for (let next = at.childForFieldName("declarator"); next; next = at.childForFieldName("declarator")) at = next;
  if (NAME_TYPES.test(at.type) || /qualified|destructor|operator_name/.test(at.type)) return [at.text];
  return identifiersIn(at).slice(0, 1);
}

function identifiersIn(node: SyntaxNode | null): string[] {
  if (!node) return [];
  if (NAME_TYPES.test(node.type)) return [node.text];
  return node.namedChildren.flatMap((c) => (c && NAME_TYPES.test(c.type) ? [c.text] : []));
}

function bodyOf(node: SyntaxNode): SyntaxNode | null {
  const field = node.childForFieldName("body");
  if (field) return field;
  const last = node.namedChildren.findLast((c) => !!c && BODY_TYPES.test(c.type));
  return last ?? null;
}

/** The comment lines directly above a declaration (no blank line between), up to 20. */
function docAbove(lines: string[], node: SyntaxNode, comment: RegExp): string | null {
  const row = node.startPosition.row;
  let top = row;
  while (top > 0 && row - top < 20 && comment.test(lines[top - 1]!) && !/^\s*#\s*(include|define|if|endif|pragma)\b/.test(lines[top - 1]!)) top--;
  return top < row ? lines.slice(top, row).join("\n") : null;
}

/** The names in a Python module's `__all__ = [...]`, when it has one. */
function pythonAll(root: SyntaxNode): Set<string> | null {
  for (const stmt of root.namedChildren) {
    const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : null;
    if (a?.type !== "assignment" || a.childForFieldName("left")?.text !== "__all__") continue;
    const names = (a.childForFieldName("right")?.namedChildren ?? []).flatMap((s) => (s?.type === "string" ? [s.text.replace(/^[rbu]*(['"])(.*)\1$/s, "$2")] : []));
    return new Set(names);
  }
  return null;
}
