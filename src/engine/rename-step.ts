import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { fail, ok, type Result } from "../errors.js";
import { resolveInProject } from "../project/safe-path.js";
import { renameImportedSymbol } from "../refactor/rename-imports.js";
import type { TaskSpec } from "../spec/load.js";
import { inferLanguage } from "../lang/languages.js";
import { checkSyntax } from "../lang/syntax.js";
import type { Transaction } from "../write/transaction.js";

const SOURCES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/dist/**", "**/build/**", "**/coverage/**", ".claude/**"];
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
  // Symlinks are not followed: a linked folder may lead out of the project.
  const files = globSync(SOURCES, { cwd: spec.root, ignore: IGNORE, dot: false, followSymbolicLinks: false }).slice(0, 5_000);
  const queue = [spec.output.rel];
  const done = new Set<string>(queue);
  const updated: string[] = [];
  while (queue.length) {
    const target = queue.shift()!;
    const stem = target.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
    for (const rel of files) {
      if (rel === target || done.has(rel)) continue;
      let text: string;
      try {
        text = readFileSync(join(spec.root, rel), "utf8");
      } catch {
        continue;
      }
      // Cheap filter before parsing: the file must mention the symbol and the target's name.
      if (!text.includes(rename.from) || !(text.includes(stem) || stem === "index")) continue;
      const lang = inferLanguage(rel);
      const r = renameImportedSymbol(text, lang, rel, target, rename.from, rename.to);
      if (!r) continue;
      const syntax = await checkSyntax(r.content, lang);
      if (!syntax.ok) return fail("VERIFY_FAILED", `renaming in ${rel} broke its syntax: ${syntax.message}`);
      const where = resolveInProject(spec.root, rel, "rename");
      if (!where.ok) continue;
      const w = txn.write(where.value, r.content);
      if (!w.ok) return w;
      updated.push(rel);
      done.add(rel);
      if (r.reexports) queue.push(rel);
      if (updated.length > MAX_FILES) return fail("VERIFY_FAILED", `the rename reaches more than ${MAX_FILES} files; that is not an atomic task`);
    }
  }
  return ok(updated);
}
