import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { fail, ok, type Result } from "../errors.js";
import { resolveInProject } from "../project/safe-path.js";
import type { RenameResult } from "../refactor/edits.js";
import { renameImportedSymbol } from "../refactor/rename-imports.js";
import { renamePythonImporter } from "../refactor/rename-python.js";
import type { TaskSpec } from "../spec/load.js";
import { inferLanguage } from "../lang/languages.js";
import { checkSyntax } from "../lang/syntax.js";
import type { Transaction } from "../write/transaction.js";

type Renamer = (text: string, language: string, importerRel: string, targetRel: string, from: string, to: string) => Promise<RenameResult | null>;

/** The files that can import a module of each family, and how one of them is renamed in. */
const FAMILIES: Record<string, { sources: string[]; rename: Renamer }> = {
  js: { sources: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"], rename: async (...a) => renameImportedSymbol(...a) },
  python: { sources: ["**/*.{py,pyi}"], rename: (text, _language, ...rest) => renamePythonImporter(text, ...rest) },
};
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/dist/**", "**/build/**", "**/coverage/**", "**/.venv/**", "**/venv/**", "**/__pycache__/**", ".claude/**"];
/** A rename that reaches more files than this is not an atomic task. */
const MAX_FILES = 200;

/**
 * After the model renamed a symbol in its file, the engine (not the model) updates every file that
 * imports it, through the same transaction so a failed verification restores them all. Files that
 * re-export the symbol pass the rename on to their own importers.
 */
export async function applyRename(spec: TaskSpec, txn: Transaction): Promise<Result<string[]>> {
  const rename = spec.rename;
  if (!rename) return ok([]);
  const family = FAMILIES[spec.language === "python" ? "python" : "js"]!;
  // Symlinks are not followed: a linked folder may lead out of the project.
  const files = globSync(family.sources, { cwd: spec.root, ignore: IGNORE, dot: false, followSymbolicLinks: false }).slice(0, 5_000);
  const queue = [spec.output.rel];
  const queued = new Set<string>(queue);
  // A file may import the symbol twice over (from the module and from a package re-exporting it):
  // each target's pass works on what the previous passes left.
  const current = new Map<string, string>();
  const updated = new Set<string>();
  while (queue.length) {
    const target = queue.shift()!;
    const stem = target.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
    for (const rel of files) {
      if (rel === target || rel === spec.output.rel) continue;
      const text = current.get(rel) ?? readText(join(spec.root, rel));
      // Cheap filter before parsing: the file must mention the symbol and the target's name.
      if (text === null || !text.includes(rename.from) || !(text.includes(stem) || stem === "index" || stem === "__init__")) continue;
      const lang = inferLanguage(rel);
      const r = await family.rename(text, lang, rel, target, rename.from, rename.to);
      if (!r) continue;
      const syntax = await checkSyntax(r.content, lang);
      if (!syntax.ok) return fail("VERIFY_FAILED", `renaming in ${rel} broke its syntax: ${syntax.message}`);
      const where = resolveInProject(spec.root, rel, "rename");
      if (!where.ok) continue;
      const w = txn.write(where.value, r.content);
      if (!w.ok) return w;
      current.set(rel, r.content);
      updated.add(rel);
      if (r.reexports && !queued.has(rel)) {
        queued.add(rel);
        queue.push(rel);
      }
      if (updated.size > MAX_FILES) return fail("VERIFY_FAILED", `the rename reaches more than ${MAX_FILES} files; that is not an atomic task`);
    }
  }
  return ok([...updated]);
}

function readText(abs: string): string | null {
  try {
    return readFileSync(abs, "utf8");
  } catch {
    return null;
  }
}
