import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { fail, ok, type Result } from "../errors.js";
import { languageInfo } from "../lang/languages.js";

/** Languages whose importers the engine updates itself after a rename. */
const WITH_IMPORTERS = new Set(["javascript", "jsx", "typescript", "tsx", "python"]);
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/dist/**", "**/build/**", "**/target/**", "**/vendor/**", ".claude/**"];

export interface RenameRequest {
  root: string;
  outputRel: string;
  language: string;
  rename: { from: string; to: string };
}

/**
 * Whether a rename can be done whole. For a language whose importers the engine cannot update, a
 * rename is fine while no other file of that language uses the name; otherwise it is refused
 * before the model is called, since half a rename (the file renamed, its users not) breaks the build.
 */
export function renameSupport(req: RenameRequest): Result<void> {
  if (WITH_IMPORTERS.has(req.language)) return ok(undefined);
  const exts = languageInfo(req.language)?.extensions ?? [];
  if (!exts.length) return ok(undefined);
  const users = otherUsers(req, exts);
  if (!users.length) return ok(undefined);
  const shown = users.slice(0, 3).join(", ") + (users.length > 3 ? `, and ${users.length - 3} more` : "");
  return fail("SPEC_INVALID", `\`${req.rename.from}\` is also used in ${shown}; local-delegate updates importers after a rename only for JavaScript, TypeScript and Python, so this rename would be half done`, {
    field: "rename",
    hint: "rename it yourself across the files, or delegate the file's change without `rename` and update the users as their own tasks",
  });
}

function otherUsers(req: RenameRequest, exts: readonly string[]): string[] {
  const word = new RegExp(`(^|[^\\w$])${req.rename.from.replace(/\$/g, "\\$")}(?![\\w$])`);
  const patterns = exts.map((e) => `**/*${e}`);
  const files = globSync(patterns, { cwd: req.root, ignore: IGNORE, dot: false, followSymbolicLinks: false }).slice(0, 5_000);
  return files.filter((rel) => rel !== req.outputRel && mentions(join(req.root, rel), word));
}

function mentions(abs: string, word: RegExp): boolean {
  try {
    return word.test(readFileSync(abs, "utf8"));
  } catch {
    return false;
  }
}
