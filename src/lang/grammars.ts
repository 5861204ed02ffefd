import { allLanguages } from "./languages.js";

// Where each tree-sitter language's grammar comes from, as a path under node_modules/. The build
// copies each to `dist/grammars/` under its file name, and the runtime loads it from there
// (./tree-sitter.ts). Apart from the languages table, which the hook reads on every Write.

/** web-tree-sitter's own WebAssembly, shipped beside the grammars. */
export const TREE_SITTER_RUNTIME = "web-tree-sitter/tree-sitter.wasm";
const WASMS = "@cursorless/tree-sitter-wasms/out";

const GRAMMARS: Record<string, string> = {
  python: `${WASMS}/tree-sitter-python.wasm`,
  go: `${WASMS}/tree-sitter-go.wasm`,
  rust: `${WASMS}/tree-sitter-rust.wasm`,
  java: `${WASMS}/tree-sitter-java.wasm`,
  kotlin: `${WASMS}/tree-sitter-kotlin.wasm`,
  csharp: `${WASMS}/tree-sitter-c_sharp.wasm`,
  c: `${WASMS}/tree-sitter-c.wasm`,
  cpp: `${WASMS}/tree-sitter-cpp.wasm`,
  ruby: `${WASMS}/tree-sitter-ruby.wasm`,
  php: `${WASMS}/tree-sitter-php.wasm`,
  bash: `${WASMS}/tree-sitter-bash.wasm`,
  swift: `${WASMS}/tree-sitter-swift.wasm`,
  toml: "@tree-sitter-grammars/tree-sitter-toml/tree-sitter-toml.wasm",
  css: `${WASMS}/tree-sitter-css.wasm`,
  scss: `${WASMS}/tree-sitter-scss.wasm`,
  html: `${WASMS}/tree-sitter-html.wasm`,
};

/** The grammar of a tree-sitter language, as a path under node_modules/; undefined for others. */
export function grammarOf(language: string): string | undefined {
  return GRAMMARS[language];
}

/** Every file the tree-sitter languages need at run time, as paths under node_modules/. */
export function treeSitterFiles(): string[] {
  return [TREE_SITTER_RUNTIME, ...allLanguages().flatMap((l) => (l.checker === "tree-sitter" && GRAMMARS[l.id] ? [GRAMMARS[l.id]!] : []))];
}
