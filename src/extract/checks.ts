import { fail, ok, type Failure, type Result } from "../errors.js";
import type { Candidate } from "./choose.js";
import { fenceLine, scanBlocks, type Block } from "./fences.js";
import { elidedLine } from "./elision.js";
import { editShape } from "./markers.js";
import { pathComment, samePath } from "./paths-named.js";
import { knowsStrings, unclosedAtEnd } from "./strings.js";

// The chosen block, held to being the whole file: closed (or plainly complete), not an edit,
// not abbreviated, not cut short by a fence line inside the file.

export interface CheckContext {
  outputFile: string;
  language: string;
  finishReason: string | null;
  lines: readonly string[];
  blocks: readonly Block[];
}


/** The file's content from the chosen candidate, or why it cannot be written. */
export function checkChosen(c: Candidate, ctx: CheckContext): Result<{ content: string; notes: string[] }> {
  const target = ctx.outputFile;
  const notes: string[] = [];
  const md = ctx.language === "markdown";
  if (c.block && c.block.close === null) {
    const unclosed = unclosedBlock(c.block, ctx);
    if (unclosed) return fail("EXTRACT_FAILED", unclosed);
    notes.push("the closing fence was missing");
  }
  const content = finish(c.content, target, md);
  if (!content.trim()) return fail("EXTRACT_FAILED", "the code block for the file is empty");
  // A bare answer's markers may sit outside the lines taken as code; a ```diff block is an edit
  // whatever its lines look like (+/- lines with no hunk header).
  const diff = (c.tag === "diff" || c.tag === "patch") && !/\.(diff|patch)$/i.test(target) ? "the answer is a diff, not the whole file" : null;
  const edit = diff ?? (md ? editShape(outsideFences(content), target) : c.shape === "bare" ? editShape(ctx.lines.join("\n"), target) : editShape(content, target, ctx.language));
  if (edit) return fail("EXTRACT_FAILED", `${edit}; write the whole of ${target}`);
  // A Markdown document's own code samples may elide ("// ..."): only its text counts.
  const abbreviated = elidedLine(md ? outsideFences(content) : content, md);
  if (abbreviated) {
    return fail("EXTRACT_FAILED", `the answer abbreviates the file ("${abbreviated.slice(0, 60)}") instead of writing all of it`);
  }
  if (!md) {
    const cut = cutShort(c, content, ctx);
    if (cut) return cutFailure(`the block for ${target} ${cut}`);
  }
  return ok({ content, notes });
}

function unclosedBlock(b: Block, ctx: CheckContext): string | null {
  const last = [...b.lines].reverse().find((l) => l.trim()) ?? "";
  const lastFence = fenceLine(last);
  if (lastFence && !lastFence.info && lastFence.char === b.fence.char && lastFence.len < b.fence.len) {
    const open = b.fence.char.repeat(b.fence.len);
    return `the block for ${ctx.outputFile} opens with ${open} but closes with ${b.fence.char.repeat(lastFence.len)}, which cannot close it; close it with ${open}`;
  }
  if (b.innerOpenings > 0 || b.openDepth > 0 || lastFence) {
    return `the code block for ${ctx.outputFile} never closes and holds the start of another block, so the answer may be cut off; close every block`;
  }
  if (ctx.finishReason !== "stop") {
    return `the code block for ${ctx.outputFile} never closes and the answer did not end normally (finish_reason: ${ctx.finishReason ?? "none"}), so it may be cut off`;
  }
  return null;
}

/** Why the content looks cut at a fence line that belonged to the file, or null. */
function cutShort(c: Candidate, content: string, ctx: CheckContext): string | null {
  const open = unclosedAtEnd(content, ctx.language);
  if (open) return `ends inside ${open}`;
  if (!c.block) return null;
  const k = ctx.blocks.indexOf(c.block);
  if (k < 0) return null;
  if (cutBetween(ctx.blocks[k - 1], c.block, ctx.lines, ctx.language)) return "starts with the rest of code that an earlier block began";
  if (cutBetween(c.block, ctx.blocks[k + 1], ctx.lines, ctx.language)) return "is followed by more of its code outside the block";
  return null;
}

/**
 * Whether a fence line of the file may have ended block `a`, `b` holding the rest. Where strings
 * can be read, such a line leaves the code before it inside a string, comment or here-document: a
 * block that ends in plain code was closed by a real fence, and the lines after it are the
 * model's ("**Output:**", "### Usage"), not more of the file.
 */
function cutBetween(a: Block | undefined, b: Block | undefined, lines: readonly string[], language: string): boolean {
  return continues(a, b, lines) && (!knowsStrings(language) || unclosedAtEnd(a!.lines.join("\n"), language) !== null);
}

/** The refusal for a file whose own fence line ended its block. */
export function cutFailure(what: string): { ok: false; error: Failure } {
  return fail("EXTRACT_FAILED", `${what}: a fence line inside the file ended the block early; put the file in a longer fence (\`\`\`\` or ~~~~) than any run of backticks inside it`);
}

/** Whether some block of the answer ends inside a string or comment, or looks like the rest of the one before it. */
export function splitBlocks(blocks: readonly Block[], lines: readonly string[], language: string): boolean {
  return blocks.some((b, k) => cutBetween(blocks[k - 1], b, lines, language) || (b.close !== null && unclosedAtEnd(b.lines.join("\n"), language) !== null));
}

/**
 * Whether block `b` looks like the rest of block `a`: code (not an introducing sentence) stands
 * between them and `b` opens with a bare fence. Then the fence that closed `a` was a line of the
 * file (in a string, a comment, a heredoc, a YAML block scalar) and `b`'s opening fence the
 * file's real end.
 */
function continues(a: Block | undefined, b: Block | undefined, lines: readonly string[]): boolean {
  if (!a || !b || a.close === null || b.fence.info) return false;
  const gap = lines.slice(a.close + 1, b.open).filter((l) => l.trim());
  // A sentence: capitalised words, plain words, or a word that ends with a full stop.
  const prose = (l: string) => (/^[A-Za-z][a-z]/.test(l) && /\s/.test(l.trim()) && /^[\p{L}' ,]+$/u.test(l.trim())) || (/^[A-Z][a-z]/.test(l) && /\s/.test(l.trim())) || /\w[.!?:：]\s*$/.test(l);
  return gap.length > 0 && !gap.some(prose);
}

/** Drops a first-line comment naming the file, leading blank lines, trailing space; one final newline. */
export function finish(content: string, outputFile: string, markdown: boolean): string {
  const lines = content.split("\n");
  const first = lines.findIndex((l) => l.trim());
  const named = first >= 0 && (!markdown || /^\s*<!--/.test(lines[first]!)) ? pathComment(lines[first]!) : null;
  if (named && samePath(named, outputFile)) lines.splice(0, first + 1);
  const body = lines.join("\n").replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "");
  return body ? `${body}\n` : "";
}

/** A Markdown document's lines outside its own code blocks (an edit shown in a code sample is fine). */
function outsideFences(doc: string): string {
  const lines = doc.split("\n");
  const inside = new Set<number>();
  for (const b of scanBlocks(lines)) for (let j = b.open; j <= (b.close ?? lines.length); j++) inside.add(j);
  return lines.filter((_, j) => !inside.has(j)).join("\n");
}
