import { builtinModules } from "node:module";
import { parseModule, walk, type t } from "./babel.js";
import { languageInfo } from "./languages.js";
import { maskCode } from "./mask.js";
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
  /** Names the file imports from elsewhere. */
  imported: string[];
  /** Modules the file imports that are not the language's own library nor the project's files. */
  dependencies: string[];
  functions: number;
}

const FUNCTION_KINDS = /^(function|method|func|fn|def|constructor)$/;

/** The file's facts; null when its language has no parser here (nothing is then held against it). */
export async function fileFacts(source: string, language: string): Promise<FileFacts | null> {
  const names = await definedNames(source, language);
  if (names === null) return null;
  // A member counts by its own name too: a promised `total()` may be a method.
  const defined = names.flatMap((n) => (n.name.includes(".") ? [n, { ...n, name: n.name.slice(n.name.lastIndexOf(".") + 1) }] : [n]));
  if (languageInfo(language)?.checker === "babel") {
    const js = jsImports(source, language);
    return { defined, imported: js.imported, dependencies: js.dependencies, functions: js.functions };
  }
  const imports = otherImports(maskCode(source, language), source, language);
  return { defined, ...imports, functions: names.filter((n) => FUNCTION_KINDS.test(n.kind)).length };
}

function jsImports(source: string, language: string): { imported: string[]; dependencies: string[]; functions: number } {
  const parsed = parseModule(source, language, { sourceType: "unambiguous" });
  if (!parsed.ok) return { imported: [], dependencies: [], functions: 0 };
  const imported: string[] = [];
  const from: string[] = [];
  let functions = 0;
  walk(parsed.value.program, (node) => {
    if (node.type === "ImportDeclaration") {
      from.push(node.source.value);
      for (const s of node.specifiers) imported.push(s.local.name);
    } else if (node.type === "CallExpression" && isRequire(node)) {
      const arg = node.arguments[0];
      if (arg?.type === "StringLiteral") from.push(arg.value);
    } else if (/^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/.test(node.type)) {
      functions++;
    }
  });
  return { imported, dependencies: [...new Set(from.filter(isJsPackage))], functions };
}

function isRequire(node: t.CallExpression): boolean {
  return (node.callee.type === "Identifier" && node.callee.name === "require") || node.callee.type === "Import";
}

/** A bare specifier that is not one of Node's own modules: a package from npm. */
function isJsPackage(spec: string): boolean {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:") || spec.startsWith("#")) return false;
  return !builtinModules.includes(spec.split("/")[0]!);
}

function otherImports(masked: string, source: string, language: string): { imported: string[]; dependencies: string[] } {
  switch (language) {
    case "python":
      return pythonImports(masked);
    case "go":
      return { imported: [], dependencies: goImports(source).filter((p) => p.split("/")[0]!.includes(".")) };
    case "rust":
      return { imported: [], dependencies: rustCrates(masked) };
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
  const crates = [...masked.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use\s+(?:::)?(\w+)|extern\s+crate\s+(\w+))/gm)].map((m) => m[1] ?? m[2]!);
  return [...new Set(crates.filter((c) => !RUST_OWN.has(c)))];
}
