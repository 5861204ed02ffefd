import { fenceLine, scanBlocks } from "./fences.js";
import { unclosedAtEnd } from "./strings.js";

// Markers other tools' prompts teach models, which are not part of any file: reasoning blocks,
// smolagents' "```<end_code>" and <code>…</code>, HTML-ish wrappers around fences, a file name on
// the fence line itself (aider documents "path/to/file.ts ```typescript" as a shape it meets).

const OPENING = /^\s*<(think|thinking|reasoning)>/i;
const LONE_CLOSE = /<\/(?:think|thinking|reasoning)>[ \t]*$/i;

/**
 * The answer without the reasoning that reasoning models put first; null when reasoning never closes.
 * Only a block at the start counts: a file may hold the tags itself (a parser for them).
 */
export function stripReasoning(text: string): string | null {
  const final = harmonyFinal(text);
  if (final !== undefined) return final;
  const open = OPENING.exec(text);
  if (open) {
    const close = text.search(new RegExp(`</${open[1]}>`, "i"));
    return close < 0 ? null : text.slice(close + open[1]!.length + 3);
  }
  // Some servers strip the opening tag but keep the closing one, at the end of a line. One inside
  // a fenced block is the file's own (a prompt template), and cutting there loses the file.
  if (!/<\/(?:think|thinking|reasoning)>/i.test(text)) return text;
  const lines = text.split("\n");
  const inside = insideMask(lines);
  const at = lines.findIndex((l, i) => !inside[i] && LONE_CLOSE.test(l));
  return at < 0 ? text : lines.slice(at + 1).join("\n");
}

// A chat template the server does not apply right lets the end-of-turn token through as text, at
// the very end of the answer: inside a block that never closes it would be written as the file's
// last line. Only tokens at the end count, and the plain-looking ones only on a line of their own:
// a file that handles them (a prompt template) or ends in HTML's </s> keeps its own.
const END_TOKENS = /(?:<\|(?:im_end|eot_id|eom_id|end_of_text|endoftext|end|EOT)\|>|<｜end▁of▁sentence｜>|(?<=^|\n|[`~])(?:<end_of_turn>|<eos>|<\/s>))\s*$/;

/** The answer without end-of-turn tokens leaked at its end. */
export function dropEndTokens(text: string): string {
  let out = text;
  while (END_TOKENS.test(out)) out = out.replace(END_TOKENS, "");
  return out;
}

// gpt-oss answers in channels (OpenAI's harmony format): drafts of the file in "analysis", the
// answer in "final". A server that does not parse them passes the tokens on in the content, or
// drops the tokens and leaves their words ("analysis…assistantfinal…"). Either way the drafts
// come first, and the final message may start on the marker's line, hiding its opening fence.
const HARMONY = /^\s*(?:<\|start\|>\s*assistant\s*)?<\|channel\|>/;
const HARMONY_FINAL = /<\|channel\|>\s*final\b[^<]*(?:<\|constrain\|>[^<]*)?<\|message\|>/g;
const HARMONY_END = /<\|(?:end|return|call)\|>[\s\S]*$/;
const BARE_HARMONY = /^\s*analysis\S[\s\S]*?assistantfinal/;

/** The final message of a harmony answer; null when it has none; undefined when the answer is not one. */
function harmonyFinal(text: string): string | null | undefined {
  if (HARMONY.test(text)) {
    const finals = [...text.matchAll(HARMONY_FINAL)];
    const last = finals[finals.length - 1];
    return last ? text.slice(last.index + last[0].length).replace(HARMONY_END, "") : null;
  }
  if (!BARE_HARMONY.test(text)) return undefined;
  return text.slice(text.lastIndexOf("assistantfinal") + "assistantfinal".length);
}

const END_MARK = /^([ \t]*(?:`{3,}|~{3,}))[ \t]*(?:<end_code>|<\/code>|<\/pre>|<\/source>)[ \t]*$/i;
const LONE_END = /^\s*<end_code>\s*$/i;
const OPEN_TAG = /^\s*<(code|pre|source|codeblock)(?:\s[^>]*)?>\s*$/i;
const CLOSE_TAG = /^\s*<\/(code|pre|source|codeblock)>\s*$/i;
const NAME_ON_FENCE = /^(\s*)(\S+\.\w{1,8}):?[ \t]+(`{3,}|~{3,})([^`]*)$/;
const MARKUP = new Set(["markdown", "html", "vue", "svelte", "xml"]);
// Unique enough never to meet a fence inside: what <code>…</code> becomes.
const TAG_FENCE = "~~~~~~~~~~~~";

/**
 * The answer's lines with tool markers made plain Markdown: end markers dropped, wrapper tags
 * around a fence dropped, a <code>…</code> pair with no fence inside turned into a fence.
 * Lines inside fenced blocks are left alone (an HTML file may hold <code>).
 */
export function normalizeMarkers(input: readonly string[], notes: string[], language: string): string[] {
  const lines: string[] = [];
  for (const l of input) {
    // Most lines hold no marker: test cheaply before the expressions.
    if (!l.includes("```") && !l.includes("~~~") && !l.includes("<end_code>")) {
      lines.push(l);
      continue;
    }
    const m = NAME_ON_FENCE.exec(l);
    if (m && !fenceLine(l)) lines.push(`${m[1]}${m[2]}`, `${m[1]}${m[3]}${m[4]}`);
    else if (!LONE_END.test(l)) lines.push(l.replace(END_MARK, "$1"));
  }
  if (lines.length !== input.length || lines.some((l, i) => l !== input[i])) notes.push("tool markers around the code dropped");

  // In HTML and Markdown, <code> and <pre> lines are the file's own.
  if (MARKUP.has(language) || !lines.some((l) => l.includes("</") || OPEN_TAG.test(l))) return lines;
  const inside = insideMask(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (inside[i]) {
      out.push(l);
      continue;
    }
    const open = OPEN_TAG.exec(l);
    if (open) {
      const next = lines.slice(i + 1).findIndex((x) => x.trim() !== "");
      const close = lines.findIndex((x, j) => j > i && !inside[j] && CLOSE_TAG.test(x));
      const hasFence = close > i && lines.slice(i + 1, close).some((x) => fenceLine(x));
      if (next >= 0 && fenceLine(lines[i + 1 + next]!)) continue;
      if (close > i && !hasFence) {
        notes.push(`<${open[1]}> tags read as a code block`);
        out.push(TAG_FENCE, ...lines.slice(i + 1, close), TAG_FENCE);
        i = close;
        continue;
      }
    }
    if (CLOSE_TAG.test(l) && out.length && lastNonBlankIsFence(out)) continue;
    out.push(l);
  }
  return out;
}

function lastNonBlankIsFence(out: readonly string[]): boolean {
  for (let k = out.length - 1; k >= 0; k--) if (out[k]!.trim()) return fenceLine(out[k]!) !== null;
  return false;
}

/** For each line, whether it is content of a fenced block (fence lines themselves are not). */
export function insideMask(lines: readonly string[]): boolean[] {
  const mask = lines.map(() => false);
  for (const b of scanBlocks(lines)) {
    for (let j = b.open + 1; j < (b.close ?? lines.length); j++) mask[j] = true;
  }
  return mask;
}

const SEARCH = /^<{5,9} SEARCH>?\s*$/m;
const DIVIDER = /^={5,9}\s*$/m;
const REPLACE = /^>{5,9} REPLACE\s*$/m;
const CONFLICT = /^<{7} \S.*\n[\s\S]*^={7}\s*\n[\s\S]*^>{7} \S/m;
const DIFF = /^--- \S.*\n\+\+\+ \S.*\n@@ /m;
// Models often drop the ---/+++ header and keep only the hunks.
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m;

const BEGIN_PATCH = /^\*\*\* Begin Patch\s*$/m;

/**
 * Why the content is an edit rather than a whole file, or null. Given the file's language, markers
 * inside its strings, comments or here-documents are the file's own: a test of an edit parser
 * holds a SEARCH/REPLACE sample, a setup script pipes a diff to `patch`.
 */
export function editShape(content: string, outputFile: string, language = ""): string | null {
  const at = (re: RegExp) => inCode(re, content, language);
  if (at(SEARCH) && DIVIDER.test(content) && REPLACE.test(content)) {
    return "the answer is a SEARCH/REPLACE edit, not the whole file";
  }
  if (at(BEGIN_PATCH)) return "the answer is an apply_patch edit, not the whole file";
  if (at(CONFLICT)) return "the answer holds merge-conflict markers (<<<<<<< ======= >>>>>>>)";
  if ((at(DIFF) || at(HUNK)) && !/\.(diff|patch)$/i.test(outputFile)) return "the answer is a diff, not the whole file";
  return null;
}

/** Whether a match of `re` starts outside the language's strings and comments (anywhere, when they are not read). */
function inCode(re: RegExp, content: string, language: string): boolean {
  let seen = 0;
  for (const m of content.matchAll(new RegExp(re.source, `${re.flags}g`))) {
    // Each look reads the file up to the match: a few are enough to tell a file of samples.
    if (++seen > 8 || unclosedAtEnd(content.slice(0, m.index), language) === null) return true;
  }
  return false;
}
