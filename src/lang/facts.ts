import { builtinModules } from "node:module";
import { parseModule, walk, type t } from "./babel.js";
import { languageInfo } from "./languages.js";
import { maskCode } from "./mask.js";
import { declaredNames } from "./declared.js";
import { definedNames } from "./names.js";
import { isPythonStdlib } from "./python-stdlib.js";

// What a written file holds, for holding it to the spec's promises: the names it defines (read
// from its syntax tree), the names it imports, the packages it depends on, and how many functions
// it has. Imports are read from the syntax tree for JavaScript/TypeScript and from masked code
// (comments and strings blanked) elsewhere.

/** What a written file holds, read from its syntax tree. */
export interface FileFacts {
  /** Names the file defines (top level and class members), with whether each is exported. */
  defined: { name: string; exported: boolean }[];
  /** Every name the file declares anywhere (an interface's methods, a function inside an `if`), exported or not. */
  declared: string[];
  /** Names the file imports from elsewhere. */
  imported: string[];
  /** Modules the file imports that are not the language's own library nor the project's files. */
  dependencies: string[];
  /** Packages the file imports only for their types (`import type`), and not otherwise. */
  typeDependencies: string[];
  functions: number;
}

export interface FactsOptions {
  /**
   * Whether a module the file imports is the project's own: a Python package in the project, a Go
   * package under go.mod's module path, the Cargo package itself. Not a dependency then.
   */
  isLocal?: (module: string, language: string) => boolean;
}

const FUNCTION_KINDS = /^(function|method|func|fn|def|constructor)$/;

/** The file's facts; null when its language has no parser here (nothing is then held against it). */
export async function fileFacts(source: string, language: string, options: FactsOptions = {}): Promise<FileFacts | null> {
  const names = await definedNames(source, language);
  if (names === null) return null;
  // A member counts by its own name too: a promised `total()` may be a method.
  const defined = names.flatMap((n) => (n.name.includes(".") ? [n, { ...n, name: n.name.slice(n.name.lastIndexOf(".") + 1) }] : [n]));
  const declared = [...(await declaredNames(source, language))];
  const isLocal = (module: string) => options.isLocal?.(module, language) ?? false;
  if (languageInfo(language)?.checker === "babel") return { defined, declared, ...jsImports(source, language, isLocal) };
  const imports = otherImports(maskCode(source, language), source, language, isLocal);
  return { defined, declared, ...imports, typeDependencies: [], functions: names.filter((n) => FUNCTION_KINDS.test(n.kind)).length };
}

type JsImports = Pick<FileFacts, "imported" | "dependencies" | "typeDependencies" | "functions">;

function jsImports(source: string, language: string, isLocal: (module: string) => boolean): JsImports {
  const parsed = parseModule(source, language, { sourceType: "unambiguous" });
  if (!parsed.ok) return { imported: [], dependencies: [], typeDependencies: [], functions: 0 };
  const imported: string[] = [];
  const from: string[] = [];
  const typesFrom: string[] = [];
  let functions = 0;
  walk(parsed.value.program, (node) => {
    if (node.type === "ImportDeclaration") {
      (typeOnly(node) ? typesFrom : from).push(node.source.value);
      for (const s of node.specifiers) imported.push(s.local.name);
    } else if ((node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") && node.source) {
      // `export * from "lodash"` depends on lodash as much as an import does.
      (node.exportKind === "type" ? typesFrom : from).push(node.source.value);
    } else if (node.type === "CallExpression" && isRequire(node)) {
      const arg = node.arguments[0];
      if (arg?.type === "StringLiteral") from.push(arg.value);
    } else if (/^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/.test(node.type)) {
      functions++;
    }
  });
  const packages = (specs: string[]) => [...new Set(specs.filter((s) => isJsPackage(s) && !isLocal(s)))];
  const dependencies = packages(from);
  return { imported, dependencies, typeDependencies: packages(typesFrom).filter((d) => !dependencies.includes(d)), functions };
}

/** `import type { A } from "x"`, `import { type A, type B } from "x"`: nothing of x at run time. */
function typeOnly(node: t.ImportDeclaration): boolean {
  if (node.importKind === "type" || node.importKind === "typeof") return true;
  return node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ImportSpecifier" && (s.importKind === "type" || s.importKind === "typeof"));
}

function isRequire(node: t.CallExpression): boolean {
  return (node.callee.type === "Identifier" && node.callee.name === "require") || node.callee.type === "Import";
}

/** A bare specifier that is not one of Node's own modules nor a path alias (`@/lib`, `~/types`): a package from npm. */
function isJsPackage(spec: string): boolean {
  if (/^(?:\.|\/|node:|#|@\/|~\/)/.test(spec)) return false;
  return !builtinModules.includes(spec.split("/")[0]!);
}

function otherImports(masked: string, source: string, language: string, isLocal: (module: string) => boolean): { imported: string[]; dependencies: string[] } {
  switch (language) {
    case "python": {
      const py = pythonImports(masked);
      return { imported: py.imported, dependencies: py.dependencies.filter((m) => !isLocal(m)) };
    }
    case "go":
      return { imported: [], dependencies: goImports(source).filter((p) => p.split("/")[0]!.includes(".") && !isLocal(p)) };
    case "rust":
      return { imported: [], dependencies: rustCrates(masked).filter((c) => !isLocal(c)) };
    default:
      return { imported: [], dependencies: [] };
  }
}

function pythonImports(masked: string): { imported: string[]; dependencies: string[] } {
  const imported: string[] = [];
  const modules: string[] = [];
  // `from m import a, b as c` on one line, or `from m import (\n a,\n b,\n)` over several.
  for (const m of masked.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]*(?:\(([^)]*)\)|([^\n(]+))/gm)) {
    modules.push(m[1]!);
    for (const part of (m[2] ?? m[3]!).split(",")) {
      const local = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (local && /^\w+$/.test(local)) imported.push(local);
    }
  }
  for (const m of masked.matchAll(/^[ \t]*import[ \t]+([\w., \t]+)$/gm)) {
    for (const part of m[1]!.split(",")) {
      const [mod, alias] = part.trim().split(/\s+as\s+/);
      if (mod) modules.push(mod);
      if (alias ?? mod) imported.push((alias ?? mod!).split(".")[0]!);
    }
  }
  const dependencies = modules.filter((m) => !m.startsWith(".")).map((m) => m.split(".")[0]!).filter((m) => !isPythonStdlib(m));
  return { imported, dependencies: [...new Set(dependencies)] };
}

/** Go import paths, read from the source since a path is a string (blanked in masked code). */
function goImports(source: string): string[] {
  const paths: string[] = [];
  for (const block of source.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) for (const p of block[1]!.matchAll(/"([^"]+)"/g)) paths.push(p[1]!);
  for (const one of source.matchAll(/^import\s+(?:\w+\s+)?"([^"]+)"/gm)) paths.push(one[1]!);
  return paths;
}

const RUST_OWN = new Set(["std", "core", "alloc", "crate", "self", "super", "proc_macro", "test"]);

function rustCrates(masked: string): string[] {
  // `mod helpers;` (or `mod helpers { … }`) declares a module of this crate: `use helpers::…` is not a crate.
  const modules = new Set([...masked.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)/gm)].map((m) => m[1]!));
  const crates = [...masked.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use\s+(?:::)?(\w+)|extern\s+crate\s+(\w+))/gm)].map((m) => m[1] ?? m[2]!);
  return [...new Set(crates.filter((c) => !RUST_OWN.has(c) && !modules.has(c)))];
}
