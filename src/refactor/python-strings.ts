import type { SyntaxNode } from "../lang/tree-sitter.js";
import type { Edit, RenameJob } from "./edits.js";
import type { Imports } from "./python-imports.js";
import { dottedParts } from "./python-names.js";
import { importsModule, submodule } from "./python-modules.js";

// Python code reaches a module's names by string too: `mock.patch("pkg.util.get_foo")`,
// `mock.patch.object(util, "get_foo")`, `getattr(util, "get_foo")`. The rename leaves strings
// alone (a label "get_foo" is no use of the function), so such a string fails the rename instead
// of being left to break the tests that patch it.

/**
 * The first plain string that names the symbol through a target module: a dotted path whose
 * module is a target (`"pkg.util.get_foo"`), or the bare name passed beside a target module
 * (`getattr(util, "get_foo")`). Null when there is none.
 */
export function nameInString(root: SyntaxNode, found: Imports, job: RenameJob): SyntaxNode | null {
  for (const s of root.descendantsOfType("string_content")) {
    // Only a whole plain string: not a part of an f-string around a `{…}`.
    if (!s || s.parent?.childCount !== 3) continue;
    const dotted = /^([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)$/.exec(s.text);
    if (dotted && dotted[2] === job.from && importsModule(job.importerRel, dotted[1]!, job.targets, job.exists)) return s;
    const args = s.parent.parent;
    if (s.text === job.from && args?.type === "argument_list" && args.namedChildren.some((a) => !!a && isTargetModule(a, found, job))) return s;
  }
  return null;
}

/** Whether `n` (`util`, `pkg.util`, `u`) is a module of the targets, as this file imported it. */
export function isTargetModule(n: SyntaxNode, found: Imports, job: RenameJob): boolean {
  const parts = dottedParts(n);
  const base = parts ? found.modules.get(parts[0]!) : undefined;
  if (!parts || base === undefined) return false;
  return importsModule(job.importerRel, parts.slice(1).reduce(submodule, base), job.targets, job.exists);
}

/**
 * The name as a word inside string annotations (`v: "Validator"`, `-> "list[Validator]"`): forward
 * references, evaluated later in the module's namespace by typing, dataclasses or pydantic. An
 * attribute (`"m.Validator"`) is another object's and stays.
 */
export function annotationUses(root: SyntaxNode, name: string): { at: SyntaxNode; edit: Edit }[] {
  const word = new RegExp(`(?<![\\w.$])${name}(?![\\w$])`, "g");
  const out: { at: SyntaxNode; edit: Edit }[] = [];
  for (const s of root.descendantsOfType("string_content")) {
    if (!s || s.parent?.childCount !== 3 || s.parent.parent?.type !== "type") continue;
    for (const m of s.text.matchAll(word)) out.push({ at: s, edit: { start: s.startIndex + m.index, end: s.startIndex + m.index + name.length, text: "" } });
  }
  return out;
}
