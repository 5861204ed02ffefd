import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { nestedProjectOf } from "../project/root.js";
import { resolveInProject, type ProjectPath } from "../project/safe-path.js";
import { wordPattern, type RenameJob, type RenameResult } from "../refactor/edits.js";
import { renameImportedSymbol } from "../refactor/rename-imports.js";
import { COMPUTED_LOAD } from "../refactor/js-bare.js";
import { isModuleConfig, MODULE_CONFIGS, readModuleMap } from "../refactor/module-map.js";
import { LOADS_BY_NAME } from "../refactor/python-dynamic.js";
import { renamePythonImporter } from "../refactor/rename-python.js";
import type { TaskSpec } from "../spec/load.js";
import { inferLanguage } from "../lang/languages.js";
import { realOrSelf } from "../util/fs.js";
import { checkSyntax } from "../lang/syntax.js";
import { sha256 } from "../write/manifest.js";
import type { Transaction } from "../write/transaction.js";
import type { RunLocks } from "./run-locks.js";

interface Family {
  sources: string[];
  /** Files that say how the family's modules are found (`readModuleMap`), globbed with the sources. */
  configs: string[];
  /** Cheap filter before parsing: could this file use the symbol, or pass a module on whole (`export *`, `import *`)? */
  mayUse: (text: string, from: string) => boolean;
  rename: (text: string, language: string, job: RenameJob) => Promise<Result<RenameResult | null>>;
  /** Whether the file may load a module by a name other than its file's (an alias, `import_module(name)`): parsed even so. */
  loadsUnnamed: (text: string, job: Omit<RenameJob, "importerRel">) => boolean;
}

/** The files that can import a module of each family, and how one of them is renamed in. */
const JS: Family = {
  sources: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
  configs: MODULE_CONFIGS,
  mayUse: (text, from) => text.includes(from) || /\bexport\s*\*|module\.exports\s*=\s*require\b|\.\.\.\s*require\s*\(|Object\.assign\s*\(\s*module\.exports\b/.test(text),
  rename: async (text, language, job) => renameImportedSymbol(text, language, job),
  loadsUnnamed: (text, { modules }) => COMPUTED_LOAD.test(text) || (!!modules && (modules.aliasedBy !== null || /["'`]#/.test(text) || [...modules.own].some((n) => text.includes(n)))),
};
const PYTHON: Family = {
  sources: ["**/*.{py,pyi}"],
  configs: [],
  mayUse: (text, from) => text.includes(from) || /\bimport\s*\*/.test(text) || LOADS_BY_NAME.test(text),
  rename: (text, _language, job) => renamePythonImporter(text, job),
  loadsUnnamed: (text) => LOADS_BY_NAME.test(text),
};
const FAMILIES: Record<string, Family> = { javascript: JS, jsx: JS, typescript: JS, tsx: JS, python: PYTHON };
/** Hidden folders of tools' output and caches: generated, never an importer to keep working. */
const HIDDEN_OUTPUT = [".next", ".nuxt", ".svelte-kit", ".output", ".turbo", ".cache", ".parcel-cache", ".vite", ".angular", ".docusaurus", ".expo", ".vercel", ".netlify", ".yarn", ".pnpm-store", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"].map((d) => `**/${d}/**`);
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/dist/**", "**/build/**", "**/coverage/**", "**/.venv/**", "**/venv/**", "**/__pycache__/**", "**/.claude/**", ...HIDDEN_OUTPUT];
/** A rename that reaches more files than this is not an atomic task. */
const MAX_FILES = 200;
/** More files of the family than this are not searched: the rename is refused rather than cut short. */
const MAX_SCAN = 5_000;

export interface PlannedWrite {
  where: ProjectPath;
  content: string;
  /** The hash of the file as read, which `content` is built on: a file changed since is not written over. */
  read: string;
}

/**
 * After the model renamed a symbol in its file, the engine (not the model) updates every file that
 * imports it, through the same transaction so a failed verification restores them all. Each under
 * the run's lock on it (taken when the run started; one found only now is taken here, or refused).
 */
export async function applyRename(spec: TaskSpec, txn: Transaction, locks: RunLocks): Promise<Result<string[]>> {
  const plan = await planRename(spec);
  if (!plan.ok) return plan;
  const locked = await locks.extend(plan.value.map((p) => p.where));
  if (!locked.ok) return locked;
  for (const p of plan.value) {
    const w = txn.write(p.where, p.content, p.read);
    if (!w.ok) return w;
  }
  return ok(plan.value.map((p) => p.where.rel));
}

/**
 * The importers' new contents, or why the rename cannot be done whole. It depends only on the
 * spec and the project, not on the model's answer, so it can also run before the model is called.
 * Files that re-export the symbol pass the rename on to their own importers: they join the
 * targets until no new one appears, then every importer is renamed against all of them.
 */
export async function planRename(spec: TaskSpec): Promise<Result<PlannedWrite[]>> {
  const rename = spec.rename;
  const family = FAMILIES[spec.language];
  if (!rename || !family) return ok([]);
  // Symlinks are not followed: a linked folder may lead out of the project. Hidden folders are
  // searched: `.storybook/`, `.vitepress/` and `.github/` scripts import the project's modules.
  const found = globSync([...family.sources, ...family.configs], { cwd: spec.root, ignore: IGNORE, dot: true, followSymbolicLinks: false });
  const files = found.filter((rel) => !isModuleConfig(rel));
  if (files.length > MAX_SCAN) return tooMany(files.length, rename.from);
  // The renamed file as the search lists it and importers reach it: by its real path, when the
  // spec names it through a link inside the project (`lib/date.ts` for `src/date.ts`).
  const own = spec.output.real ?? spec.output.rel;
  const texts = new Map<string, string>();
  const hashes = new Map<string, string>();
  const notUtf8 = new Set<string>();
  for (const rel of files) {
    if (rel === own) continue;
    const text = readText(join(spec.root, rel));
    if (!text.ok) return fail("IO", `cannot read ${rel} to see whether it uses \`${rename.from}\`: ${text.error}`, { field: "rename" });
    if (!family.mayUse(text.value.text, rename.from)) continue;
    texts.set(rel, text.value.text);
    hashes.set(rel, text.value.sha256);
    if (!text.value.utf8) notUtf8.add(rel);
  }
  const stale = declarations(own).find((d) => texts.has(d) && wordPattern(rename.from).test(texts.get(d)!));
  if (stale) {
    return fail("SPEC_INVALID", `\`${rename.from}\` is also declared in ${stale}, beside the renamed file, and the engine does not rename declarations; every file is left as it was`, {
      field: "rename",
      hint: `rename it in ${stale} yourself, or delegate that file's change too`,
    });
  }
  const project = new Set(files);
  const modules = family === JS ? readModuleMap(spec.root, found) : undefined;
  const targets = new Set([own]);
  for (;;) {
    const results = await renameAll(family, texts, { targets, from: rename.from, to: rename.to, exists: (rel) => project.has(rel), modules });
    if (!results.ok) return results;
    const fresh = [...results.value].filter(([rel, r]) => r.reexports && !targets.has(rel));
    if (!fresh.length) return writesFor(spec, results.value, texts, notUtf8, hashes);
    for (const [rel] of fresh) targets.add(rel);
    if (targets.size > MAX_FILES + 1) return tooFar();
  }
}

/**
 * Every candidate renamed against the targets known so far. A file refused now may be fine once
 * more re-exporters are known (it imports the name from one not yet found), so the refusal that
 * counts is the one of the last round; a round that finds a new re-exporter is followed by another.
 */
async function renameAll(family: Family, texts: Map<string, string>, job: Omit<RenameJob, "importerRel">): Promise<Result<Map<string, RenameResult>>> {
  const out = new Map<string, RenameResult>();
  let refused: Result<never> | null = null;
  const stems = [...job.targets].map((t) => t.replace(/^.*\//, "").replace(/\.[^.]+$/, ""));
  const anyFile = stems.some((s) => s === "index" || s === "__init__");
  for (const [rel, text] of texts) {
    // Cheap filter before parsing: the file must name one of the targets' modules.
    if (!anyFile && !stems.some((s) => text.includes(s)) && !family.loadsUnnamed(text, job)) continue;
    const r = await family.rename(text, inferLanguage(rel), { ...job, targets: new Set([...job.targets].filter((t) => t !== rel)), importerRel: rel });
    if (!r.ok) refused ??= r;
    else if (r.value) out.set(rel, r.value);
  }
  const fresh = [...out].some(([rel, r]) => r.reexports && !job.targets.has(rel));
  return refused && !fresh ? refused : ok(out);
}

async function writesFor(spec: TaskSpec, results: Map<string, RenameResult>, texts: Map<string, string>, notUtf8: ReadonlySet<string>, hashes: ReadonlyMap<string, string>): Promise<Result<PlannedWrite[]>> {
  const changed = [...results].filter(([rel, r]) => r.content !== texts.get(rel));
  if (changed.length > MAX_FILES) return tooFar();
  const out: PlannedWrite[] = [];
  for (const [rel, r] of changed) {
    // Read with U+FFFD in place of its other bytes: written back, they would be lost for good.
    if (notUtf8.has(rel)) {
      return fail("SPEC_INVALID", `${rel} uses \`${spec.rename!.from}\` but is not UTF-8 text, so the engine cannot rewrite it without changing its other bytes; every file is left as it was`, {
        field: "rename",
        hint: `convert ${rel} to UTF-8, or rename it there yourself`,
      });
    }
    const syntax = await checkSyntax(r.content, inferLanguage(rel), { file: rel });
    if (!syntax.ok) return fail("VERIFY_FAILED", `renaming in ${rel} broke its syntax: ${syntax.message}`);
    const where = resolveInProject(spec.root, rel, "rename");
    if (!where.ok) return fail(where.error.code, `${rel} uses \`${spec.rename!.from}\` but cannot be updated: ${where.error.message}; every file is left as it was`, { field: "rename" });
    // Written from here, out of sight of the runs and backups of the project it belongs to.
    const nested = nestedProjectOf(realOrSelf(spec.root), where.value.real ?? where.value.rel);
    if (nested) return fail("SPEC_INVALID", `${rel} uses \`${spec.rename!.from}\` but is inside ${nested}/, a project of its own (it has its own .git); every file is left as it was`, { field: "rename", hint: `rename it in ${nested}/ from there yourself` });
    out.push({ where: where.value, content: r.content, read: hashes.get(rel)! });
  }
  return ok(out);
}

/** The declaration files that describe `rel` to type checkers: `util.pyi` for `util.py`, `date.d.ts` for `date.js`. */
export function declarations(rel: string): string[] {
  if (/\.py$/.test(rel)) return [`${rel}i`];
  const js = /^(.*)\.([mc]?)jsx?$/.exec(rel);
  return js ? [`${js[1]}.d.${js[2]}ts`] : [];
}

function tooFar(): Result<never> {
  return fail("VERIFY_FAILED", `the rename reaches more than ${MAX_FILES} files; that is not an atomic task`);
}

function tooMany(count: number, from: string): Result<never> {
  return fail("SPEC_INVALID", `the project has ${count} files that could use \`${from}\`, more than the ${MAX_SCAN} the engine searches for importers, so the rename could be left half done`, {
    field: "rename",
    hint: "rename it yourself across the files, or run from a smaller project folder",
  });
}

/** The file's text (a BOM kept, as the write keeps it), whether its bytes were UTF-8 at all, and their hash. */
function readText(abs: string): Result<{ text: string; utf8: boolean; sha256: string }, string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    return { ok: false, error: describeThrown(e) };
  }
  const hash = sha256(bytes);
  try {
    return ok({ text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), utf8: true, sha256: hash });
  } catch {
    return ok({ text: bytes.toString("utf8"), utf8: false, sha256: hash });
  }
}
