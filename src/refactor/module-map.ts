import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ModuleMap } from "./resolve-import.js";

// What the project's package.json, tsconfig and jsconfig files say about bare specifiers: which
// name a package the project installs, and whether any maps names to the project's own files.
// Read as text where a config may hold comments (tsconfig is JSONC): a `"paths"` key in a comment
// only makes the engine more careful, never less.

const DEPENDENCIES = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];
/** Versions that point into the project (a workspace, a folder): such a package is the project's own code. */
const LOCAL_VERSION = /^(workspace|file|link|portal):/;

/** The files that say how bare specifiers resolve: globbed with a rename's sources, in one walk of the project. */
export const MODULE_CONFIGS = ["**/package.json", "**/{tsconfig,jsconfig}*.json"];

/** Whether a project-relative path is one `MODULE_CONFIGS` finds. */
export function isModuleConfig(rel: string): boolean {
  return /(?:^|\/)(?:package|(?:tsconfig|jsconfig)[^/]*)\.json$/.test(rel);
}

/** What the project's configs among `files` (project-relative; the others are passed over) say about bare specifiers. */
export function readModuleMap(root: string, files: readonly string[]): ModuleMap {
  const declared = new Set<string>();
  const own = new Set<string>();
  const mapped = new Set<string>();
  const aliasedBy: string[] = [];
  for (const rel of files.filter(isModuleConfig).sort()) {
    const text = readOrNull(join(root, rel));
    if (text === null) {
      aliasedBy.push(`${rel} (which cannot be read)`);
      continue;
    }
    if (!rel.endsWith("package.json")) {
      const keys = configAliases(text);
      if (keys) aliasedBy.push(`${rel} (\`paths\` or \`baseUrl\`)`);
      for (const k of keys ?? []) mapped.add(k);
      continue;
    }
    const pkg = parseObject(text);
    if (!pkg) {
      aliasedBy.push(`${rel} (which does not parse)`);
      continue;
    }
    if (typeof pkg.name === "string") own.add(pkg.name);
    if (pkg.imports !== undefined) aliasedBy.push(`${rel} (\`imports\`)`);
    for (const field of DEPENDENCIES) {
      const deps = pkg[field];
      if (!deps || typeof deps !== "object") continue;
      for (const [name, version] of Object.entries(deps)) {
        if (typeof version === "string" && LOCAL_VERSION.test(version)) own.add(name);
        else declared.add(name);
      }
    }
  }
  return { declared, own, mapped, aliasedBy: aliasedBy.length ? aliasedBy.slice(0, 2).join(" and ") : null };
}

/** The keys a tsconfig's `paths` could map, `*` dropped, when it has `paths` or `baseUrl`; null when it has neither. */
function configAliases(text: string): string[] | null {
  if (!/"(paths|baseUrl)"\s*:/.test(text)) return null;
  // Every quoted key of the file: more than the `paths` keys, so more packages are checked, never fewer.
  return [...text.matchAll(/"([^"\n]*)"\s*:/g)].map((m) => m[1]!.replace(/\*$/, ""));
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readOrNull(abs: string): string | null {
  try {
    return readFileSync(abs, "utf8");
  } catch {
    return null;
  }
}
