import * as z from "zod";

const FileObject = z.looseObject({
  path: z.string().optional(),
  file: z.string().optional(),
  file_path: z.string().optional(),
  filename: z.string().optional(),
  content: z.string().optional(),
  code: z.string().optional(),
});

export interface JsonFile {
  path: string | null;
  content: string;
}

/**
 * A `{"path": ..., "content": ...}` answer, possibly inside a ```json fence and with text after
 * it (small models often add "This function..." after the object). Returns null when the text
 * holds no such object.
 */
export function parseJsonFile(text: string): JsonFile | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  const end = matchingBrace(text, start);
  if (end < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  const parsed = FileObject.safeParse(value);
  if (!parsed.success) return null;
  const content = parsed.data.content ?? parsed.data.code;
  if (typeof content !== "string") return null;
  return { path: parsed.data.path ?? parsed.data.file_path ?? parsed.data.file ?? parsed.data.filename ?? null, content };
}

/** Index of the brace closing the object opened at `start`, skipping braces inside strings. */
export function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}
