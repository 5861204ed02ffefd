import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Language as Grammar, Node, Parser } from "web-tree-sitter";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { grammarOf, TREE_SITTER_RUNTIME } from "./grammars.js";

// The tree-sitter parsers, loaded lazily: web-tree-sitter (its JS and its 200 KB of WebAssembly)
// only when a file of a tree-sitter language is first checked, and of the grammars only the one
// for that file, each compiled once per process. The import stays dynamic, so the bundler keeps
// web-tree-sitter in its own chunk and commands that never parse such a file never load it; the
// hook never reaches this module at all.

export type { Node as SyntaxNode } from "web-tree-sitter";

type Runtime = typeof import("web-tree-sitter");

let runtime: Promise<Result<Runtime>> | undefined;
const parsers = new Map<string, Promise<Result<Parser>>>();

/**
 * Parses `source` and hands the root of its tree to `use`, then frees the tree (it lives in the
 * WebAssembly heap, not the JS one). Null when the language has no grammar; a failure when the
 * grammar could not be loaded (a damaged install), so a caller never mistakes that for "no error".
 */
export async function withTree<T>(source: string, language: string, use: (root: Node) => T): Promise<Result<T> | null> {
  const grammar = grammarOf(language);
  if (!grammar) return null;
  const parser = await parserFor(grammar);
  if (!parser.ok) return parser;
  const tree = parser.value.parse(source);
  if (!tree) return fail("INTERNAL", `the ${language} parser gave no tree`);
  try {
    return ok(use(tree.rootNode));
  } finally {
    tree.delete();
  }
}

function parserFor(grammar: string): Promise<Result<Parser>> {
  let p = parsers.get(grammar);
  if (!p) {
    p = loadParser(grammar);
    parsers.set(grammar, p);
  }
  return p;
}

async function loadParser(grammar: string): Promise<Result<Parser>> {
  const rt = await loadRuntime();
  if (!rt.ok) return rt;
  const file = wasmFile(grammar);
  if (!file) return fail("INTERNAL", `the grammar ${basename(grammar)} is missing from this install`, { hint: "reinstall the plugin" });
  try {
    const language: Grammar = await rt.value.Language.load(file);
    const parser = new rt.value.Parser();
    parser.setLanguage(language);
    return ok(parser);
  } catch (e) {
    return fail("INTERNAL", `the grammar ${basename(grammar)} could not be loaded: ${describeThrown(e)}`);
  }
}

function loadRuntime(): Promise<Result<Runtime>> {
  runtime ??= (async () => {
    const file = wasmFile(TREE_SITTER_RUNTIME);
    if (!file) return fail("INTERNAL", "tree-sitter.wasm is missing from this install", { hint: "reinstall the plugin" });
    try {
      const mod = await import("web-tree-sitter");
      // The runtime finds its .wasm beside its own JS by default, which is wrong once bundled.
      await mod.Parser.init({ locateFile: (name: string) => (name === "tree-sitter.wasm" ? file : name) });
      return ok(mod);
    } catch (e) {
      return fail("INTERNAL", `tree-sitter could not start: ${describeThrown(e)}`);
    }
  })();
  return runtime;
}

/**
 * Where a WebAssembly file is: in `grammars/` beside the bundle (dist/, where the build copies
 * them), else in node_modules above this file (running from src/ under vitest).
 */
function wasmFile(nodeModulesPath: string): string | null {
  const here = fileURLToPath(import.meta.url);
  const bundled = join(dirname(here), "grammars", basename(nodeModulesPath));
  if (existsSync(bundled)) return bundled;
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", nodeModulesPath);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
