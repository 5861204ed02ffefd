import { older } from "./native-check.js";
import { walkTree, type Problem } from "./problem.js";
import { withTree, type SyntaxNode } from "./tree-sitter.js";

// A language's own checker is the strictest reader of a file, but the local one may be older than
// the project's language: syntax newer than it is refused though it is no mistake, and a refusal
// the model cannot fix would repeat on every retry. So its verdict is taken unless the file uses
// syntax newer than it that the grammar reads (then the grammar's verdict stands).

export interface Newer {
  what: string;
  since: string;
}

/** What one language's newer syntax is, and how its checker and releases are named. */
export interface NewerRules {
  /** The tree-sitter grammar, and the checker as the note names it (`python3`). */
  grammar: string;
  checker: string;
  /** The language as its releases are named (`Python 3.10`). */
  release: string;
  /** The newer syntax node `n` holds, if any. */
  newer: (n: SyntaxNode) => Newer | null;
  /** A refusal no newer syntax makes: taken always. */
  taken?: RegExp | undefined;
}

/** Why the checker's refusal may be the file's newer syntax, not a mistake; null when it is a mistake. */
export async function newerSyntaxDoubt(rules: NewerRules, content: string, problem: Problem, version: readonly number[] | null): Promise<string | null> {
  if (rules.taken?.test(problem.what)) return null;
  const used = await withTree(content, rules.grammar, (root) => newerSyntax(root, rules.newer));
  if (!used?.ok) return null;
  const unknown = used.value.filter((s) => !version || older(version, s.since));
  if (!unknown.length) return null;
  const which = unknown.map((s) => `${s.what} (${rules.release} ${s.since})`).join(", ");
  return `${rules.checker} ${version?.join(".") ?? ""} is older than this file's syntax (${which}): only tree-sitter checked it`;
}

/** The newer syntax a file uses, each kind once, in the order first found. */
function newerSyntax(root: SyntaxNode, newer: (n: SyntaxNode) => Newer | null): Newer[] {
  const found = new Map<string, Newer>();
  walkTree(root, (n) => {
    const s = newer(n);
    if (s) found.set(s.what, s);
  });
  return [...found.values()];
}
