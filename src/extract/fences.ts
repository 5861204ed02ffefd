// Fenced code blocks as CommonMark reads them, with one extension for what models write: a fence
// line with an info string inside an open block (```bash inside a README or inside a Python
// string) opens a nested level that the next bare fence closes, instead of being content. A
// CommonMark reader would close the outer block at that inner bare fence and cut the file short.

export interface FenceLine {
  /** Columns of indentation (a tab counts 4). */
  indent: number;
  char: "`" | "~";
  len: number;
  /** The info string, trimmed; "" for a bare fence. */
  info: string;
}

export interface Block {
  /** Line index of the opening fence. */
  open: number;
  /** Line index of the closing fence; null when the block runs to the end of the answer. */
  close: number | null;
  fence: FenceLine;
  /** Content lines with the opening fence's indentation removed. */
  lines: string[];
  /** Fence lines with an info string met inside (nested openings). */
  innerOpenings: number;
  /** Nested levels still open where the block ended. */
  openDepth: number;
}

const FENCE = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

/** The line as an opening or closing fence, or null. Backtick info strings hold no backtick. */
export function fenceLine(line: string): FenceLine | null {
  const m = FENCE.exec(line);
  if (!m) return null;
  const char = m[2]![0] as "`" | "~";
  const info = m[3]!.trim();
  if (char === "`" && info.includes("`")) return null;
  return { indent: columns(m[1]!), char, len: m[2]!.length, info };
}

function columns(ws: string): number {
  let n = 0;
  for (const c of ws) n += c === "\t" ? 4 - (n % 4) : 1;
  return n;
}

/**
 * Where the block opened at `open` closes. Only fence lines of the same character and at least
 * the opening length matter (shorter ones and the other character are plain content). A bare one
 * closes the innermost open level; the outer one closes only with at most 3 columns more
 * indentation than its opening (CommonMark: 0-3 spaces; models indent fences in list items).
 * With `nested` off this is CommonMark exactly: nothing opens inside a block.
 */
export function closeOf(lines: readonly string[], open: number, nested = true): Pick<Block, "close" | "innerOpenings" | "openDepth"> {
  const outer = fenceLine(lines[open]!)!;
  const stack: number[] = [];
  let innerOpenings = 0;
  for (let j = open + 1; j < lines.length; j++) {
    const f = fenceLine(lines[j]!);
    if (!f || f.char !== outer.char || f.len < outer.len) continue;
    if (f.info) {
      if (nested) {
        stack.push(f.len);
        innerOpenings++;
      }
      continue;
    }
    if (stack.length) {
      if (f.len >= stack[stack.length - 1]!) stack.pop();
    } else if (f.indent <= outer.indent + 3) {
      return { close: j, innerOpenings, openDepth: 0 };
    }
  }
  return { close: null, innerOpenings, openDepth: stack.length };
}

/** The block opened at `open`, closing where `closeOf` says or at `close` when given. */
export function blockAt(lines: readonly string[], open: number, close?: number | null): Block {
  const fence = fenceLine(lines[open]!)!;
  const where = close === undefined ? closeOf(lines, open) : { close, innerOpenings: 0, openDepth: 0 };
  const end = where.close ?? lines.length;
  const content = lines.slice(open + 1, end);
  // CommonMark takes up to the fence's indentation off each line. A model that indents the fence
  // (in a list item) but not the code means the code as written: taking 3 columns off some lines
  // and fewer off others would change its structure (YAML nesting) and still parse.
  const flush = content.some((l) => l.trim() && columns(/^[ \t]*/.exec(l)![0]) < fence.indent);
  return { open, fence, ...where, lines: flush ? content : content.map((l) => dedent(l, fence.indent)) };
}

/** The top-level blocks from line `from` on, each closed by `closeOf`. */
export function scanBlocks(lines: readonly string[], from = 0): Block[] {
  const out: Block[] = [];
  for (let i = from; i < lines.length; i++) {
    if (!fenceLine(lines[i]!)) continue;
    const b = blockAt(lines, i);
    out.push(b);
    if (b.close === null) break;
    i = b.close;
  }
  return out;
}

/** Removes up to `n` columns of leading whitespace, as CommonMark does inside an indented fence. */
function dedent(line: string, n: number): string {
  let k = 0;
  let col = 0;
  while (k < line.length && col < n && (line[k] === " " || line[k] === "\t")) {
    col += line[k] === "\t" ? 4 - (col % 4) : 1;
    k++;
  }
  return line.slice(k);
}

export interface Info {
  /** The language word, lower-cased; "" when the info string has none. */
  tag: string;
  /** A file the info string names: ```js foo.js, ```python:src/a.py, ```js title="foo.js". */
  path: string | null;
}

const ATTRIBUTE = /\b(?:title|file|filename|name|path)\s*=\s*["']?([^"'\s}]+)/i;

/** The language and the file an info string names. */
export function parseInfo(info: string, isPath: (word: string) => boolean): Info {
  const attr = ATTRIBUTE.exec(info);
  // Pandoc's {.python .numberLines}: classes, not dot files.
  const pandoc = info.startsWith("{");
  const words = info.replace(ATTRIBUTE, " ").replace(/[{}]/g, " ").split(/\s+/).filter(Boolean).map((w) => (pandoc ? w.replace(/^\./, "") : w));
  if (pandoc) return { tag: (words[0] ?? "").toLowerCase(), path: attr?.[1] ?? null };
  const first = words[0] ?? "";
  const colon = /^([\w+#.-]+):(.+)$/.exec(first);
  let tag = (colon ? colon[1]! : first).replace(/^\./, "").toLowerCase();
  const pathWords = [colon ? colon[2]! : "", ...words.slice(1)];
  if (!colon && isPath(first)) {
    tag = "";
    pathWords.unshift(first);
  }
  const path = attr?.[1] ?? pathWords.find((w) => w && isPath(w)) ?? null;
  return { tag, path };
}
