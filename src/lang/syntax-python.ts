import { newerSyntax } from "./diagnose-python.js";
import { older } from "./native-check.js";
import type { Problem } from "./problem.js";
import { withTree } from "./tree-sitter.js";

// python3 is the strictest reader of a Python file, but the local one may be older than the
// project's Python: a `match` refused by 3.9 is not a mistake in a 3.10 project, and a refusal
// the model cannot fix would repeat on every retry. So its verdict is taken unless the file uses
// syntax newer than it; an indentation error is taken always, as no newer syntax makes one.
// (Syntax that has an older spelling, like 3.12's f-strings reusing their quote or 3.14's
// unparenthesized `except A, B:`, is refused by an older python3: the retry's other spelling is
// valid in every version, so that costs at most one retry.)

/** Why python3's refusal may be the file's newer syntax, not a mistake; null when it is a mistake. */
export async function pythonDoubt(content: string, problem: Problem, version: readonly number[] | null): Promise<string | null> {
  if (/^(IndentationError|TabError)\b/.test(problem.what)) return null;
  const used = await withTree(content, "python", newerSyntax);
  if (!used?.ok) return null;
  const unknown = used.value.filter((s) => !version || older(version, s.since));
  if (!unknown.length) return null;
  const which = unknown.map((s) => `${s.what} (Python ${s.since})`).join(", ");
  return `python3 ${version?.join(".") ?? ""} is older than this file's syntax (${which}): only tree-sitter checked it`;
}
