import { posix } from "node:path";
import { builtinModules } from "node:module";

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

/** What the project says about bare specifiers (read by src/refactor/module-map.ts). */
export interface ModuleMap {
  /** Packages a package.json of the project declares from a registry: never one of its own files. */
  declared: ReadonlySet<string>;
  /** The names of the project's own packages: a workspace or a self-reference reaches its files. */
  own: ReadonlySet<string>;
  /** Specifiers a tsconfig/jsconfig maps by name (`paths` keys, `*` dropped): even a declared package may be a project file there. */
  mapped: ReadonlySet<string>;
  /** What maps bare specifiers to the project's files (`tsconfig.json paths`), or null when nothing does. */
  aliasedBy: string | null;
}

const BUILTINS = new Set(builtinModules);
/** `@scope/name` of `@scope/name/sub`, `name` of `name/sub`. */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/**
 * Why a bare specifier may be one of the project's own files, which the engine does not resolve;
 * null when it cannot be: a relative path (resolved by `importsTarget`), a Node builtin, or a
 * package the project declares that no alias maps. A `#` specifier is package.json `imports`, the
 * project's by definition; any other name may be a tsconfig `paths`/`baseUrl` alias or a workspace.
 */
export function unresolvedBare(specifier: string, map: ModuleMap): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/") || /^[a-z]+:/.test(specifier)) return null;
  const pkg = packageOf(specifier);
  if (specifier.startsWith("#")) return "a `#` specifier, which package.json `imports` maps to the project's own files";
  if (map.own.has(pkg)) return `the name of one of the project's own packages`;
  if (!map.aliasedBy || BUILTINS.has(pkg)) return null;
  // `"*": ["src/*"]` maps every name, a declared one too.
  const mapped = ["", pkg, `${pkg}/`].some((key) => map.mapped.has(key));
  if (map.declared.has(pkg) && !mapped) return null;
  return `a bare specifier that is no dependency the project declares, while ${map.aliasedBy} maps such specifiers to the project's own files`;
}
