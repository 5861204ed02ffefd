import { extname } from "node:path";

// The one table of the languages local-delegate knows: how a file's language is told from its
// name, which fence tags a model uses for it, which files hold tests, and what checks its syntax.
// Every stage asks this module; none keeps its own switch over language names. (How tests are
// written there is prompt text, in ./conventions.ts, kept out of the hook's bundle.)

export interface Language {
  /** The id used everywhere else: specs' `language`, prompts, the syntax gate. */
  id: string;
  /** As people write it, for prompts and messages. */
  name: string;
  extensions: readonly string[];
  /** Fence info strings a model may use for it, the usual one first. */
  fenceTags: readonly string[];
  /** File paths that hold tests by the ecosystem's convention. */
  testFiles?: RegExp;
  /** What checks a file's syntax in process (`src/lang/syntax.ts`); none when absent. */
  checker?: "babel" | "json" | "yaml" | "tree-sitter";
  /** The language's own syntax checker, run on a copy of the file when installed (src/lang/native-check.ts). */
  native?: NativeCheck;
}

/**
 * A command that reads a file the way the language does and exits non-zero naming the line of its
 * first error. It must only parse the file, never run it: the file is a model's answer.
 */
export interface NativeCheck {
  /** The command line; `{file}` is the path of the copy (same name as the file, in a folder of its own). */
  argv: readonly string[];
  /** Below this version (from `<tool> --version`) a refusal may be newer syntax it does not know: not run. */
  minVersion?: string;
  /** Files it is not the checker of (a script for another shell). */
  skip?: RegExp;
  /** The file is given on standard input (no `{file}`): the checker then reads no other file. */
  stdin?: boolean;
  /** Command lines tried in turn when `argv` refuses the file (the language's other editions). */
  orElse?: readonly (readonly string[])[];
  /** Only its pass is taken, to accept what the grammar is behind on: its refusal gives no verdict. */
  acceptOnly?: boolean;
  /** Output that is a refusal though the checker exits 0. */
  refusesWith?: RegExp;
}

// compile() parses and compiles without running anything; its SyntaxError is printed as
// `file:line:column: Kind: message`, the way the other checkers print theirs. `-I`: no user site,
// no PYTHON* variables, nothing imported from the working folder.
const PY_COMPILE = [
  "import sys",
  "p = sys.argv[1]",
  "try:",
  "    compile(open(p, encoding='utf-8').read(), p, 'exec', dont_inherit=True)",
  "except SyntaxError as e:",
  "    sys.stderr.write(f'{p}:{e.lineno or 0}:{e.offset or 0}: {type(e).__name__}: {e.msg}\\n')",
  "    sys.exit(1)",
].join("\n");

// Python 3.8 for the walrus and positional-only parameters models use freely (newer syntax than
// the local python3 is handled where its verdict is read, src/lang/syntax-python.ts). Ruby 3.0 and
// bash 4 for the syntax models write today; macOS ships Ruby 2.6 and bash 3.2, which would refuse it.
const PYTHON: NativeCheck = { argv: ["python3", "-I", "-c", PY_COMPILE, "{file}"], minVersion: "3.8" };
// tomllib (3.11+) is TOML's reference reading in every Python: the grammar reads a table declared
// twice through dotted keys, `[[a]]` then `[a]`, or an inline table extended later, which it refuses.
const TOML_LOAD = [
  "import re, sys, tomllib",
  "p = sys.argv[1]",
  "try:",
  "    tomllib.load(open(p, 'rb'))",
  "except tomllib.TOMLDecodeError as e:",
  "    m = re.search(r' \\(at line (\\d+), column (\\d+)\\)$', str(e))",
  "    line, col = (m.group(1), m.group(2)) if m else (str(open(p, 'rb').read().count(b'\\n') or 1), '0')",
  "    msg = str(e)[: m.start()] if m else str(e).split(' (at end')[0]",
  "    sys.stderr.write(f'{p}:{line}:{col}: {msg}\\n')",
  "    sys.exit(1)",
].join("\n");
const TOML: NativeCheck = { argv: ["python3", "-I", "-c", TOML_LOAD, "{file}"], minVersion: "3.11" };
const RUBY: NativeCheck = { argv: ["ruby", "-c", "{file}"], minVersion: "3.0" };
// bash -n only warns of a here-document never terminated (exit 0), and bash would run the rest of
// the file as its text: a cut answer or an indented terminator (ShellCheck's SC1044 error).
const BASH: NativeCheck = {
  argv: ["bash", "-n", "{file}"],
  minVersion: "4.0",
  skip: /^#!.*\b(zsh|fish|csh|tcsh|ksh|mksh|pwsh)\b/,
  refusesWith: /: warning: here-document at line \d+ delimited by end-of-file/,
};
// `-l`: print only the name of a file it would reformat, not the whole file.
const GO: NativeCheck = { argv: ["gofmt", "-e", "-l", "{file}"] };
// `php -l` compiles without running: it sees what the grammar cannot (a `declare` or `namespace`
// after a line of text, a method declared twice). `-n`: no php.ini, so its display and log
// settings cannot hide the error and its extensions are not loaded; short tags off, so `<?xml` in
// a template stays text. 8.2 for the syntax models write today (readonly classes, DNF types);
// syntax newer than the local php is handled where its verdict is read (src/lang/syntax-php.ts).
const PHP: NativeCheck = {
  argv: ["php", "-n", "-d", "display_errors=stderr", "-d", "log_errors=0", "-d", "short_open_tag=0", "-l", "{file}"],
  minVersion: "8.2",
  // With no `<?` the file is all text, which php -l always passes: the grammar's verdict stands.
  skip: /^(?![\s\S]*<\?)/,
};

// rustfmt parses with rustc's parser and runs nothing (no build script, no macro). On standard
// input it follows no `mod` or `#[path]` to other files (given a path it would read and rewrite
// them). Edition 2024 reserves `gen` (rand's `rng.gen()`) and 2021 has no let chains: either will
// do. Only its pass is taken: a rustfmt older than the project's Rust cannot be told from a mistake.
const RUSTFMT = (edition: string) => ["rustfmt", "--edition", edition, "--emit", "stdout"];
const RUST: NativeCheck = { argv: RUSTFMT("2024"), orElse: [RUSTFMT("2021")], stdin: true, acceptOnly: true };

const LANGUAGES: readonly Language[] = [
  { id: "typescript", name: "TypeScript", extensions: [".ts", ".mts", ".cts"], fenceTags: ["typescript", "ts", "mts", "cts"], testFiles: /(\.|_)(test|spec)\.[cm]?ts$|(^|\/)__tests__\//, checker: "babel" },
  { id: "tsx", name: "TypeScript (TSX)", extensions: [".tsx"], fenceTags: ["tsx", "typescript", "ts", "jsx"], testFiles: /(\.|_)(test|spec)\.tsx$|(^|\/)__tests__\//, checker: "babel" },
  { id: "javascript", name: "JavaScript", extensions: [".js", ".mjs", ".cjs"], fenceTags: ["javascript", "js", "mjs", "cjs", "node"], testFiles: /(\.|_)(test|spec)\.[cm]?js$|(^|\/)__tests__\//, checker: "babel" },
  { id: "jsx", name: "JavaScript (JSX)", extensions: [".jsx"], fenceTags: ["jsx", "javascript", "js", "tsx"], testFiles: /(\.|_)(test|spec)\.jsx$|(^|\/)__tests__\//, checker: "babel" },
  { id: "json", name: "JSON", extensions: [".json"], fenceTags: ["json", "jsonc"], checker: "json" },
  { id: "yaml", name: "YAML", extensions: [".yaml", ".yml"], fenceTags: ["yaml", "yml"], checker: "yaml" },
  { id: "markdown", name: "Markdown", extensions: [".md", ".mdx"], fenceTags: ["markdown", "md", "mdx"] },
  { id: "python", name: "Python", extensions: [".py", ".pyi"], fenceTags: ["python", "py", "python3"], testFiles: /(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)tests?\/.*\.py$/, checker: "tree-sitter", native: PYTHON },
  { id: "go", name: "Go", extensions: [".go"], fenceTags: ["go", "golang"], testFiles: /_test\.go$/, checker: "tree-sitter", native: GO },
  { id: "rust", name: "Rust", extensions: [".rs"], fenceTags: ["rust", "rs"], testFiles: /(^|\/)tests\/[^/]*\.rs$/, checker: "tree-sitter", native: RUST },
  { id: "java", name: "Java", extensions: [".java"], fenceTags: ["java"], testFiles: /Tests?\.java$|(^|\/)src\/test\//, checker: "tree-sitter" },
  { id: "kotlin", name: "Kotlin", extensions: [".kt", ".kts"], fenceTags: ["kotlin", "kt", "kts"], testFiles: /Tests?\.kt$|(^|\/)src\/test\//, checker: "tree-sitter" },
  { id: "csharp", name: "C#", extensions: [".cs"], fenceTags: ["csharp", "cs", "c#"], testFiles: /Tests?\.cs$/, checker: "tree-sitter" },
  { id: "c", name: "C", extensions: [".c", ".h"], fenceTags: ["c", "h"], testFiles: /(^|\/)tests?\/[^/]*\.c$|_test\.c$|test_[^/]*\.c$/, checker: "tree-sitter" },
  { id: "cpp", name: "C++", extensions: [".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"], fenceTags: ["cpp", "c++", "cc", "cxx", "hpp"], testFiles: /(^|\/)tests?\/[^/]*\.(cpp|cc)$|_test\.(cpp|cc)$/, checker: "tree-sitter" },
  { id: "ruby", name: "Ruby", extensions: [".rb"], fenceTags: ["ruby", "rb"], testFiles: /_spec\.rb$|(^|\/)test_[^/]*\.rb$|_test\.rb$/, checker: "tree-sitter", native: RUBY },
  { id: "php", name: "PHP", extensions: [".php"], fenceTags: ["php"], testFiles: /Test\.php$/, checker: "tree-sitter", native: PHP },
  { id: "bash", name: "Bash", extensions: [".sh", ".bash"], fenceTags: ["bash", "sh", "shell", "zsh"], testFiles: /\.bats$|(^|\/)tests?\/.*\.sh$/, checker: "tree-sitter", native: BASH },
  { id: "swift", name: "Swift", extensions: [".swift"], fenceTags: ["swift"], testFiles: /Tests?\.swift$|(^|\/)Tests\//, checker: "tree-sitter" },
  { id: "toml", name: "TOML", extensions: [".toml"], fenceTags: ["toml"], checker: "tree-sitter", native: TOML },
  { id: "css", name: "CSS", extensions: [".css"], fenceTags: ["css"], checker: "tree-sitter" },
  { id: "scss", name: "SCSS", extensions: [".scss"], fenceTags: ["scss", "sass", "css"], checker: "tree-sitter" },
  { id: "html", name: "HTML", extensions: [".html", ".htm"], fenceTags: ["html", "htm"], checker: "tree-sitter" },
  { id: "sql", name: "SQL", extensions: [".sql"], fenceTags: ["sql"] },
  { id: "vue", name: "Vue", extensions: [".vue"], fenceTags: ["vue", "html"] },
  { id: "svelte", name: "Svelte", extensions: [".svelte"], fenceTags: ["svelte", "html"] },
];

const BY_ID = new Map(LANGUAGES.map((l) => [l.id, l]));
const BY_EXTENSION = new Map(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l.id] as const)));

/** Every language in the table. */
export function allLanguages(): readonly Language[] {
  return LANGUAGES;
}

/** The language of a file from its extension; `text` when unknown. */
export function inferLanguage(file: string): string {
  return BY_EXTENSION.get(extname(file).toLowerCase()) ?? "text";
}

/** The table's entry for a language id, if it has one. */
export function languageInfo(id: string): Language | undefined {
  return BY_ID.get(id);
}

/** Fence tags a model may reasonably use for a language (for choosing among several blocks). */
export function fenceTagsFor(language: string): string[] {
  return [...(BY_ID.get(language)?.fenceTags ?? [language])];
}

/** Whether a project-relative path holds tests by its ecosystem's convention. */
export function isTestFile(rel: string): boolean {
  const lang = BY_ID.get(inferLanguage(rel));
  return lang?.testFiles?.test(rel.replace(/\\/g, "/")) ?? false;
}
