import type { Problem } from "./problem.js";

// C and C++ conditionals (and Swift's) for grammars that do not run the preprocessor. Every
// reading here keeps each line and column in place (what is left out is blanked), so a problem
// found in one is reported where it is in the file.

/** A conditional directive at a line's start, its word captured. */
const DIRECTIVE = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/;
const CONDITIONAL = new RegExp(`${DIRECTIVE.source}.*$`, "gm");

const blank = (s: string) => s.replace(/[^\n]/g, " ");

/**
 * The grammars do not run the preprocessor, so `#ifdef __cplusplus` / `extern "C" {` / `#endif`
 * (in most C headers) reads as an unclosed brace. Blanked when the directives balance.
 */
export function withoutConditionals(text: string): string | null {
  return groups(text) ? text.replace(CONDITIONAL, blank) : null;
}

/** Most readings a file gets, one per branch of its largest `#if` group: an `#elif` chain longer than this is not read. */
const MAX_BRANCH_READINGS = 4;

/**
 * A function head split over `#ifdef _WIN32 … #else … #endif` before one body reads as two heads
 * when both branches are kept. Reading k keeps the k-th branch of every group (its last when it
 * has fewer), the directives blanked; a file is well formed when every reading is, so a mistake
 * in any branch is still found. Null when no group has a second branch, or the directives do not
 * balance, or a group has more branches than the readings cover.
 */
export function branchReadings(text: string): string[] | null {
  const found = groups(text);
  if (!found) return null;
  const most = Math.max(0, ...found.branches);
  if (most < 2 || most > MAX_BRANCH_READINGS) return null;
  return Array.from({ length: most }, (_, k) => keepBranch(text, found, k));
}

interface Groups {
  /** Each group's number of branches, in the order the groups open. */
  branches: number[];
}

/** The `#if` groups of a file; null when its directives do not balance. */
function groups(text: string): Groups | null {
  const branches: number[] = [];
  const open: number[] = [];
  for (const m of text.matchAll(CONDITIONAL)) {
    const kind = m[1]!;
    if (kind.startsWith("if")) {
      open.push(branches.length);
      branches.push(1);
    } else if (open.length === 0) return null;
    else if (kind === "endif") open.pop();
    else branches[open.at(-1)!]! += 1;
  }
  return open.length === 0 ? { branches } : null;
}

/** The text with only the k-th branch of each group (its last when it has fewer) left, the directives blanked. */
function keepBranch(text: string, found: Groups, k: number): string {
  const lines = text.split("\n");
  // Per open group: its number and the branch being read.
  const open: { group: number; branch: number }[] = [];
  let next = 0;
  let directive = false;
  const kept = () => open.every((g) => g.branch === Math.min(k, found.branches[g.group]! - 1));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = DIRECTIVE.exec(line);
    if (m) {
      const kind = m[1]!;
      if (kind.startsWith("if")) open.push({ group: next++, branch: 0 });
      else if (kind === "endif") open.pop();
      else open.at(-1)!.branch += 1;
    }
    // A directive's continuation lines (after a `\`) are the directive's too.
    if (m || directive || !kept()) lines[i] = blank(line);
    directive = (m !== null || directive) && /\\\s*$/.test(line);
  }
  return lines.join("\n");
}

/**
 * Swift's compile-time conditionals: its grammar reads `#if` and `#endif` as lines of their own,
 * so one never closed (an answer cut in the middle of a platform branch) parsed, though swiftc
 * refuses it. The first `#else`/`#elseif`/`#endif` with no `#if` open, else the last `#if` left open.
 */
export function unclosedConditional(source: string): Problem | null {
  const open: { row: number; column: number }[] = [];
  const lines = source.split("\n");
  for (const [row, line] of lines.entries()) {
    const m = /^(\s*)#(if|elseif|else|endif)\b/.exec(line);
    if (!m) continue;
    const column = m[1]!.length;
    if (m[2] === "if") open.push({ row, column });
    else if (open.length === 0) return { row, column, what: `#${m[2]} without an #if before it` };
    else if (m[2] === "endif") open.pop();
  }
  const left = open.at(-1);
  return left ? { ...left, what: `"#if" is never closed by "#endif"` } : null;
}
