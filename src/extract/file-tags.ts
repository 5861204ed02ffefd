import { scanBlocks } from "./fences.js";
import { insideMask } from "./markers.js";

// Tags that wrap one file: Claude-style <file path>, Cline/Roo's write_to_file tool call, Claude
// artifacts (whose title is a path when it names a file), Qwen3-Coder's XML tool call. The file
// itself may hold the closing tag (a comment describing the format, a regex that parses it), so a
// file ends at the last closing tag before the next file's opening, not at the first one. It may
// hold an opening too (code that builds prompts for models writes these tags): one inside a fenced
// block, or after code on its line, is the file's own text.

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
  const lines = text.split("\n");
  const inside = insideMask(lines);
  const starts: number[] = [];
  for (let at = 0, k = 0; k < lines.length; at += lines[k]!.length + 1, k++) starts.push(at);
  // Whether the offset is on a line inside a fenced block: code of a file the answer shows.
  const fenced = (offset: number) => inside[starts.findLastIndex((s) => s <= offset)] === true;
  return KINDS.flatMap((kind) => tagged(text, kind, fenced)).map(({ path, content }) => ({ path, content: unwrapFence(content) }));
}

function tagged(text: string, kind: TagKind, fenced: (offset: number) => boolean): TaggedFile[] {
  // An opening starts a file only where a tag can: first (after prose on its line at most), at
  // the start of a line, or right after a closing tag, and outside fenced blocks. One inside a
  // line of code (a string, a comment) or a code block is the file's own text: taken for a tag,
  // `f'<file path="{p}">{body}</file>'` wrote "{body}" as the file.
  const opens = [...text.matchAll(kind.open)].filter((m, i) => !fenced(m.index) && (startsTag(text.slice(0, m.index), kind.close) || (i === 0 && !/[`'"]/.test(lineBefore(text, m.index)))));
  return opens.flatMap((m, i) => {
    const from = m.index + m[0].length;
    const body = text.slice(from, opens[i + 1]?.index ?? text.length);
    const closes = [...body.matchAll(kind.close)];
    const last = closes[closes.length - 1];
    return last ? [{ path: m[1]!.trim(), content: body.slice(0, last.index) }] : [];
  });
}

const lineBefore = (text: string, offset: number) => text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);

function startsTag(before: string, close: RegExp): boolean {
  const line = lineBefore(before, before.length);
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
