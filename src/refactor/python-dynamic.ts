import type { SyntaxNode } from "../lang/tree-sitter.js";
import { existsFor, wordPattern, type RenameJob } from "./edits.js";
import { mayNameTarget, resolveModule } from "./python-modules.js";

// `importlib.import_module("pkg.mod")` and `__import__("pkg.mod")` load a module by a string: what
// the file then does with it (`.validate`, `getattr(m, "validate")`) is more than the rename
// follows, so such a load of a target refuses the rename rather than leave the file behind.

/** Files that may load a module by a string: they are read even when they do not name the symbol. */
export const LOADS_BY_NAME = /\bimport_module\b|\b__import__\b/;

const at = (n: SyntaxNode) => `line ${n.startPosition.row + 1}`;

/**
 * Why the file cannot be renamed for loading a module by name, or null: a literal name of a
 * target (or of a module the engine cannot place whose last part is a target's); or, in a file
 * that mentions the old name anywhere, a package holding a target or a name it computes
 * (`import_module(name)`, an f-string).
 */
export function loadedByName(root: SyntaxNode, source: string, job: RenameJob): string | null {
  const mentions = wordPattern(job.from).test(source);
  for (const call of root.descendantsOfType("call")) {
    const fn = call?.childForFieldName("function");
    if (!call || !fn || !(fn.text === "__import__" || /(^|\.)import_module$/.test(fn.text))) continue;
    const name = literal(call.childForFieldName("arguments")?.namedChildren[0] ?? null);
    if (name === null) {
      if (mentions) return `loads a module by a name it computes (${at(call)}) and mentions \`${job.from}\`, so the engine cannot tell whether that is the renamed one`;
      continue;
    }
    if (namesTarget(name, job) || (mentions && holdsTarget(name, job))) return `loads \`${name}\` by name (${at(call)}), which the engine cannot follow: \`${fn.text}\` hands the module to code that may use \`${job.from}\``;
  }
  return null;
}

/** The text of a plain string, or null for anything else (a variable, an f-string with `{…}`, a keyword argument). */
function literal(n: SyntaxNode | null): string | null {
  if (n?.type !== "string") return null;
  const parts = n.namedChildren.filter((c) => c?.type !== "string_start" && c?.type !== "string_end");
  if (parts.length === 0) return "";
  return parts.length === 1 && parts[0]?.type === "string_content" ? parts[0].text : null;
}

/** Whether the module is a package holding a target: `__import__("pkg")` reaches `pkg.mod` as an attribute. */
function holdsTarget(name: string, job: RenameJob): boolean {
  const hit = name.startsWith(".") ? null : resolveModule(job.importerRel, name, existsFor(job));
  const dir = hit && /\/__init__\.pyi?$/.test(hit) ? hit.replace(/\/__init__\.pyi?$/, "/") : null;
  return dir !== null && [...job.targets].some((t) => t.startsWith(dir));
}

/** Whether a module name, as `import_module` gets it, may be a target. A relative one (`.mod`) is read against a `package` argument, so only its last part counts. */
function namesTarget(name: string, job: RenameJob): boolean {
  const hit = name.startsWith(".") ? null : resolveModule(job.importerRel, name, existsFor(job));
  // Placed: a target or not. Not placed (or relative): its last part decides.
  return hit !== null ? job.targets.has(hit) : mayNameTarget(name, job.targets);
}
