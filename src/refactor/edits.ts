/** A replacement of `source.slice(start, end)` by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** What renaming a symbol did to one importer. */
export interface RenameResult {
  content: string;
  /** True when this file re-exports the symbol, so its own importers need the rename too. */
  reexports: boolean;
}

/** Applies edits from the last to the first, so earlier offsets stay right; the same span once. */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...new Map(edits.map((e) => [`${e.start}:${e.end}`, e])).values()].sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
