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
