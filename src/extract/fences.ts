export interface FencedBlock {
  /** The info string's first word, lower-cased; "" when untagged. */
  tag: string;
  /** Any path-like word in the info string, e.g. ```ts src/a.ts or ```ts:src/a.ts */
  infoPath: string | null;
  content: string;
  /** Line index of the opening fence. */
  startLine: number;
  closed: boolean;
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)?(.*)$/;

/**
 * Fenced code blocks, CommonMark-style: a fence closes only on the same character, at least as
 * long, with nothing after it. Handles indented fences (models put them in lists) and a last block
 * whose closing fence is missing.
 */
export function parseFences(text: string): FencedBlock[] {
  const lines = text.split("\n");
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    const fence = m[2]!;
    const info = `${m[3] ?? ""}${m[4] ?? ""}`.trim();
    if (fence[0] === "`" && info.includes("`")) continue; // inline code such as ```foo``` is not a fence
    const [tagRaw = "", ...rest] = info.split(/[\s:]+/);
    const infoPath = [tagRaw.includes("/") || tagRaw.includes(".") ? tagRaw : "", ...rest].find((w) => /[./]/.test(w) && /\w/.test(w)) ?? null;
    const tag = tagRaw.includes(".") || tagRaw.includes("/") ? "" : tagRaw.toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    let closed = false;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const t = line.trim();
      if (t.length >= fence.length && t[0] === fence[0] && /^(`+|~+)$/.test(t) && t.length >= fence.length) {
        closed = true;
        break;
      }
      body.push(indent ? stripIndent(line, indent) : line);
    }
    blocks.push({ tag, infoPath, content: body.join("\n"), startLine: i, closed });
    i = j;
  }
  return blocks;
}

function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && k < line.length && (line[k] === " " || line[k] === "\t")) k++;
  return line.slice(k);
}

/**
 * For a Markdown file wrapped in a ```markdown fence, inner fences of the same length close the
 * outer one early. The whole file runs from the opening fence to the last bare fence line.
 */
export function outerMarkdownBlock(text: string): string | null {
  const lines = text.split("\n");
  const open = lines.findIndex((l) => /^\s*(`{3,}|~{3,})\s*(markdown|md|mdx)\s*$/i.test(l));
  if (open < 0) return null;
  const fenceChar = lines[open]!.trim()[0]!;
  let close = -1;
  for (let j = lines.length - 1; j > open; j--) {
    const t = lines[j]!.trim();
    if (t.length >= 3 && t[0] === fenceChar && /^(`+|~+)$/.test(t)) {
      close = j;
      break;
    }
  }
  return (close < 0 ? lines.slice(open + 1) : lines.slice(open + 1, close)).join("\n");
}
