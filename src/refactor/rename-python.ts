import type { SyntaxNode } from "../lang/tree-sitter.js";
import { withTree } from "../lang/tree-sitter.js";
import { ok, type Result } from "../errors.js";
import { applyEdits, cannotRename, type Edit, type RenameJob, type RenameResult } from "./edits.js";
import { dottedParts, insideImport, roleOf, scopeOf, within } from "./python-names.js";
import { readImports, type Imports } from "./python-imports.js";
import { importsModule, submodule } from "./python-modules.js";

// A Python file that imports a renamed function from one of the targets (the module the model
// changed, or a module passing it on): its imports (`from m import f`, `from .m import f as g`),
// the uses of the name those imports bind (`f(…)`, in the import's scope only), its module
// accesses (`m.f`, `pkg.m.f`, `alias.f`, `pkg.f` through a package passing it on) and `__all__`
// are renamed on the syntax tree, so strings, comments, attributes of other objects and keyword
// arguments of the same name are left alone. What it cannot rename safely (a star import whose
// name is used, a file binding the name itself, the new name already taken) fails the run.

/** Null when the file does not use the symbol from a target. */
export async function renamePythonImporter(source: string, job: RenameJob): Promise<Result<RenameResult | null>> {
  const r = await withTree(source, "python", (root) => renameIn(root, source, job));
  // No grammar at all, or one that cannot load: the importers cannot be read, so nothing is done by halves.
  if (r === null) return cannotRename(job, "cannot be read: no Python grammar in this install");
  if (!r.ok) return cannotRename(job, `cannot be read: ${r.error.message}`);
  return r.value;
}

const at = (n: SyntaxNode) => `line ${n.startPosition.row + 1}`;
const edit = (n: SyntaxNode, text: string): Edit => ({ start: n.startIndex, end: n.endIndex, text });

function renameIn(root: SyntaxNode, source: string, job: RenameJob): Result<RenameResult | null> {
  const imp = readImports(root, job);
  if (!imp.ok) return imp;
  const found = imp.value;
  const edits = [...found.edits];
  const ids = root.descendantsOfType("identifier").filter((n): n is SyntaxNode => !!n && !insideImport(n));
  const refs: SyntaxNode[] = [];
  const binds: SyntaxNode[] = [];
  for (const id of ids) {
    if (id.text !== job.from) continue;
    const role = roleOf(id);
    if (role === "reference") refs.push(id);
    if (role === "binding") binds.push(id);
    if (role === "name" && id.parent?.type === "attribute" && moduleAccess(id, found, job)) edits.push(edit(id, job.to));
  }
  const star = found.stars[0];
  if (star && (refs.length || binds.length)) {
    return cannotRename(job, `imports everything from the module (\`${star.text}\`, ${at(star)}) and uses \`${job.from}\` (${at(refs[0] ?? binds[0]!)}): its uses cannot be told from other names`);
  }
  if (found.locals.length) {
    const clash = conflict(found, binds, ids, job);
    if (clash) return cannotRename(job, clash);
    for (const r of refs) if (found.locals.some((s) => within(r, s))) edits.push(edit(r, job.to));
  }
  const reexports = found.locals.includes(null) || found.stars.some((s) => scopeOf(s) === null);
  if (reexports) edits.push(...allNames(root, job));
  if (!edits.length && !reexports) return ok(null);
  return ok({ content: applyEdits(source, edits), reexports });
}

/** Why renaming the imported name's uses would change what the file means, or null. */
function conflict(found: Imports, binds: SyntaxNode[], ids: SyntaxNode[], job: RenameJob): string | null {
  const own = binds[0] ?? found.otherBindings.get(job.from)?.[0];
  if (own) return `imports \`${job.from}\` and also binds that name itself (${at(own)}), so its uses cannot be told apart`;
  const taken = ids.find((id) => id.text === job.to && roleOf(id) !== "name") ?? found.otherBindings.get(job.to)?.[0];
  if (taken) return `already uses the name \`${job.to}\` (${at(taken)}), which the renamed import would shadow`;
  return null;
}

/** Whether `id`, the attribute in `x.y.from`, is reached through a module import naming a target. */
function moduleAccess(id: SyntaxNode, found: Imports, job: RenameJob): boolean {
  const object = id.parent?.childForFieldName("object");
  const parts = object ? dottedParts(object) : null;
  if (!parts) return false;
  const base = found.modules.get(parts[0]!);
  if (base === undefined) return false;
  const module = parts.slice(1).reduce(submodule, base);
  return importsModule(job.importerRel, module, job.targets, job.exists);
}

/** `__all__ = ["from", …]`, `__all__ += […]`, `__all__.append("from")`: the names a module passes on. */
function allNames(root: SyntaxNode, job: RenameJob): Edit[] {
  const out: Edit[] = [];
  for (const s of root.descendantsOfType("string_content")) {
    if (!s || s.text !== job.from || s.parent?.childCount !== 3) continue;
    for (let p = s.parent.parent; p && p.type !== "module"; p = p.parent) {
      const left = p.type === "assignment" || p.type === "augmented_assignment" ? p.childForFieldName("left") : p.type === "call" ? p.childForFieldName("function")?.childForFieldName("object") : null;
      if (left?.text === "__all__") {
        out.push(edit(s, job.to));
        break;
      }
    }
  }
  return out;
}
