import { extname } from "node:path";
import { isAlias, isCollection, isScalar, parseAllDocuments, visit, type Document } from "yaml";
import { parseModule } from "./babel.js";
import { firstProblem } from "./diagnose.js";
import type { Problem } from "./problem.js";
import { alternativeGrammars, jointReadings, knownGap, partialCheck, rewritesFor } from "./grammar-gaps.js";
import { showLines } from "./excerpt.js";
import { blankJsonc, jsonError, readsComments } from "./json-syntax.js";
import { languageInfo } from "./languages.js";
import { nativeCheck, runTool, type RunTool } from "./native-check.js";
import { newerSyntaxDoubt, type NewerRules } from "./newer-syntax.js";
import { PHP_NEWER } from "./syntax-php.js";
import { PYTHON_NEWER } from "./syntax-python.js";
import { RUBY_NEWER } from "./syntax-ruby.js";
import { withTree } from "./tree-sitter.js";

/**
 * Whether a file parses, and which checker said so. `checked: "none"` means nothing checked it
 * (no checker for the language, or its grammar could not be loaded: then `note` says why), which
 * is not the same as checked and fine; `native` that only the language's own checker did (its
 * grammar could not read the file). A failure's message is what the model's retry prompt shows:
 * `line L:C: <what>` and the line itself.
 */
export type SyntaxVerdict =
  | { ok: true; checked: "babel" | "json" | "yaml" | "tree-sitter" | "native" | "none"; note?: string }
  | { ok: false; message: string };

export interface CheckOptions {
  /** The file's name or path: its extension says how Node reads a .cjs or .mjs file, and the language's checker sees a copy under its name. */
  file?: string;
  /** Runs the language's own checker (tests replace it). */
  run?: RunTool;
}

export async function checkSyntax(content: string, language: string, options: CheckOptions = {}): Promise<SyntaxVerdict> {
  switch (languageInfo(language)?.checker) {
    case "babel":
      return checkJs(content, language, options.file);
    case "json": {
      const message = jsonError(readsComments(options.file) ? blankJsonc(content) : content);
      return message === null ? { ok: true, checked: "json" } : { ok: false, message };
    }
    case "yaml":
      return checkYaml(content);
    case "tree-sitter":
      return checkBoth(content, language, options);
    default:
      return { ok: true, checked: "none" };
  }
}

// Node reads a .cjs file as CommonJS whatever package.json says (`export` is a SyntaxError, a
// top-level `return` is fine) and a .mjs file as a module (strict: no `with`); a .js file either way.
const SOURCE_TYPES: Record<string, "commonjs" | "module"> = { ".cjs": "commonjs", ".mjs": "module", ".mts": "module" };

function checkJs(content: string, language: string, file: string | undefined): SyntaxVerdict {
  const sourceType = SOURCE_TYPES[extname(file ?? "").toLowerCase()] ?? "unambiguous";
  const parsed = parseModule(content, language, { sourceType });
  if (parsed.ok) return { ok: true, checked: "babel" };
  const { line, column } = parsed.error;
  const reason = sourceType === "commonjs" && /'import' and 'export' may appear only/.test(parsed.error.reason)
    ? "a .cjs file is CommonJS: use require() and module.exports, not import or export"
    : parsed.error.reason;
  return { ok: false, message: line ? `line ${line}:${column + 1}: ${reason}${showLines(content, line)}` : reason };
}

// A file may hold several documents (`---` between Kubernetes manifests): each is checked.
function checkYaml(content: string): SyntaxVerdict {
  const docs = parseAllDocuments(content);
  // A stream with no document (only comments) keeps its errors on itself.
  const err = "empty" in docs ? docs.errors[0] : docs.flatMap((d) => d.errors)[0];
  if (err) return { ok: false, message: `YAML: ${err.message.split("\n")[0]}` };
  for (const doc of docs) {
    const alias = unresolvedAlias(doc, content);
    if (alias) return { ok: false, message: `YAML: ${alias}` };
  }
  return { ok: true, checked: "yaml" };
}

/** An alias with no anchor of its name before it: the yaml library parses it, and fails only when the file is read. */
function unresolvedAlias(doc: Document.Parsed, content: string): string | null {
  const anchors = new Set<string>();
  let found: string | null = null;
  // Visited in the document's order, so an anchor is seen before the aliases that may use it.
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      if (anchors.has(node.source)) return undefined;
      const before = content.slice(0, node.range?.[0] ?? 0).split("\n");
      found = `alias *${node.source} has no anchor &${node.source} before it at line ${before.length}, column ${before.at(-1)!.length + 1}`;
      return visit.BREAK;
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.add(node.anchor);
    return undefined;
  });
  return found;
}

/**
 * The grammar's verdict, then the language's own checker's where it is installed: it refuses what
 * the grammar is lenient about, and accepts what the grammar is behind on. When both refuse, the
 * grammar's message stands (it names the line the way every language's does).
 */
async function checkBoth(content: string, language: string, options: CheckOptions): Promise<SyntaxVerdict> {
  const tree = await checkTree(content, language, options.file);
  // A checker only asked to accept has nothing to add to a file the grammar read.
  if (tree.ok && tree.checked !== "none" && languageInfo(language)?.native?.acceptOnly) return tree;
  const native = await nativeCheck(content, language, options.file, options.run ?? runTool);
  if (native.kind === "unavailable") return tree;
  if (native.kind === "passed") {
    if (tree.ok && tree.checked !== "none") return tree;
    return tree.ok && tree.note ? { ok: true, checked: "native", note: tree.note } : { ok: true, checked: "native" };
  }
  if (!tree.ok) return tree;
  const rules = DOUBTS[language];
  const doubt = rules ? await newerSyntaxDoubt(rules, content, native.problem, native.version) : null;
  if (doubt) return { ...tree, note: tree.note ? `${tree.note}; ${doubt}` : doubt };
  const p = native.problem;
  return { ok: false, message: `line ${p.row + 1}:${p.column + 1}: ${p.what}${showLines(content, p.row + 1)}` };
}

function parsed(language: string): SyntaxVerdict {
  const partial = partialCheck(language);
  return partial ? { ok: true, checked: "tree-sitter", note: partial } : { ok: true, checked: "tree-sitter" };
}

/** The problems of readings that must all parse (none when they do); null when there are none or a grammar could not be run. */
async function jointProblems(texts: string[] | null, grammar: string, file: string | undefined): Promise<Problem[] | null> {
  const problems: Problem[] = [];
  for (const text of texts ?? []) {
    const r = await withTree(text, grammar, (root) => firstProblem(root, grammar, text, file));
    if (r === null || !r.ok) return null;
    if (r.value) problems.push(r.value);
  }
  return texts ? problems : null;
}

/** Why a refusal by the language's own checker may be syntax newer than it, for the languages that move fast. */
const DOUBTS: Record<string, NewerRules> = { python: PYTHON_NEWER, php: PHP_NEWER, ruby: RUBY_NEWER };

async function checkTree(content: string, language: string, file: string | undefined): Promise<SyntaxVerdict> {
  const problems: Problem[] = [];
  for (const grammar of [language, ...alternativeGrammars(language)]) {
    const readings = [content];
    for (const rewrite of rewritesFor(grammar)) {
      const next = rewrite(readings.at(-1)!);
      if (next !== null) readings.push(next);
    }
    for (const text of readings) {
      const r = await withTree(text, grammar, (root) => firstProblem(root, grammar, text, file));
      if (r === null) return { ok: true, checked: "none" };
      if (!r.ok) return { ok: true, checked: "none", note: r.error.message };
      if (r.value === null) return parsed(language);
      problems.push(r.value);
    }
    const joint = await jointProblems(jointReadings(grammar, content), grammar, file);
    if (joint?.length === 0) return parsed(language);
    problems.push(...(joint ?? []));
  }
  // A reading that stops only where the grammar is known to be blind leaves the file unverified.
  for (const p of problems) {
    const gap = knownGap(language, p, content);
    if (gap) return { ok: true, checked: "none", note: gap };
  }
  // Each reading gets past some of the grammar's gaps: the mistake is where the furthest one stopped.
  const p = problems.reduce((a, b) => (b.row > a.row || (b.row === a.row && b.column > a.column) ? b : a));
  return { ok: false, message: `line ${p.row + 1}:${p.column + 1}: ${p.what}${showLines(content, p.row + 1, p.withPrevious)}` };
}
