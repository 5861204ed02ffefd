import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { fail, ok, type Result } from "../errors.js";
import { inferLanguage, languageInfo } from "../lang/languages.js";
import { maskCode } from "../lang/mask.js";
import { wordPattern } from "./edits.js";

/** Languages whose importers the engine updates itself after a rename (src/engine/rename-step.ts). */
const WITH_IMPORTERS: Record<string, readonly string[]> = {
  javascript: ["javascript", "jsx", "typescript", "tsx"],
  jsx: ["javascript", "jsx", "typescript", "tsx"],
  typescript: ["javascript", "jsx", "typescript", "tsx"],
  tsx: ["javascript", "jsx", "typescript", "tsx"],
  python: ["python"],
};
/** Languages whose files use each other's names: a C++ file's prototype sits in a `.h`, Kotlin calls Java. */
const KIN: readonly (readonly string[])[] = [
  ["c", "cpp"],
  ["java", "kotlin"],
  ["javascript", "jsx", "typescript", "tsx", "vue", "svelte"],
];
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/dist/**", "**/build/**", "**/target/**", "**/vendor/**", "**/.claude/**"];
/** More files than this are not searched: the rename is refused rather than checked in part. */
const MAX_SCAN = 5_000;

export interface RenameRequest {
  root: string;
  outputRel: string;
  language: string;
  rename: { from: string; to: string };
}

/**
 * Whether a rename can be done whole. The engine updates the importers of JavaScript, TypeScript
 * and Python; a file of a related language it does not update (a C header, a Kotlin file calling
 * Java, a Vue component importing TypeScript) that uses the name in its code (not in a comment or
 * a string) makes the rename half done, so it is refused before the model is called.
 */
export function renameSupport(req: RenameRequest): Result<void> {
  const updated = new Set(WITH_IMPORTERS[req.language] ?? []);
  const kin = KIN.find((k) => k.includes(req.language)) ?? [req.language];
  const exts = kin.filter((l) => !updated.has(l)).flatMap((l) => languageInfo(l)?.extensions ?? []);
  if (!exts.length) return ok(undefined);
  const files = globSync(exts.map((e) => `**/*${e}`), { cwd: req.root, ignore: IGNORE, dot: false, followSymbolicLinks: false });
  if (files.length > MAX_SCAN) {
    return fail("SPEC_INVALID", `the project has ${files.length} files that could use \`${req.rename.from}\`, more than the ${MAX_SCAN} the engine searches, so this rename could be left half done`, {
      field: "rename",
      hint: "rename it yourself across the files, or run from a smaller project folder",
    });
  }
  const word = wordPattern(req.rename.from);
  const users = files.filter((rel) => rel !== req.outputRel && uses(req.root, rel, word));
  if (!users.length) return ok(undefined);
  const shown = users.slice(0, 3).join(", ") + (users.length > 3 ? `, and ${users.length - 3} more` : "");
  return fail("SPEC_INVALID", `\`${req.rename.from}\` is also used in ${shown}; local-delegate updates importers after a rename only for JavaScript, TypeScript and Python files, so this rename would be half done`, {
    field: "rename",
    hint: "rename it yourself across the files, or delegate the file's change without `rename` and update the users as their own tasks",
  });
}

/** Whether a file's code names the word, its comments and strings left out; a file that cannot be read may, so it counts. */
function uses(root: string, rel: string, word: RegExp): boolean {
  let text: string;
  try {
    text = readFileSync(join(root, rel), "utf8");
  } catch {
    return true;
  }
  if (!word.test(text)) return false;
  // A component's template reads names inside quoted attributes (`:value="parseDate(x)"`): no blanking there.
  const language = inferLanguage(rel);
  return language === "vue" || language === "svelte" || word.test(maskCode(text, language));
}
