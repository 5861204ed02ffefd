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

// A lone path in a first-line comment: with an extension (`// src/a.ts`) or with a folder
// (`# .git/hooks/pre-commit`). A lone word (`// TODO`) is not a path.
const PATH_COMMENT = /^\s*(?:\/\/|#|--|;|\/\*|<!--)\s*(?:(?:file(?:name)?|path)\s*:\s*)?((?:[\w.@-]+[\\/])+[\w.@-]+|[\w./@\\-]+\.[A-Za-z0-9]{1,6})\s*(?:\*\/|-->)?\s*$/i;

/** A first line such as `// src/utils/slugify.ts` or `# file: a.py`: the path it names, else null. */
export function pathComment(line: string): string | null {
  const m = PATH_COMMENT.exec(line);
  return m ? m[1]! : null;
}

const PROSE_PATH = /(?:`|\*\*|^|\s)([\w@-][\w./@-]*\/[\w./@-]*\.[A-Za-z0-9]{1,6}|[\w@-]+\.[A-Za-z]{1,6})(?:`|\*\*|:|\s|$)/;

/** A path named in the prose just before a block ("Here is `src/a.ts`:"), else null. */
export function pathInProse(line: string): string | null {
  if (!line.trim()) return null;
  const m = PROSE_PATH.exec(line.trim());
  if (!m) return null;
  const p = m[1]!;
  // "e.g." or "i.e." or a version number is not a file.
  return /^[a-z]\.[a-z]\.?$/i.test(p) || /^\d+(\.\d+)+$/.test(p) ? null : p;
}
