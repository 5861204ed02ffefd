import { allLanguages } from "../lang/languages.js";

/** Normalises a path a model wrote: quotes, backticks, `./`, leading slash, backslashes. */
export function normalizeNamedPath(p: string): string {
  return p
    .trim()
    .replace(/^[`'"*]+|[`'"*:,]+$/g, "")
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .replace(/^\/+/, "");
}

/**
 * Whether a path the answer names is the file we asked for. Models name it relative to the
 * project, relative to some folder, or by its base name only, so a suffix match on whole
 * segments counts; another file's name does not.
 */
export function samePath(named: string, wanted: string): boolean {
  const a = normalizeNamedPath(named).toLowerCase();
  const b = normalizeNamedPath(wanted).toLowerCase();
  if (!a) return true;
  return a === b || b.endsWith(`/${a}`) || a.endsWith(`/${b}`);
}

// Extensions a file name in prose may carry: the language table's, and the files around code.
const EXTENSIONS = new Set([
  ...allLanguages().flatMap((l) => l.extensions.map((e) => e.slice(1))),
  ...["txt", "rst", "ini", "cfg", "conf", "env", "lock", "xml", "csv", "tsv", "graphql", "gql", "proto", "bat", "ps1", "lua", "pl", "r", "dart", "scala", "ex", "exs", "erl", "hs", "ml", "zig", "nim", "jl", "mjs", "cjs", "gradle", "properties", "tf", "hcl", "patch", "diff", "svg", "astro", "njk", "hbs", "ejs", "erb", "j2", "tpl", "service", "plist", "in"],
]);
const BARE_NAMES = /^(?:Makefile|GNUmakefile|Dockerfile|Containerfile|Gemfile|Rakefile|Procfile|Justfile|Vagrantfile|Jenkinsfile|LICENSE|CODEOWNERS|\.[\w.-]+)$/;
// Products named like files: "a Node.js script" is not a file.
const PRODUCTS = /^(?:node|next|vue|nuxt|react|three|d3|chart|express|socket|ember|backbone|angular|alpine|p5|pixi|phaser|babylon|leaflet|moment|day|anime|deno|bun|ts-node|asp|vb|ado|signalr|entity)\.(?:js|ts|net|io|py)$/i;

/**
 * Whether a word is a file path: a known extension, a well-known extension-less name or dot
 * file, or the target itself. Versions ("3.10"), abbreviations ("e.g.") and products ("Node.js")
 * are not.
 */
export function isPathWord(word: string, target?: string): boolean {
  // Most words of a sentence: no dot, no slash, not a well-known name.
  if (!/[./\\]/.test(word) && !BARE_NAMES.test(word.replace(/[`'"*:,]/g, ""))) return false;
  const w = normalizeNamedPath(word);
  if (!w || !/^[\w.@/+-]+$/.test(w) || PRODUCTS.test(w)) return false;
  if (target && samePath(w, target) && /[./]/.test(w)) return true;
  const base = w.split("/").pop()!;
  if (BARE_NAMES.test(base) && /[A-Za-z]/.test(base)) return true;
  const dot = base.lastIndexOf(".");
  return dot > 0 && EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

// A lone path in a first-line comment: with an extension (`// src/a.ts`) or with a folder
// (`# .git/hooks/pre-commit`). A lone word (`// TODO`) is not a path.
const PATH_COMMENT = /^\s*(?:\/\/|#|--|;|\/\*|<!--)\s*(?:(?:file(?:name)?|path)\s*:\s*)?((?:[\w.@-]+[\\/])+[\w.@-]+|[\w./@\\-]+\.[A-Za-z0-9]{1,6})\s*(?:\*\/|-->)?\s*$/i;

/** A first line such as `// src/utils/slugify.ts` or `# file: a.py`: the path it names, else null. */
export function pathComment(line: string): string | null {
  const m = PATH_COMMENT.exec(line);
  return m ? m[1]! : null;
}
