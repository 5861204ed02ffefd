import { posix } from "node:path";
import type { SyntaxNode } from "../lang/tree-sitter.js";
import { withTree } from "../lang/tree-sitter.js";
import { applyEdits, type Edit, type RenameResult } from "./edits.js";

// A Python file that imports a renamed function from the module the model changed: its imports
// (`from m import f`, `from .m import f as g`, relative or absolute) and its uses (`f(…)` when
// imported unaliased, `m.f` / `pkg.m.f` / `alias.f` through a module import) are renamed on the
// syntax tree, so strings, comments and other objects' attributes of the same name are left alone.

/** The module names by which `targetRel` may be imported: its dotted path, and its tails. */
export function moduleNames(targetRel: string): string[] {
  const noExt = targetRel.replace(/\.pyi?$/, "").replace(/\/__init__$/, "");
  const parts = noExt.split("/");
  // A single name (`import util`) is the module only for a script beside it; see `importsModule`.
  return parts.map((_, i) => parts.slice(i).join(".")).filter((m) => m.length > 0);
}

/** Whether `module` (as written in `importerRel`, with its leading dots) names `targetRel`. */
export function importsModule(importerRel: string, module: string, targetRel: string): boolean {
  const target = targetRel.replace(/\.pyi?$/, "").replace(/\/__init__$/, "");
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots);
  if (dots > 0) {
    let base = posix.dirname(importerRel);
    for (let i = 1; i < dots; i++) base = posix.dirname(base);
    return posix.normalize(posix.join(base, ...rest.split(".").filter(Boolean))) === target;
  }
  const names = moduleNames(targetRel);
  if (!names.includes(rest)) return false;
  // `import util` reaches src/util.py (and `import pkg`, pkg/__init__.py) only from a file in the
  // folder that holds it: a script's imports, or a project run from that folder.
  return rest.includes(".") || posix.dirname(importerRel) === posix.dirname(target);
}

export async function renamePythonImporter(source: string, importerRel: string, targetRel: string, from: string, to: string): Promise<RenameResult | null> {
  const r = await withTree(source, "python", (root) => renameIn(root, source, importerRel, targetRel, from, to));
  return r?.ok ? r.value : null;
}

interface Found {
  edits: Edit[];
  /** Imported unaliased: every use of the bare name is the target's. */
  local: boolean;
  /** Names through which the target module is reached (`util`, `pkg.util`, an alias). */
  modules: Set<string>;
}

function renameIn(root: SyntaxNode, source: string, importerRel: string, targetRel: string, from: string, to: string): RenameResult | null {
  const found: Found = { edits: [], local: false, modules: new Set() };
  for (const stmt of root.descendantsOfType(["import_from_statement", "import_statement"])) {
    if (stmt) readImport(stmt, importerRel, targetRel, from, to, found);
  }
  if (!found.edits.length && !found.modules.size) return null;
  for (const id of root.descendantsOfType("identifier")) {
    if (!id || id.text !== from || insideImport(id)) continue;
    const parent = id.parent;
    const field = parent ? fieldOf(id) : "";
    if (parent?.type === "attribute" && field === "attribute") {
      if (found.modules.has(parent.childForFieldName("object")?.text ?? "")) found.edits.push({ start: id.startIndex, end: id.endIndex, text: to });
      continue;
    }
    if (parent?.type === "keyword_argument" && field === "name") continue;
    if (found.local) found.edits.push({ start: id.startIndex, end: id.endIndex, text: to });
  }
  if (!found.edits.length) return null;
  // An `__init__.py` that imports the name unaliased passes it on: `from pkg import from` elsewhere.
  return { content: applyEdits(source, found.edits), reexports: found.local && /(^|\/)__init__\.py$/.test(importerRel) };
}

function readImport(stmt: SyntaxNode, importerRel: string, targetRel: string, from: string, to: string, found: Found): void {
  const names = stmt.childrenForFieldName("name").filter((n): n is SyntaxNode => !!n);
  if (stmt.type === "import_statement") {
    for (const n of names) {
      const dotted = n.type === "aliased_import" ? n.childForFieldName("name") : n;
      if (!dotted || !importsModule(importerRel, dotted.text, targetRel)) continue;
      found.modules.add(n.type === "aliased_import" ? (n.childForFieldName("alias")?.text ?? dotted.text) : dotted.text);
    }
    return;
  }
  const module = stmt.childForFieldName("module_name")?.text ?? "";
  const fromTarget = importsModule(importerRel, module, targetRel);
  for (const n of names) {
    const dotted = n.type === "aliased_import" ? n.childForFieldName("name") : n;
    if (!dotted) continue;
    if (fromTarget && dotted.text === from) {
      found.edits.push({ start: dotted.startIndex, end: dotted.endIndex, text: to });
      if (n.type !== "aliased_import") found.local = true;
    } else if (!fromTarget && importsModule(importerRel, `${module}${module.endsWith(".") ? "" : "."}${dotted.text}`, targetRel)) {
      // `from pkg import util`: the module itself, by its name or its alias.
      found.modules.add(n.type === "aliased_import" ? (n.childForFieldName("alias")?.text ?? dotted.text) : dotted.text);
    }
  }
}

function insideImport(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === "import_from_statement" || p.type === "import_statement") return true;
  return false;
}

function fieldOf(n: SyntaxNode): string {
  const p = n.parent!;
  for (let i = 0; i < p.childCount; i++) if (p.child(i)?.id === n.id) return p.fieldNameForChild(i) ?? "";
  return "";
}
