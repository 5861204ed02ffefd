import { fail, ok, type Result } from "../errors.js";
import { dropChatter } from "./bare.js";
import { blockAt, fenceLine, parseInfo, scanBlocks, type Block } from "./fences.js";
import { combine, nameBefore, relation, type Claim } from "./names.js";
import { isPathWord } from "./paths-named.js";

// A Markdown file holds fences of its own, so the fence around it (```markdown, or any fence a
// README is put in) may end at more than one ``` line. Inner blocks with an info string pair up
// with the next bare fence; an inner bare fence may open a block or end the document, and when
// the rest of the answer does not settle which, the answer is refused rather than cut.

const MD_TAGS = new Set(["markdown", "md", "mdx", "gfm"]);
const STRUCTURE = /^(?:#{1,6}\s|\s*(?:[-*+]|\d+\.)\s+\S|\|.*\|\s*$|>\s)|\[[^\]]+\]\([^)]+\)/;

/** The end of the previous block: where the lines that may name block `k` begin. */
export function floorOf(blocks: readonly Block[], k: number): number {
  return k ? (blocks[k - 1]!.close ?? Number.MAX_SAFE_INTEGER) + 1 : 0;
}

/**
 * The name a block gives itself in its info string, its own comment lines and the lines before it;
 * with `labelsOnly`, no sentence or heading that only mentions a file.
 */
export function blockClaim(lines: readonly string[], b: Block, floor: number, target: string, comments: readonly Claim[] = [], labelsOnly = false): Claim {
  const info = parseInfo(b.fence.info, (w) => isPathWord(w, target));
  const fromInfo: Claim = info.path ? { kind: "named", path: info.path } : { kind: "none" };
  return combine([fromInfo, ...comments, nameBefore(lines, b.open, floor, target, labelsOnly)]);
}

const PLAIN = new Set(["", "text", "txt", "plaintext"]);

/** 2: the block is labelled as Markdown or as the target; 1: plain (untagged, text), it may be; 0: it is not. */
function docRank(lines: readonly string[], b: Block, floor: number, target: string): 0 | 1 | 2 {
  const rel = relation(blockClaim(lines, b, floor, target), target);
  if (rel === "other" || rel === "conflict") return 0;
  const tag = parseInfo(b.fence.info, (w) => isPathWord(w, target)).tag;
  if (MD_TAGS.has(tag) || rel === "target") return 2;
  return PLAIN.has(tag) ? 1 : 0;
}

export interface MarkdownAnswer {
  blocks: Block[];
  /** Index of the block holding the document, -1 when none. */
  doc: number;
  /** The whole answer, when it is the document written without a fence around it. */
  whole: string | null;
}

/**
 * A Markdown target's answer: the document written out (`whole`), or its blocks with the
 * document's own block ending where its inner fences allow. A plain block is the document only
 * when the text around it does not read as one. Refuses when two different ends fit equally.
 */
export function markdownAnswer(text: string, lines: readonly string[], target: string): Result<MarkdownAnswer> {
  const blocks = scanBlocks(lines);
  const ranks = blocks.map((b, k) => docRank(lines, b, floorOf(blocks, k), target));
  let i = ranks.indexOf(2);
  // A ```markdown block in a document written out (a CONTRIBUTING.md showing its page template) is
  // the document's own when the answer opens with the document's title, and the block is not
  // labelled with the target: taken for the document, the template was written as the file.
  if (i >= 0 && relation(blockClaim(lines, blocks[i]!, floorOf(blocks, i), target), target) !== "target" && opensDocument(lines.slice(0, blocks[i]!.open))) i = -1;
  if (i < 0) {
    const whole = unfencedDoc(text, lines, blocks);
    if (whole !== null) return ok({ blocks: [], doc: -1, whole });
    i = ranks.indexOf(1);
    if (i < 0) return ok({ blocks, doc: -1, whole: null });
  }
  const doc = blocks[i]!;
  const { ends, innerOpenings, depth } = docEnds(lines, doc.open);
  if (ends.length > 1) {
    const f = doc.fence.char.repeat(doc.fence.len + 1);
    return fail("EXTRACT_FAILED", `the fence around ${target} could end at ${ends.length} different ${doc.fence.char.repeat(3)} lines, because the document's own code blocks use the same fence; wrap the whole file in ${f}markdown … ${f} so its inner blocks stay inside`);
  }
  const close = ends[0] ?? null;
  const resolved: Block = { ...blockAt(lines, doc.open, close), innerOpenings, openDepth: close === null ? depth : 0 };
  return ok({ blocks: [...blocks.slice(0, i), resolved, ...(close === null ? [] : scanBlocks(lines, close + 1))], doc: i, whole: null });
}

/** Bare fence lines that can end the block opened at `open`, read as Markdown. */
function docEnds(lines: readonly string[], open: number): { ends: number[]; innerOpenings: number; depth: number } {
  const outer = fenceLine(lines[open]!)!;
  const stack: number[] = [];
  const all: number[] = [];
  let innerOpenings = 0;
  for (let j = open + 1; j < lines.length; j++) {
    const f = fenceLine(lines[j]!);
    if (!f || f.char !== outer.char || f.len < outer.len) continue;
    if (f.info) {
      stack.push(f.len);
      innerOpenings++;
    } else if (stack.length) {
      if (f.len >= stack[stack.length - 1]!) stack.pop();
    } else if (f.indent <= outer.indent + 3) {
      // Either the document ends here, or an untagged inner block opens: follow the second reading.
      all.push(j);
      stack.push(f.len);
      innerOpenings++;
    }
  }
  // An end is plausible when what follows it parses as whole blocks.
  const clean = all.filter((c) => scanBlocks(lines, c + 1).every((b) => b.close !== null));
  return { ends: clean.length ? clean : all, innerOpenings, depth: stack.length };
}

/**
 * A Markdown document written without a fence around it, when the text outside its code blocks
 * reads as a document (headings, lists, links, several lines) rather than a sentence that
 * introduces a block. Null when it does not.
 */
function unfencedDoc(text: string, lines: readonly string[], blocks: readonly Block[]): string | null {
  if (!blocks.length) return dropChatter(text);
  // A document written out starts with its text; an answer that starts with a fence put it in there.
  if (!dropChatter(lines.slice(0, blocks[0]!.open).join("\n")).trim()) return null;
  const outside = lines.filter((_, j) => !blocks.some((b) => j >= b.open && j <= (b.close ?? lines.length)));
  const doc = dropChatter(outside.join("\n")).split("\n").filter((l) => l.trim());
  // Sentences that introduce a block ("Here's a draft:") are the model talking, not a document.
  if (doc.some((l) => STRUCTURE.test(l)) || (doc.length >= 2 && !doc.some((l) => /[:：]\s*$/.test(l)))) return dropChatter(text);
  return null;
}

/** Whether the text before a block starts as a document does, with its title or front matter, once the model's lead-in is dropped. */
function opensDocument(before: readonly string[]): boolean {
  const first = dropChatter(before.join("\n")).split("\n").find((l) => l.trim());
  return first !== undefined && /^(?:#\s|---\s*$)/.test(first);
}
