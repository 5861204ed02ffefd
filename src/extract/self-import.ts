import { isPythonStdlib } from "../lang/python-stdlib.js";

// A block that imports the very file we asked for is code that uses it (a usage example, a
// caller), never the file: a module does not import itself. Prose that names the file right
// before such a block ("Here's how to use `utils.py`:") does not make it the file.

const JS = new Set(["javascript", "typescript", "tsx", "jsx"]);
const JS_SPEC = /(?:\bfrom\s*|\b(?:require|import)\s*\(\s*)["']([^"']+)["']/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]+)[ \t]+import\b/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)/gm;

/** The module paths the target answers to, as path segments: `src/utils/slugify`; a folder for an index or `__init__`. */
function modulePaths(target: string): string[][] {
  const segs = target.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\.[^./]+$/, "").split("/").filter(Boolean);
  const last = segs[segs.length - 1];
  return last === "index" || last === "__init__" ? [segs, segs.slice(0, -1)] : [segs];
}

/** Whether `spec` (segments) names the target: a whole-segment suffix of one of its module paths. */
function names(spec: readonly string[], target: string): boolean {
  if (!spec.length || spec.some((s) => !s)) return false;
  return modulePaths(target).some((p) => p.length >= spec.length && spec.every((s, i) => s === p[p.length - spec.length + i]));
}

/**
 * Whether the code imports the target itself. Only forms that cannot mean a neighbour of the
 * target count: a sibling (`./slugify`), a path with a folder (`../utils/slugify`,
 * `pkg.utils`), a bare Python module (`from utils import`). `../config` from `src/server/config.ts`
 * is another file.
 */
export function importsItself(code: string, target: string, language: string): boolean {
  if (JS.has(language)) {
    return [...code.matchAll(JS_SPEC)].some((m) => {
      const spec = m[1]!.replace(/\.(?:[cm]?[jt]sx?)$/, "");
      const parts = spec.split("/");
      if (parts[0] === ".") return names(parts.slice(1), target);
      const rest = parts.filter((p) => p !== "..");
      return parts[0] === ".." && rest.length >= 2 && names(rest, target);
    });
  }
  if (language !== "python") return false;
  // `import logging` in app/logging.py is the standard library's module, not the file's own.
  const own = (mod: string, relative: boolean) => (relative || !isPythonStdlib(mod)) && names(mod.split("."), target);
  const from = [...code.matchAll(PY_FROM)].some((m) => m[1]!.length <= 1 && own(m[2]!, m[1] === "."));
  return from || [...code.matchAll(PY_IMPORT)].some((m) => m[1]!.split(",").some((mod) => own(mod.trim(), false)));
}
