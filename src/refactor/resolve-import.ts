import { posix } from "node:path";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * Whether a relative import specifier in `importerRel` names `targetRel` (paths relative to the
 * project, forward slashes). Covers extensionless imports, TypeScript's `.js` for `.ts`, and
 * folder `index` files.
 */
export function importsTarget(importerRel: string, specifier: string, targetRel: string): boolean {
  if (!specifier.startsWith(".")) return false;
  // `./lib/`, `.` and `..` name a folder: only its index file, and normalize keeps the slash.
  const folderOnly = specifier.endsWith("/") || /(^|\/)\.\.?$/.test(specifier);
  const base = posix.normalize(posix.join(posix.dirname(importerRel), specifier)).replace(/\/+$/, "");
  const target = posix.normalize(targetRel);
  if (base === target && !folderOnly) return true;
  const ext = folderOnly ? "" : posix.extname(base);
  const stem = EXTENSIONS.includes(ext) ? base.slice(0, -ext.length) : base;
  const targetExt = posix.extname(target);
  const targetStem = target.slice(0, -targetExt.length);
  if (!EXTENSIONS.includes(targetExt)) return false;
  return (!folderOnly && stem === targetStem) || `${stem}/index` === targetStem;
}

/**
 * Whether a specifier the engine does not resolve (a path alias such as `@/lib/date`, a baseUrl
 * path) may still name a target: a path whose last part is the target's file name, or its folder
 * for an index file. Bare package names (`date-fns`) and `node:` modules never do.
 */
export function mayNameTarget(specifier: string, targets: ReadonlySet<string>): boolean {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || !specifier.includes("/")) return false;
  const last = posix.basename(specifier).replace(/\.[cm]?[jt]sx?$/, "");
  return [...targets].some((t) => {
    const stem = posix.basename(t).replace(/\.[^.]+$/, "");
    return stem === last || (stem === "index" && posix.basename(posix.dirname(t)) === last);
  });
}
