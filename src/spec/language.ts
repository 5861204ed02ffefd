import { allLanguages, inferLanguage, languageInfo } from "../lang/languages.js";

/**
 * The table's id for a language as a spec names it: its id in any case ("Python"), its name
 * ("TypeScript", "C#"), an extension ("py", ".ts") or a fence tag ("python3", "golang"). Every
 * check is chosen by the id: named any other way, the language matched no entry, and the file
 * went unchecked (`checked: none`) and could be reported a success with a syntax error. A name
 * the table does not know is kept as given (`text`, `dockerfile`): there is nothing to check it with.
 */
export function languageId(given: string): string {
  const name = given.trim();
  const low = name.toLowerCase();
  if (languageInfo(low)) return low;
  const all = allLanguages();
  const byName = all.find((l) => l.name.toLowerCase() === low);
  if (byName) return byName.id;
  const byExtension = inferLanguage(`file.${low.replace(/^\./, "")}`);
  if (byExtension !== "text") return byExtension;
  if (DIALECTS.has(low)) return name;
  return all.find((l) => l.fenceTags.includes(low))?.id ?? name;
}

// Fence tags a model may use for a language that are another dialect of it: checked as that
// language, a valid zsh script, indented Sass or JSON with comments would be refused.
const DIALECTS = new Set(["zsh", "sass", "jsonc"]);

/**
 * The language a spec's output is written and checked in: the one it names, unless the file's
 * extension says another language of the table. The file's own toolchain reads it by its
 * extension: `src/App.tsx` named "typescript" had its JSX refused as a syntax error on every
 * attempt, and `vite.config.js` named "typescript" (a TypeScript project's config file) was
 * written with type annotations Node refuses, and reported a success. A C header may hold C++,
 * so `.h` named C++ stays C++; a name the table does not know (`jsonc`, `zsh`) is kept as given.
 */
export function specLanguage(given: string | undefined, output: string): string {
  const byFile = inferLanguage(output);
  if (given === undefined) return byFile;
  const named = languageId(given);
  if (byFile === "text" || !languageInfo(named) || named === byFile) return named;
  return REFINES[byFile]?.includes(named) ? named : byFile;
}

// Extensions shared by two languages of the table: a C header of a C++ project is C++.
const REFINES: Record<string, readonly string[]> = { c: ["cpp"] };
