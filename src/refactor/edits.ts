import { fail, type Failure } from "../errors.js";
import type { ModuleMap } from "./resolve-import.js";

/** A replacement of `source.slice(start, end)` by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One importer to bring in line with a rename. */
export interface RenameJob {
  /** The importer, relative to the project, forward slashes. */
  importerRel: string;
  /** The files that define the symbol or pass it on: the renamed file and the re-exporters found so far. */
  targets: ReadonlySet<string>;
  from: string;
  to: string;
  /**
   * Whether a file of the project exists: a Python module is looked for in several roots and the
   * first that has it wins. Without it only the targets are known to exist.
   */
  exists?: (rel: string) => boolean;
  /** What the project says about bare specifiers; without it only a `#` specifier may be the project's. */
  modules?: ModuleMap;
}

/** `job.exists`, or, without it, the targets as the only files known to exist. */
export function existsFor(job: RenameJob): (rel: string) => boolean {
  return job.exists ?? ((rel) => job.targets.has(rel));
}

/** What renaming a symbol did to one importer. */
export interface RenameResult {
  /** The new content; the same as before for a file that only passes the symbol on (`export *`). */
  content: string;
  /** True when this file re-exports the symbol, so its own importers need the rename too. */
  reexports: boolean;
}

/** Matches `name` as a whole word of code: not inside `xname`, `name2` or `$name`. */
export function wordPattern(name: string): RegExp {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
}

/** Applies edits from the last to the first, so earlier offsets stay right; the same span once. */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...new Map(edits.map((e) => [`${e.start}:${e.end}`, e])).values()].sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * A rename the engine cannot finish in one importer. The run fails and every file is put back:
 * half a rename (the file renamed, a user of it not) is never reported as done.
 */
export function cannotRename(job: Pick<RenameJob, "importerRel" | "from">, why: string, hint?: string): { ok: false; error: Failure } {
  return fail("SPEC_INVALID", `\`${job.from}\` cannot be renamed whole: ${job.importerRel} ${why}; every file is left as it was`, {
    field: "rename",
    hint: hint ?? `rename it yourself across the files, or change ${job.importerRel} first so the engine can follow it`,
  });
}
