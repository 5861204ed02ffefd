import { C_KEYWORDS, cFamilyProblem } from "./diagnose-c.js";
import { macroWithoutSemicolon, strayAttribute } from "./diagnose-rust.js";
import { walkTree, type Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// The Java, Rust and Kotlin grammars read statements anywhere, so that snippets and scripts parse;
// a file holds only declarations at its top level (Java 25's compact source files add methods and
// fields, never statements; a Kotlin .kts script is a script), and Rust's impl, trait, mod and
// extern bodies only items. A statement there is what a model leaves when it forgets the function
// around its code: javac, rustc and kotlinc ("Expecting a top level declaration") refuse the file.
// A PHP file is the other way round: what comes before its first `<?php` is text.

/** The first statement where only declarations may be, in a tree with no errors; null when none. */
export function misplacedStatement(root: SyntaxNode, language: string, file?: string): Problem | null {
  if (language === "java") return firstOf(root.children, isJavaStatement, "a statement outside any method") ?? misnamedConstructor(root) ?? lateImport(root) ?? notAStatement(root);
  // Only a file known to be a .kt one: the same code is a valid .kts script.
  if (language === "kotlin" && /\.kt$/i.test(file ?? "")) return firstOf(root.children, isKotlinStatement, "a statement outside any function");
  if (language === "rust") return rustStatement(root) ?? macroWithoutSemicolon(root) ?? strayAttribute(root);
  if (language === "c" || language === "cpp") return (language === "c" ? keywordInString(root) : null) ?? cFamilyProblem(root, language);
  if (language === "php") return phpAsText(root);
  return null;
}

// Before its first `<?php` a PHP file is text that PHP prints: a class or script a model wrote
// without the tag parses (and passes php -l) as text, and the class is never defined.
const PHP_CODE_LINE = /^[ \t]*(?:(?:(?:abstract|final|readonly)\s+)*class\s+\w|(?:interface|trait|enum)\s+\w|function\s+&?\w+\s*\(|namespace\s+[\w\\]+\s*[;{]|use\s+[\w\\]+[^;\n]*;|declare\s*\(|(?:require|include)(?:_once)?\b|echo\s|\$\w+\s*(?:=|->|\[))/m;

function phpAsText(root: SyntaxNode): Problem | null {
  if (root.children.some((c) => c?.type === "php_tag")) return null;
  const m = PHP_CODE_LINE.exec(root.text);
  if (!m) return null;
  const row = root.text.slice(0, m.index).split("\n").length - 1;
  return { row, column: 0, what: 'PHP code with no "<?php" before it: PHP would print it as text' };
}

// A top-level `int x = 1;` is a field of a compact source file; `;` between types is allowed.
const isJavaStatement = (n: SyntaxNode) => n.type.endsWith("_statement") || n.type === "block" || n.type === "switch_expression";

/**
 * The grammar reads any `name(…) {…}` in a class as a constructor; javac, unless it is named
 * after the class, as a method that lost its return type (`public getName() {`).
 */
function misnamedConstructor(root: SyntaxNode): Problem | null {
  for (const n of root.descendantsOfType(["constructor_declaration", "compact_constructor_declaration"])) {
    // class_body or enum_body_declarations > enum_body, then the declaration that names the type.
    const body = n?.parent?.type === "enum_body_declarations" ? n.parent.parent : n?.parent;
    const owner = body?.parent?.childForFieldName("name");
    const name = n?.childForFieldName("name");
    if (name && owner && name.text !== owner.text) {
      return { ...name.startPosition, what: `invalid method declaration; return type required ("${name.text}" is not a constructor of ${owner.text})` };
    }
  }
  return null;
}

/** javac reads `package`, then the imports, then the types: the grammar takes them in any order. */
function lateImport(root: SyntaxNode): Problem | null {
  let typeSeen = false;
  for (const n of root.children) {
    if (!n) continue;
    if (n.type === "import_declaration" || n.type === "package_declaration") {
      if (typeSeen) return { ...n.startPosition, what: `${n.type === "import_declaration" ? "an import" : "a package declaration"} after a class or interface: it must come before every type` };
    } else if (n.type.endsWith("_declaration")) typeSeen = true;
  }
  return null;
}

// javac takes only an assignment, ++ or --, a method call or `new` as a statement: `a + b;`,
// `x == 1;` or a JavaScript habit like `ok ? save() : drop();` is "not a statement". A switch
// rule's body may be any expression (its value is the switch's); a switch statement with a `;`
// after it is read as an expression statement.
const JAVA_EXPRESSION_STATEMENTS = new Set(["assignment_expression", "update_expression", "method_invocation", "object_creation_expression", "switch_expression"]);

function notAStatement(root: SyntaxNode): Problem | null {
  for (const n of root.descendantsOfType("expression_statement")) {
    const e = n?.namedChildren.find((c) => c && !c.type.endsWith("comment"));
    if (!e || n?.parent?.type === "switch_rule" || JAVA_EXPRESSION_STATEMENTS.has(e.type)) continue;
    return { ...e.startPosition, what: "not a statement: only an assignment, ++ or --, a method call or new can stand alone" };
  }
  return null;
}

// Top-level properties (and their getters), functions, classes, objects and type aliases are
// declarations; the grammar reads an annotation with arguments before one (`@JvmName("x")`) as an
// expression of its own.
const isKotlinStatement = (n: SyntaxNode) =>
  /_expression$|_statement$|_literal$|^(?:assignment|simple_identifier)$/.test(n.type) && n.firstChild?.type !== "annotation";

function rustStatement(root: SyntaxNode): Problem | null {
  const top = firstOf(root.children, isRustStatement, "a statement outside any function: only items may be here");
  if (top) return top;
  let found: Problem | null = null;
  const visit = (n: SyntaxNode) => {
    for (const c of n.children) {
      if (found || !c) continue;
      if (c.type === "declaration_list") found = firstOf(c.children, isRustStatement, "a statement outside any function: only items may be here");
      else if (!isBody(c)) visit(c);
    }
  };
  visit(root);
  return found;
}

// `foo!(…);` is an item where items go (an item macro; in a body its `;` is a node of its own); any
// other expression, a `let` or a lone `;` (the `};` of a C++ habit) is not.
const isRustStatement = (n: SyntaxNode) =>
  n.type === "let_declaration" ||
  (n.type === "empty_statement" && n.previousSibling?.type !== "macro_invocation") ||
  (n.type === "expression_statement" && n.firstNamedChild?.type !== "macro_invocation");

// Statements inside functions and closures are where they belong; items nested in them are rare.
const isBody = (n: SyntaxNode) => n.type === "block" || n.type === "token_tree";

function firstOf(nodes: (SyntaxNode | null)[], misplaced: (n: SyntaxNode) => boolean, what: string): Problem | null {
  const n = nodes.find((c) => c && misplaced(c));
  return n ? { ...n.startPosition, what } : null;
}

// C's grammar reads `"a" NAME "b"` as one string, NAME a macro (`"%" PRIu64`), so a `;` missing
// after a string runs it into the next statement: `s = "done"` then `return s;` is one string
// with two macros in it. A keyword is never such a macro: the `;` is missing before it.
function keywordInString(root: SyntaxNode): Problem | null {
  let found: Problem | null = null;
  walkTree(root, (n) => {
    if (found) return false;
    if (n.type !== "concatenated_string") return;
    const keyword = n.namedChildren.find((c) => c?.type === "identifier" && C_KEYWORDS.has(c.text));
    const before = keyword?.previousSibling;
    if (before) found = { ...before.endPosition, what: `missing ";" before "${keyword!.text}"` };
    return false;
  });
  return found;
}
