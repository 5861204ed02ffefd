import { posix } from "node:path";

// Which file a Python module name, as written in an importer, stands for. Python looks a module
// up on sys.path, which the engine cannot know; it tries the places a project is run from: the
// importer's own folder (a script's sys.path[0]), each folder above it up to the project root
// (pytest's rootdir, `python -m` from there), and `src/` beside each (the src layout). The first
// place that has the module wins, as on sys.path.

/** The files a module path (`pkg/mod`, no extension) may be: a module, a stub, a package. */
const forms = (path: string): string[] => [`${path}.py`, `${path}.pyi`, `${path}/__init__.py`, `${path}/__init__.pyi`].map((p) => p.replace(/^\//, ""));

/** The folders an absolute import in `importerRel` is looked up from, in order. */
function roots(importerRel: string): string[] {
  const up: string[] = [];
  for (let d = posix.dirname(importerRel); ; d = posix.dirname(d)) {
    up.push(d === "." ? "" : d);
    if (d === "." || d === "/") break;
  }
  return [...new Set([...up, ...up.map((d) => posix.join(d, "src"))])];
}

/**
 * The project file `module` names when written in `importerRel` (`pkg.mod`, `.mod`, `..pkg`), or
 * null when it names none (a third-party or standard module, or one the engine cannot place).
 * `exists` tells which files the project has.
 */
export function resolveModule(importerRel: string, module: string, exists: (rel: string) => boolean): string | null {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split(".").filter(Boolean);
  if (dots > 0) {
    // `.` is the importer's package, each further dot one package up; none above the project.
    const folders = importerRel.split("/").slice(0, -1);
    if (dots - 1 > folders.length) return null;
    return forms([...folders.slice(0, folders.length - (dots - 1)), ...parts].join("/")).find(exists) ?? null;
  }
  if (!parts.length) return null;
  for (const root of roots(importerRel)) {
    const hit = forms(posix.join(root, ...parts)).find(exists);
    if (hit) return hit;
  }
  return null;
}

/** Whether `module`, written in `importerRel`, names one of `targets` (the only files known to exist without `exists`). */
export function importsModule(importerRel: string, module: string, targets: ReadonlySet<string>, exists?: (rel: string) => boolean): boolean {
  const hit = resolveModule(importerRel, module, exists ?? ((rel) => targets.has(rel)));
  return hit !== null && targets.has(hit);
}

/** `module` joined with a name imported from it: `pkg` + `mod` is `pkg.mod`, `.` + `mod` is `.mod`. */
export function submodule(module: string, name: string): string {
  return `${module}${module.endsWith(".") ? "" : "."}${name}`;
}

/**
 * Whether a module the engine could not place may still be one of the targets: its last part is a
 * target's name (`app.util` for `util.py` or `util/__init__.py`). Such an import is run from a
 * sys.path the engine does not know, so it cannot tell, and refuses rather than guess.
 */
export function mayNameTarget(module: string, targets: ReadonlySet<string>): boolean {
  const last = module.split(".").filter(Boolean).at(-1);
  if (!last) return false;
  return [...targets].some((t) => posix.basename(t.replace(/\/__init__\.pyi?$/, "").replace(/\.pyi?$/, "")) === last);
}
