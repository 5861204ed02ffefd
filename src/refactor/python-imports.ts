import type { SyntaxNode } from "../lang/tree-sitter.js";
import { ok, type Result } from "../errors.js";
import { cannotRename, existsFor, type Edit, type RenameJob } from "./edits.js";
import { importsModule, mayNameTarget, resolveModule, submodule } from "./python-modules.js";
import { scopeOf } from "./python-names.js";

/** What a Python file's import statements say about the renamed symbol. */
export interface Imports {
  /** The renamed name in `from target import from [as x]`. */
  edits: Edit[];
  /** Where an unaliased `from target import from` binds the name: a function or class, or null for the module. */
  locals: (SyntaxNode | null)[];
  /** `from target import *`. */
  stars: SyntaxNode[];
  /** Names bound to a module, and the module as written: `pkg` (`import pkg.mod`), `u` (`import pkg.util as u`), `util` (`from pkg import util`). */
  modules: Map<string, string>;
  /** Names bound by any other import, where. */
  otherBindings: Map<string, SyntaxNode[]>;
}

export function readImports(root: SyntaxNode, job: RenameJob): Result<Imports> {
  const found: Imports = { edits: [], locals: [], stars: [], modules: new Map(), otherBindings: new Map() };
  for (const stmt of root.descendantsOfType(["import_from_statement", "import_statement"])) {
    if (!stmt) continue;
    if (stmt.type === "import_statement") readImport(stmt, found);
    else {
      const r = readFromImport(stmt, job, found);
      if (!r.ok) return r;
    }
  }
  return ok(found);
}

function bind(found: Imports, name: string, at: SyntaxNode): void {
  found.otherBindings.set(name, [...(found.otherBindings.get(name) ?? []), at]);
}

/** The imported name and the local name of `name` or `name as alias`. */
function parts(n: SyntaxNode): { dotted: SyntaxNode; alias: SyntaxNode | null } | null {
  const dotted = n.type === "aliased_import" ? n.childForFieldName("name") : n;
  return dotted ? { dotted, alias: n.type === "aliased_import" ? n.childForFieldName("alias") : null } : null;
}

/** `import a.b.c` binds `a`; `import a.b as x` binds `x` to `a.b`. */
function readImport(stmt: SyntaxNode, found: Imports): void {
  for (const n of stmt.childrenForFieldName("name")) {
    const p = n ? parts(n) : null;
    if (!p) continue;
    const local = p.alias?.text ?? p.dotted.text.split(".")[0]!;
    found.modules.set(local, p.alias ? p.dotted.text : local);
    bind(found, local, p.alias ?? p.dotted);
  }
}

function readFromImport(stmt: SyntaxNode, job: RenameJob, found: Imports): Result<void> {
  const module = (stmt.childForFieldName("module_name")?.text ?? "").replace(/\s+/g, "");
  const fromTarget = importsModule(job.importerRel, module, job.targets, job.exists);
  if (fromTarget && stmt.descendantsOfType("wildcard_import").length) found.stars.push(stmt);
  for (const n of stmt.childrenForFieldName("name")) {
    const p = n ? parts(n) : null;
    if (!p) continue;
    const local = p.alias?.text ?? p.dotted.text;
    if (fromTarget && p.dotted.text === job.from) {
      found.edits.push({ start: p.dotted.startIndex, end: p.dotted.endIndex, text: job.to });
      if (p.alias) bind(found, local, p.alias);
      else found.locals.push(scopeOf(stmt));
      continue;
    }
    if (p.dotted.text === job.from && !fromTarget && unplaced(job, module)) {
      return cannotRename(job, `imports \`${job.from}\` from \`${module}\` (line ${stmt.startPosition.row + 1}), a module the engine cannot find from its folder, the project root or src/, so it cannot tell whether that is the renamed one`);
    }
    bind(found, local, p.alias ?? p.dotted);
    // `from pkg import util`: maybe a module, reached as `util.from` (resolved where it is used).
    found.modules.set(local, submodule(module, p.dotted.text));
  }
  return ok(undefined);
}

/** A module that is no file of the project, whose last name is a target's: maybe the target, run from a path the engine does not know. */
function unplaced(job: RenameJob, module: string): boolean {
  if (module.startsWith(".")) return false;
  return resolveModule(job.importerRel, module, existsFor(job)) === null && mayNameTarget(module, job.targets);
}
