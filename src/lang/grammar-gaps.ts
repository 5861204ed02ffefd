import { macroBlocks } from "./gaps-c.js";
import { newerCSharp } from "./gaps-csharp.js";
import { textGreaterThan } from "./gaps-html.js";
import { branchReadings, withoutConditionals } from "./preprocessor.js";
import type { Problem } from "./problem.js";

// Where the shipped grammars are behind the languages or cannot see what a compiler sees, found by
// running them over real code (the standard libraries and well-known projects). A refusal of a
// valid file costs the user a retry and then an escalation, so each gap is handled one of two
// ways. Rewrites turn the text into text the grammar reads, keeping every line and column, so a
// real mistake elsewhere is still found where it is; a file is accepted when any reading parses.
// Where no rewrite helps, a problem on a construct the grammar is known not to read is reported
// as not checked rather than as an error.

type Rewrite = (text: string) => string | null;

/** Cumulative rewrites for a language: each reading adds one. */
export function rewritesFor(language: string): readonly Rewrite[] {
  return REWRITES[language] ?? [];
}

/**
 * Readings of which every one must parse for the file to (where none of `rewritesFor`'s did):
 * each branch of C's `#if` groups in turn.
 */
export function jointReadings(language: string, text: string): string[] | null {
  return language === "c" || language === "cpp" ? branchReadings(text) : null;
}

/** Grammars to try besides the language's own (C is often C++ in `.h` files). */
export function alternativeGrammars(language: string): readonly string[] {
  return language === "c" ? ["cpp"] : [];
}

/** What a passing check did not cover, for a grammar that only some problems can be trusted from. */
export function partialCheck(language: string): string | undefined {
  return language === "scss" ? "SCSS: only brackets were checked (the SCSS grammar does not know Sass modules, maps or flags)" : undefined;
}

/** Why a problem is likely the grammar's, not the file's; null when it is the file's. */
export function knownGap(language: string, problem: Problem, source: string): string | null {
  const lines = source.split("\n");
  const here = [lines[problem.row] ?? "", previousCode(lines, problem.row), lines[problem.declarationRow ?? problem.row] ?? ""];
  if ((language === "c" || language === "cpp") && here.some(usesMacroAsSyntax)) {
    return `line ${problem.row + 1} uses a macro as part of a declaration, which a parser cannot read without the preprocessor: not checked`;
  }
  if (language === "csharp" && /\b(?:class|struct)\s+\w+(?:<[^>]*>)?\s*\(|"""/.test(here[0]!)) {
    return `line ${problem.row + 1} uses C# 11-12 syntax (a primary constructor or a raw string) that the C# grammar does not know: not checked`;
  }
  if (language === "swift" && /=\s*(switch|if)\b|#available|\bsending\b/.test(here[0]!)) {
    return `line ${problem.row + 1} uses Swift 5.9+ syntax (if/switch expressions, sending) that the Swift grammar does not know: not checked`;
  }
  return null;
}

/** The nearest line above `row` with code on it (not blank, not only a comment). */
function previousCode(lines: string[], row: number): string {
  for (let r = row - 1; r >= 0; r--) {
    const t = lines[r]!.trim();
    if (t && !/^(\/\/|\/\*|\*)/.test(t)) return lines[r]!;
  }
  return "";
}

/**
 * `class EXPORT Name`, `static API_CALL int f(`, `DECLARE_THING(x, y)` alone on a line: an
 * identifier in capitals (or `__x`) right before another word, or a bare call in capitals.
 */
function usesMacroAsSyntax(line: string): boolean {
  // A string's words are not code: `puts("DEBUG mode")` uses no macro.
  const code = line.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/.*$|\/\*.*?\*\//g, "");
  return /\b(?:_*[A-Z][A-Z0-9_]{2,}|__\w+)\s+[A-Za-z_]/.test(code) || /^\s*_*[A-Z][A-Z0-9_]{2,}\s*(\(.*\))?\s*$/.test(line);
}

/**
 * C# 10-11 modifiers the C# 9 grammar does not know, blanked: `global using`, `required` and
 * `file` members and types, and `record struct` / `record class` (read as a record).
 */
function newerModifiers(text: string): string | null {
  const out = text
    .replace(/^(\s*)global(?=\s+using\b)/gm, (_, sp: string) => `${sp}      `)
    .replace(/\b(required|file)(?=\s+(?:(?:public|private|protected|internal|static|sealed|abstract|readonly|partial|class|struct|record|interface|enum)\b|[\w<>[\]?.,]+\s+\w+\s*[{;=]))/g, (w) => " ".repeat(w.length))
    .replace(/\brecord(\s+)(struct|class)\b/g, (_, sp: string, kw: string) => `record${sp}${" ".repeat(kw.length)}`);
  return out === text ? null : out;
}

/** C# 10's `namespace A.B;` (the grammar is C# 9's): read as `namespace A.B{ … }`. */
function blockNamespace(text: string): string | null {
  const m = /^(\uFEFF?[ \t]*namespace[ \t]+[\w.]+[ \t]*);/m.exec(text);
  if (!m) return null;
  const at = m.index + m[1]!.length;
  return `${text.slice(0, at)}{${text.slice(at + 1)}\n}`;
}

// Rust 1.65's `let PAT = EXPR else { … };`: the `else` is read as `||`, so the block is an operand
// and the statement still needs its `;` (rustc refuses a let-else without one; read as a `;` and a
// block, it did not). Not after an `if` or `match`, whose `}` rustc refuses before `else`.
const LET_ELSE = "||  ";

/** A let-else on one line. */
function letElse(text: string): string | null {
  const out = text.replace(/^(\s*let\b(?:(?!\b(?:if|match)\b)[^;\n])*?=(?:(?!\b(?:if|match)\b)[^;\n])*?)\belse(?=\s*\{)/gm, `$1${LET_ELSE}`);
  return out === text ? null : out;
}

/** rustfmt's let-else over several lines: `else {` starting the line after a `let` that has not ended. */
function letElseOverLines(text: string): string | null {
  const lines = text.split("\n");
  let open = false;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (open && /^\s*else\s*\{/.test(line)) {
      lines[i] = line.replace("else", LET_ELSE);
      changed = true;
      open = false;
      continue;
    }
    if (/^\s*let\b/.test(line)) open = true;
    if (/;|\b(?:if|match)\b/.test(line)) open = false;
  }
  return changed ? lines.join("\n") : null;
}

/**
 * Kotlin's `fun interface` (1.4) and open-ended range `..<` (1.8), which the grammar predates:
 * read as a plain `interface` and as `..`, in place.
 */
function newerKotlin(text: string): string | null {
  const out = text.replace(/\bfun(?=\s+interface\b)/g, "   ").replace(/\.\.</g, ".. ");
  return out === text ? null : out;
}

// The `#` words the Swift grammar knows: compiler directives and the literals older than macros.
const SWIFT_POUND_WORDS = "if|elseif|else|endif|available|unavailable|selector|keyPath|file|fileID|filePath|line|column|function|dsohandle|sourceLocation|warning|error|colorLiteral|imageLiteral|fileLiteral";
const SWIFT_MACRO = new RegExp(`#(?!(?:${SWIFT_POUND_WORDS})\\b)(?=[A-Za-z_])`, "g");

/**
 * Swift 5.9's freestanding macros (`#Preview { … }` in SwiftUI files, Swift Testing's `#expect(…)`
 * and `#require(…)`), which the grammar predates: read as calls of `_Preview`, `_expect`, in place.
 */
function freestandingMacros(text: string): string | null {
  const out = text.replace(SWIFT_MACRO, "_");
  return out === text ? null : out;
}

const NESTING_AT_RULE = /@(?:media|supports|container|layer|document)\b([^{};]*)\{/g;

/**
 * The CSS grammar misreads `a:hover {` inside `@media { … }` as a declaration: the at-rules'
 * heads and closing braces are blanked so their rules are read as top-level ones, in place.
 * Only where the braces and the heads' parentheses balance, so a broken head is still seen.
 */
function flatAtRules(text: string): string | null {
  const out = text.split("");
  let changed = false;
  for (const m of text.matchAll(NESTING_AT_RULE)) {
    const head = m[1]!;
    if (head.split("(").length !== head.split(")").length) continue;
    const close = matchingBrace(text, m.index + m[0].length - 1);
    if (close === null) return null;
    for (let i = m.index; i < m.index + m[0].length; i++) if (out[i] !== "\n") out[i] = " ";
    out[close] = " ";
    changed = true;
  }
  return changed ? out.join("") : null;
}

/**
 * Relative selectors, which the CSS grammar wants a selector before: a combinator opening `:has(…)`
 * or one of its selectors (`:has(> img)`), read as `*`, and one opening a nested rule's line
 * (`> .title {`), read as `&`. In place, so a mistake elsewhere is still found where it is.
 */
function relativeSelectors(text: string): string | null {
  const out = text
    .replace(/:has\([^(){};]*\)/g, (has) => has.replace(/([(,]\s*)[>+~]/g, "$1*"))
    .replace(/^(\s*)[>+~](?=[^{};\n]*\{)/gm, "$1&");
  return out === text ? null : out;
}

/** The offset of the `}` closing the `{` at `open`, skipping comments and strings; null when unbalanced. */
function matchingBrace(text: string, open: number): number | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return null;
      i = end + 1;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      i = end;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return null;
}

const REWRITES: Record<string, readonly Rewrite[]> = {
  c: [withoutConditionals, macroBlocks],
  cpp: [withoutConditionals, macroBlocks],
  csharp: [blockNamespace, newerModifiers, newerCSharp],
  kotlin: [newerKotlin],
  rust: [letElse, letElseOverLines],
  swift: [freestandingMacros],
  css: [flatAtRules, relativeSelectors],
  html: [textGreaterThan],
};
