import type { Problem } from "./problem.js";
import type { SyntaxNode } from "./tree-sitter.js";

// The C and C++ grammars read macros they cannot expand as whatever fits (a declarator's
// attribute, a type, a declaration), and statements anywhere, so that headers and snippets parse.
// That lets through mistakes gcc and g++ refuse: a `;` lost after a prototype or a call, a
// statement outside any function, an `#endif` with no `#if`. Each is looked for here, in a tree
// with no errors, only where no macro could make it valid.

// Keywords: never a macro, so never an attribute after a prototype's `)` nor a call's callee.
export const C_KEYWORDS = new Set(
  ("auto break case char const continue default do double else enum extern float for goto if inline int long register " +
    "restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool " +
    "_Bool _Complex _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local alignas alignof " +
    "constexpr static_assert thread_local typeof typeof_unqual").split(" "),
);

/** The first of those mistakes in a C or C++ tree (`language` is the grammar's), or null. */
export function cFamilyProblem(root: SyntaxNode, language: string): Problem | null {
  const found = [strayDirective(root), runOnPrototype(root), language === "c" ? runOnCall(root) : nestedInitializer(root), topLevelStatement(root)];
  return found.reduce<Problem | null>((a, b) => (!b || (a && (a.row < b.row || (a.row === b.row && a.column <= b.column))) ? a : b), null);
}

/** `#else`, `#elif` or `#endif` with no `#if` open: the grammar keeps it as a directive of its own. */
function strayDirective(root: SyntaxNode): Problem | null {
  for (const n of root.descendantsOfType("preproc_call")) {
    const directive = n?.childForFieldName("directive");
    const m = directive ? /^#\s*(else|elif|elifdef|elifndef|endif)$/.exec(directive.text) : null;
    if (m) return { ...directive!.startPosition, what: `#${m[1]} without #if` };
  }
  return null;
}

/**
 * `int add(int a, int b)` then `int main(void) {`: the grammar reads the next line's type as a
 * macro after the first one's `)` (like `__THROW`) and the two as one; a keyword is no macro.
 */
function runOnPrototype(root: SyntaxNode): Problem | null {
  for (const f of root.descendantsOfType("function_declarator")) {
    const params = f?.childForFieldName("parameters");
    const next = params?.nextSibling;
    if (params && next?.type === "identifier" && C_KEYWORDS.has(next.text)) {
      return { ...params.endPosition, what: `missing ";" before "${next.text}"` };
    }
  }
  return null;
}

/** `free(n)` then `n = next;` in a body, read as a declaration of `n` with a macro for its type. */
function runOnCall(root: SyntaxNode): Problem | null {
  for (const d of root.descendantsOfType("declaration")) {
    const type = d?.childForFieldName("type");
    const declarator = d?.childForFieldName("declarator");
    if (d?.parent?.type === "compound_statement" && type?.type === "macro_type_specifier" && declarator && declarator.startPosition.row > type.endPosition.row) {
      return { ...type.endPosition, what: `missing ";" after "${type.text}"` };
    }
  }
  return null;
}

/** C++'s `std::vector<int> v{}` then a statement, read as a function `v` defined in a body. */
function nestedInitializer(root: SyntaxNode): Problem | null {
  for (const f of root.descendantsOfType("function_definition")) {
    const body = f?.childForFieldName("body");
    if (f?.parent?.type === "compound_statement" && f.childForFieldName("declarator")?.type === "identifier" && body) {
      return { ...body.endPosition, what: 'missing ";"' };
    }
  }
  return null;
}

// Where only declarations may be: the file, a namespace's or `extern "C"`'s body, and the
// branches of a conditional there.
const DECLARATION_SCOPES = /^(?:translation_unit|declaration_list|preproc_(?:if|ifdef|else|elif|elifdef))$/;
const INNER_SCOPES = new Set(["namespace_definition", "linkage_specification"]);
const CONTROL = /^(?:compound|if|for|for_range|while|do|switch|return|break|continue|goto)_statement$|^for_range_loop$/;
// Functions of the standard library a model calls: never a macro that declares something.
const LIBRARY_CALLS = /^(?:printf|puts|putchar|fprintf|fputs|scanf|malloc|calloc|free|memset|memcpy|strcpy|strcat|exit|assert)$/;

/**
 * A statement outside any function (a model's "example usage" after its functions): a block,
 * an `if` or a `return`, an assignment, or a call of a function the file defines, of a method, of
 * a qualified name or of the standard library. A call of anything else may be a macro that
 * declares (`module_init(f);`, `BENCHMARK(f);`).
 */
function topLevelStatement(root: SyntaxNode): Problem | null {
  const defined = new Set<string>();
  for (const f of root.descendantsOfType("function_declarator")) {
    const name = f?.childForFieldName("declarator");
    if (name?.type === "identifier") defined.add(name.text);
  }
  const visit = (scope: SyntaxNode): Problem | null => {
    for (const n of scope.namedChildren) {
      if (!n) continue;
      if (CONTROL.test(n.type) || (n.type === "expression_statement" && isStatement(n.firstNamedChild, defined))) {
        return { ...n.startPosition, what: "a statement outside any function" };
      }
      const inner = DECLARATION_SCOPES.test(n.type) ? n : INNER_SCOPES.has(n.type) ? n.childForFieldName("body") : null;
      const found = inner ? visit(inner) : null;
      if (found) return found;
    }
    return null;
  };
  return visit(root);
}

function isStatement(e: SyntaxNode | null, defined: Set<string>): boolean {
  if (e?.type === "assignment_expression") return e.childForFieldName("left")?.type !== "call_expression";
  if (e?.type === "update_expression") return true;
  if (e?.type !== "call_expression") return false;
  const callee = e.childForFieldName("function");
  if (callee?.type === "field_expression" || callee?.type === "qualified_identifier") return true;
  return callee?.type === "identifier" && (defined.has(callee.text) || LIBRARY_CALLS.test(callee.text));
}
