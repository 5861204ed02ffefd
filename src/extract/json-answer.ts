import * as z from "zod";

const FileObject = z.looseObject({
  path: z.string().optional(),
  file: z.string().optional(),
  file_path: z.string().optional(),
  filePath: z.string().optional(),
  filename: z.string().optional(),
  content: z.string().optional(),
  code: z.string().optional(),
});

// A tool call written out as text: models trained for tools (Qwen2.5-Coder, Llama 3.1) answer
// "write the file" with {"name": "write_file", "arguments": {"path": …, "content": …}}, bare or in
// Qwen's <tool_call> tags, with the arguments as an object or as a JSON string.
const ToolCall = z.looseObject({
  name: z.string(),
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
const TOOL_CALL = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;

/** The bodies of the <tool_call> tags an answer is made of, or null when it is not made of them. */
export function toolCallBodies(text: string): string[] | null {
  const bodies = [...text.matchAll(TOOL_CALL)];
  if (!bodies.length || text.replace(TOOL_CALL, "").trim()) return null;
  return bodies.map((m) => m[1]!);
}

/** A tool call's arguments, or null when the value is not a tool call. */
function argumentsOf(value: unknown): unknown {
  const call = ToolCall.safeParse(value);
  if (!call.success) return null;
  const args = call.data.arguments ?? call.data.parameters;
  if (typeof args !== "string") return args ?? null;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return null;
  }
}

const WRAPPER_KEYS = new Set(["path", "file", "file_path", "filePath", "filename", "content", "code", "language"]);

export interface JsonFile {
  path: string | null;
  content: string;
}

/**
 * A `{"path": ..., "content": ...}` answer or a tool call carrying one, possibly inside a ```json
 * fence and with text after it (small models often add "This function..." after the object).
 * Returns null when the text holds no such object; with `wrapperOnly`, also when the object holds
 * keys of its own (a JSON file that happens to have a "content" string).
 */
export function parseJsonFile(text: string, wrapperOnly = false): JsonFile | null {
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
  const args = argumentsOf(value);
  // wrapperOnly: a JSON file's own object is not a wrapper unless it holds nothing else.
  if (wrapperOnly && args === null && Object.keys(value ?? {}).some((k) => !WRAPPER_KEYS.has(k))) return null;
  const parsed = FileObject.safeParse(args ?? value);
  if (!parsed.success) return null;
  const content = parsed.data.content ?? parsed.data.code;
  if (typeof content !== "string") return null;
  const d = parsed.data;
  return { path: d.path ?? d.file_path ?? d.filePath ?? d.file ?? d.filename ?? null, content };
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
