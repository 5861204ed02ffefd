// Test frameworks' macros that open a block (Catch2's and doctest's `TEST_CASE("name") {`,
// `SECTION("…") {`, `SCENARIO`, `GIVEN`): with a string among its arguments the call is no
// declarator, so the C and C++ grammars read it as a call missing its `;` before a block, and
// every Catch2 or doctest file was refused. For ./grammar-gaps.ts.

/** A call of a name in capitals whose `)` is followed by `{`, on its line or the next. */
const MACRO_BLOCK = /^([ \t]*)([A-Z_][A-Z0-9_]{2,})[ \t]*\((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*\)(?=[ \t]*(?:\r?\n[ \t]*)?\{)/gm;

/**
 * The text with each such head read as what the macro expands to, in place: at the top of the
 * file (or of a namespace) a function's head `void ____()`, in a body an `if(1   )`. Null when
 * there is none.
 */
export function macroBlocks(text: string): string | null {
  let changed = false;
  const out = text.replace(MACRO_BLOCK, (head: string, indent: string, _name: string, at: number) => {
    const call = head.slice(indent.length);
    if (call.length < 8) return head;
    changed = true;
    return indent + (inFunctionBody(text, at) ? `if(1${" ".repeat(call.length - 5)})` : `void ${"_".repeat(call.length - 7)}()`);
  });
  return changed ? out : null;
}

/**
 * Whether `at` is inside a function's body: some `{` open there is not a namespace's, an
 * `extern "C"`'s or a class's (those hold declarations). Comments, strings and characters are skipped.
 */
function inFunctionBody(text: string, at: number): boolean {
  const open: boolean[] = [];
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const end = text[i + 1] === "/" ? text.indexOf("\n", i) : text.indexOf("*/", i + 2) + 1;
      if (end <= 0) return false;
      i = end;
    } else if (c === '"' || c === "'") {
      while (++i < at && text[i] !== c && text[i] !== "\n") if (text[i] === "\\") i++;
    } else if (c === "{") {
      const before = text.slice(Math.max(0, text.lastIndexOf("\n", i - 1) - 200), i);
      open.push(!/(?:\bnamespace\b[\w:\s]*|\bextern\s+"C"\s*|\b(?:class|struct|union)\b[^;{}()]*)$/.test(before));
    } else if (c === "}") open.pop();
  }
  return open.some((body) => body);
}
