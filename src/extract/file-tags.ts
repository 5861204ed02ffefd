import { scanBlocks } from "./fences.js";

// Tags that wrap one file: Claude-style <file path>, Cline/Roo's write_to_file tool call, Claude
// artifacts (whose title is a path when it names a file), Qwen3-Coder's XML tool call. The file
// itself may hold the closing tag (a comment describing the format, a regex that parses it), so a
// file ends at the last closing tag before the next file's opening, not at the first one.

export interface TaggedFile {
  /** The path or title the tag gives, trimmed. */
  path: string;
  content: string;
}

interface TagKind {
  open: RegExp;
  close: RegExp;
}

const KINDS: readonly TagKind[] = [
  { open: /<file\s+(?:path|name)=["']([^"']+)["']\s*>\n?/gi, close: /<\/file>/gi },
  { open: /<write_to_file>\s*<path>([^<]+)<\/path>\s*<content>\n?/gi, close: /<\/content>\s*<\/write_to_file>/gi },
  { open: /<antArtifact\b[^>]*?\btitle=["']([^"']+)["'][^>]*>\n?/gi, close: /<\/antArtifact>/gi },
  // Qwen3-Coder's tool call, written out when the server does not parse it: the path, then the content.
  { open: /<function=[\w.-]+>\s*<parameter=(?:path|file_path|filePath|filename)>\s*([^<\n]+?)\s*<\/parameter>\s*<parameter=content>\n?/gi, close: /<\/parameter>\s*<\/function>/gi },
];

/** Files wrapped in tags, a fence inside one unwrapped. */
export function fileTags(text: string): TaggedFile[] {
  if (!/<(?:file|write_to_file|antArtifact)\b|<function=/i.test(text)) return [];
  return KINDS.flatMap((kind) => tagged(text, kind)).map(({ path, content }) => ({ path, content: unwrapFence(content) }));
}

function tagged(text: string, kind: TagKind): TaggedFile[] {
  // An opening starts a file only where a tag can: first, at the start of a line, or right after
  // a closing tag. One inside a line of code or a comment is the file's own text.
  const opens = [...text.matchAll(kind.open)].filter((m, i) => i === 0 || startsTag(text.slice(0, m.index), kind.close));
  return opens.flatMap((m, i) => {
    const from = m.index + m[0].length;
    const body = text.slice(from, opens[i + 1]?.index ?? text.length);
    const closes = [...body.matchAll(kind.close)];
    const last = closes[closes.length - 1];
    return last ? [{ path: m[1]!.trim(), content: body.slice(0, last.index) }] : [];
  });
}

function startsTag(before: string, close: RegExp): boolean {
  const line = before.slice(before.lastIndexOf("\n") + 1);
  return !line.trim() || new RegExp(`(?:${close.source})\\s*$`, "i").test(line);
}

/** The content of the one fenced block the tag holds when nothing else is in it. */
function unwrapFence(inner: string): string {
  const lines = inner.split("\n");
  const blocks = scanBlocks(lines);
  const only = blocks.length === 1 && blocks[0]!.close !== null ? blocks[0]! : null;
  if (!only) return inner;
  const outside = [...lines.slice(0, only.open), ...lines.slice(only.close! + 1)].join("").trim();
  return outside ? inner : only.lines.join("\n");
}
