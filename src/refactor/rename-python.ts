import type { SyntaxNode } from "../lang/tree-sitter.js";
import { withTree } from "../lang/tree-sitter.js";
import { fail, ok, type Result } from "../errors.js";
import { applyEdits, cannotRename, type Edit, type RenameJob, type RenameResult } from "./edits.js";
import { bindingScope, insideImport, roleOf, scopeOf, within } from "./python-names.js";
import { loadedByName } from "./python-dynamic.js";
import { readImports, type Imports } from "./python-imports.js";
import { annotationUses, isTargetModule, nameInString } from "./python-strings.js";

// A Python file that imports a renamed function from one of the targets (the module the model
// changed, or a module passing it on): its imports (`from m import f`, `from .m import f as g`),
// the uses of the name those imports bind (`f(…)`, in the import's scope only), its module
// accesses (`m.f`, `pkg.m.f`, `alias.f`, `pkg.f` through a package passing it on) and `__all__`
// are renamed on the syntax tree, so strings (but forward references in annotations), comments,
// attributes of other objects and keyword arguments of the same name are left alone. What it cannot rename safely (a star import whose
// name is used, a file binding the name itself, the new name already taken) fails the run.

/** Null when the file does not use the symbol from a target. */
export async function renamePythonImporter(source: string, job: RenameJob): Promise<Result<RenameResult | null>> {
  const r = await withTree(source, "python", (root) => renameIn(root, source, job));
  // No grammar, or one that cannot load (a damaged install): the importers cannot be read, so the
  // run fails rather than skip them.
  if (r === null || !r.ok) {
    const why = r === null ? "there is no Python grammar in this install" : r.error.message;
    return fail("INTERNAL", `\`${job.from}\` cannot be renamed whole: ${job.importerRel} cannot be read (${why}); every file is left as it was`, { hint: "reinstall the plugin" });
  }
  return r.value;
}

const at = (n: SyntaxNode) => `line ${n.startPosition.row + 1}`;
const edit = (n: SyntaxNode, text: string): Edit => ({ start: n.startIndex, end: n.endIndex, text });

function renameIn(root: SyntaxNode, source: string, job: RenameJob): Result<RenameResult | null> {
  const imp = readImports(root, job);
  if (!imp.ok) return imp;
  const found = imp.value;
  const loaded = loadedByName(root, source, job);
  if (loaded) return cannotRename(job, loaded, `rename it yourself across the files, or load the module with a plain \`import\` in ${job.importerRel} so the engine can follow it`);
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
  const annotations = annotationUses(root, job.from);
  const star = found.stars[0];
  if (star && (refs.length || binds.length || annotations.length)) {
    const use = refs[0] ?? binds[0] ?? annotations[0]!.at;
    return cannotRename(job, `imports everything from the module (\`${star.text}\`, ${at(star)}) and uses \`${job.from}\` (${at(use)}): its uses cannot be told from other names`);
  }
  if (found.locals.length) {
    const clash = conflict(found, binds, ids, job);
    if (clash) return cannotRename(job, clash);
    for (const r of refs) if (found.locals.some((s) => within(r, s))) edits.push(edit(r, job.to));
    // A string annotation is read in the module's namespace: it follows a module-level import only.
    if (found.locals.includes(null)) edits.push(...annotations.map((a) => ({ ...a.edit, text: job.to })));
  }
  const own = found.stars.some((s) => scopeOf(s) === null) ? moduleBinding(found, ids, job.to) : null;
  if (own) return cannotRename(job, `already defines \`${job.to}\` (${at(own)}), which would clash with the renamed name it passes on`);
  const named = nameInString(root, found, job);
  if (named) return cannotRename(job, `names \`${named.text}\` in a string (${at(named)}), which the engine does not rename (a mock.patch target, a getattr)`);
  const reexports = found.locals.includes(null) || found.stars.some((s) => scopeOf(s) === null);
  if (reexports) edits.push(...allNames(root, job));
  if (!edits.length && !reexports) return ok(null);
  return ok({ content: applyEdits(source, edits), reexports });
}

/**
 * Why renaming the uses in the import's scope would change what the file means, or null: the name
 * is bound otherwise in that scope or one inside it (a parameter, a method, an assignment, another
 * import), or the new name is already used there and would be shadowed. A binding in an enclosing
 * or a sibling scope is another variable, which the import's uses never reach.
 */
function conflict(found: Imports, binds: SyntaxNode[], ids: SyntaxNode[], job: RenameJob): string | null {
  const inRegion = (scope: SyntaxNode | null) => found.locals.some((s) => s === null || (scope !== null && within(scope, s)));
  const own = [...binds, ...(found.otherBindings.get(job.from) ?? [])].find((b) => inRegion(bindingScope(b)));
  if (own) return `imports \`${job.from}\` and also binds that name itself (${at(own)}), so its uses cannot be told apart`;
  const uses = [...ids.filter((id) => id.text === job.to && roleOf(id) !== "name"), ...(found.otherBindings.get(job.to) ?? [])];
  const taken = uses.find((id) => found.locals.some((s) => within(id, s)));
  if (taken) return `already uses the name \`${job.to}\` (${at(taken)}), which the renamed import would shadow`;
  return null;
}

/** Where the module binds `name` at its top level (a def, a class, an assignment, an import), or null. */
function moduleBinding(found: Imports, ids: SyntaxNode[], name: string): SyntaxNode | null {
  const own = ids.find((id) => id.text === name && roleOf(id) === "binding" && bindingScope(id) === null);
  return own ?? (found.otherBindings.get(name) ?? []).find((b) => scopeOf(b) === null) ?? null;
}

/** Whether `id`, the attribute in `x.y.from`, is reached through a module import naming a target. */
function moduleAccess(id: SyntaxNode, found: Imports, job: RenameJob): boolean {
  const object = id.parent?.childForFieldName("object");
  return !!object && isTargetModule(object, found, job);
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
