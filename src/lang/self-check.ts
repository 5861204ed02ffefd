import { allLanguages } from "./languages.js";
import { checkSyntax } from "./syntax.js";

// Whether this install's syntax gate works: every tree-sitter grammar loads, and a broken line is
// refused. A damaged install (a missing grammar, a runtime that cannot start) does not stop a run:
// the file is written with `checked: "none"`. `doctor` runs this so the user hears it once, plainly.

/** The languages the gate checks, and what is wrong with it here (empty when nothing is). */
export async function syntaxGateSelfCheck(): Promise<{ languages: number; problems: string[] }> {
  const langs = allLanguages().filter((l) => l.checker !== undefined);
  const problems: string[] = [];
  for (const l of langs.filter((x) => x.checker === "tree-sitter")) {
    // The grammars alone: a language's own checker on PATH would pass the empty file without them.
    const v = await checkSyntax("", l.id, { run: async () => null });
    if (v.ok && v.checked === "none" && v.note) problems.push(`${l.id}: ${v.note}`);
  }
  // One broken line must be refused, or the gate passes everything it is shown.
  const broken = await checkSyntax("def f(:\n", "python");
  if (broken.ok && problems.length === 0) problems.push("python: a broken line was not refused");
  return { languages: langs.length, problems };
}
