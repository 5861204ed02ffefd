import { fail, ok, type Result } from "../errors.js";
import { fenceTagsFor } from "../lang/languages.js";
import { outerMarkdownBlock, parseFences, type FencedBlock } from "./fences.js";
import { parseJsonFile } from "./json-answer.js";
import { pathComment, pathInProse, samePath } from "./paths-named.js";

export type AnswerShape = "fence" | "json" | "file-tag" | "bare";

export interface Extracted {
  content: string;
  shape: AnswerShape;
  /** Oddities worth a line in the log: wrong tag, missing closing fence, chatter dropped. */
  notes: string[];
}

export interface ExtractOptions {
  outputFile: string;
  language: string;
  finishReason: string | null;
}

interface Candidate {
  content: string;
  shape: AnswerShape;
  named: string | null;
  tag: string;
  score: number;
  notes: string[];
}

const SHELL_TAGS = new Set(["bash", "sh", "shell", "console", "zsh", "terminal", "powershell", "cmd"]);
const EXAMPLE_WORDS = /\b(example|usage|use it|you can (call|run|use)|run (it|the tests?)|output|install)\b/i;
const ABBREVIATION = /^\s*(?:\/\/|#|\/\*|<!--)?\s*(?:\.\.\.|…)?\s*(?:rest of (?:the )?(?:code|file|implementation)|(?:existing|remaining|other) (?:code|methods|functions|tests)(?: (?:here|unchanged|remain(?:s)? the same|goes here))?|unchanged code|same as before)\b.*$/im;

/**
 * The content of the one file we asked for, from a local model's answer. Pure: the caller writes.
 * Refuses rather than guesses when the answer was cut off, names only other files, abbreviates
 * the file, or holds nothing usable: a refusal costs a retry, a wrong file costs the user's trust.
 */
export function extractFile(answer: string, opts: ExtractOptions): Result<Extracted> {
  if (opts.finishReason === "length") {
    return fail("TRUNCATED", "the answer was cut off at the output token limit (finish_reason: length), so nothing was written", {
      hint: "raise max_output_tokens or split the task",
    });
  }
  const notes: string[] = [];
  let text = answer.replace(/\r\n?/g, "\n");
  if (text !== answer) notes.push("CRLF line endings converted to LF");
  const thought = stripReasoning(text);
  if (thought === null) return fail("EXTRACT_FAILED", "the answer holds only reasoning (<think> never closed) and no file");
  if (thought !== text) notes.push("reasoning block dropped");
  text = thought;
  if (!text.trim()) return fail("EXTRACT_FAILED", "the answer is empty");

  const candidates = collectCandidates(text, opts);
  const wrong = candidates.filter((c) => c.named !== null && !samePath(c.named, opts.outputFile));
  const usable = candidates.filter((c) => !wrong.includes(c));
  if (!usable.length) {
    if (wrong.length) {
      const names = [...new Set(wrong.map((c) => c.named))].join(", ");
      return fail("EXTRACT_FAILED", `the answer is for ${names}, not ${opts.outputFile}`);
    }
    return fail("EXTRACT_FAILED", "no code block or file content found in the answer");
  }

  // A block that names our file beats any guess; among several, the last is the model's final word.
  const named = usable.filter((c) => c.named !== null);
  const best = named.length ? named[named.length - 1]! : usable.reduce((a, b) => (b.score > a.score ? b : a));
  if (wrong.length) notes.push(`ignored content for other files: ${[...new Set(wrong.map((c) => c.named))].join(", ")}`);
  if (usable.length > 1) notes.push(`chose 1 of ${usable.length} blocks`);

  const content = finish(best.content, opts.outputFile);
  if (!content.trim()) return fail("EXTRACT_FAILED", "the code block for the file is empty");
  const abbreviated = ABBREVIATION.exec(content);
  if (abbreviated) {
    return fail("EXTRACT_FAILED", `the answer abbreviates the file ("${abbreviated[0].trim().slice(0, 60)}") instead of writing all of it`);
  }
  return ok({ content, shape: best.shape, notes: [...notes, ...best.notes] });
}

function stripReasoning(text: string): string | null {
  let out = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, "");
  // Some servers strip the opening tag but keep the closing one.
  const lone = /^[\s\S]*?<\/(think|thinking|reasoning)>/i.exec(out);
  if (lone && !/<(think|thinking|reasoning)>/i.test(lone[0])) out = out.slice(lone[0].length);
  if (/<(think|thinking|reasoning)>/i.test(out)) {
    const before = out.split(/<(?:think|thinking|reasoning)>/i)[0] ?? "";
    return before.trim() ? before : null;
  }
  return out;
}

function collectCandidates(text: string, opts: ExtractOptions): Candidate[] {
  const wantTags = fenceTagsFor(opts.language);
  const isJsonFile = opts.language === "json";
  const out: Candidate[] = [];

  for (const m of text.matchAll(/<file\s+(?:path|name)=["']([^"']+)["']\s*>\n?([\s\S]*?)<\/file>/gi)) {
    const inner = parseFences(m[2]!);
    const content = inner.length === 1 && inner[0]!.closed ? inner[0]!.content : m[2]!;
    out.push({ content, shape: "file-tag", named: m[1]!, tag: "", score: 10, notes: [] });
  }
  if (out.length) return out;

  if (!isJsonFile) {
    const trimmed = text.trim();
    const fencedJson = parseFences(trimmed).filter((b) => b.tag === "json");
    const sources = trimmed.startsWith("{") ? [trimmed] : fencedJson.map((b) => b.content);
    for (const s of sources) {
      const j = parseJsonFile(s);
      if (j) out.push({ content: j.content, shape: "json", named: j.path, tag: "json", score: 8, notes: [] });
    }
    if (out.length) return out;
  }

  if (opts.language === "markdown") {
    const whole = outerMarkdownBlock(text);
    if (whole !== null) return [{ content: whole, shape: "fence", named: null, tag: "markdown", score: 10, notes: [] }];
  }

  const lines = text.split("\n");
  const blocks = parseFences(text);
  for (const b of blocks) out.push(scoreBlock(b, lines, wantTags, opts));
  if (out.length) return out;

  if (opts.language === "markdown") {
    return [{ content: dropLeadingChatter(text), shape: "bare", named: null, tag: "", score: 0, notes: ["no fence: took the whole answer"] }];
  }
  const bare = bareCode(text);
  return bare ? [{ content: bare, shape: "bare", named: pathComment(bare.split("\n")[0] ?? ""), tag: "", score: 0, notes: ["no fence: took the code lines of the answer"] }] : [];
}

function scoreBlock(b: FencedBlock, lines: string[], wantTags: string[], opts: ExtractOptions): Candidate {
  const notes: string[] = [];
  let score = 0;
  if (wantTags.includes(b.tag)) score += 3;
  else if (b.tag === "") score += 1;
  else if (SHELL_TAGS.has(b.tag) && opts.language !== "bash") score -= 4;
  else if (b.tag === "json" && opts.language !== "json") score -= 2;
  else if (b.tag === "text" || b.tag === "plaintext" || b.tag === "output") score -= 3;
  const lineCount = b.content.split("\n").length;
  score += Math.min(2, lineCount / 25);
  const before = lines.slice(Math.max(0, b.startLine - 2), b.startLine).join(" ");
  if (EXAMPLE_WORDS.test(before)) score -= 2;
  if (!b.closed) notes.push("the closing fence was missing");

  const first = b.content.split("\n")[0] ?? "";
  const named = b.infoPath ?? pathComment(first) ?? proseName(lines, b.startLine);
  if (!wantTags.includes(b.tag) && b.tag && !SHELL_TAGS.has(b.tag)) notes.push(`the block was tagged ${b.tag}, expected ${wantTags[0]}`);
  return { content: b.content, shape: "fence", named, tag: b.tag, score, notes };
}

/** A path in the line right before a block, when that line introduces it ("`src/a.ts`:"). */
function proseName(lines: string[], startLine: number): string | null {
  for (let k = startLine - 1; k >= 0 && k >= startLine - 2; k--) {
    const l = lines[k]!.trim();
    if (!l) continue;
    if (!/[:：]\s*$|^#+\s|^\*\*.*\*\*$|^`[^`]+`$/.test(l)) return null;
    return pathInProse(l);
  }
  return null;
}

/** Drops the first-line path comment naming our file, trailing blank lines; ends with one newline. */
function finish(content: string, outputFile: string): string {
  const lines = content.split("\n");
  const named = pathComment(lines[0] ?? "");
  if (named && samePath(named, outputFile)) lines.shift();
  while (lines.length && !lines[0]!.trim() && lines.length > 1 && !lines[1]!.trim()) lines.shift();
  const body = lines.join("\n").replace(/^\n+/, "").replace(/\s+$/, "");
  return body ? `${body}\n` : "";
}

const CODE_START = /^\s*(import|export|from|const|let|var|function|class|interface|type|enum|async|def|package|#include|#!|use |pub |fn |module|namespace|"use strict"|'use strict'|\/\/|\/\*|\*|#|@|\{|\[|<\?|<!|<[a-z])/;
const PROSE = /^[A-Z][^;{}()=<>]*[.!:]\s*$/;

/** Code with no fence: the lines from the first that looks like code to the last that is not prose. */
function bareCode(text: string): string | null {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => CODE_START.test(l));
  if (first < 0) return null;
  let last = lines.length - 1;
  while (last > first && (!lines[last]!.trim() || PROSE.test(lines[last]!.trim()))) last--;
  const body = lines.slice(first, last + 1);
  const codeish = body.filter((l) => /[;{}()=]|^\s*(def|class|import|return)\b/.test(l)).length;
  return codeish >= Math.max(1, body.filter((l) => l.trim()).length / 3) ? body.join("\n") : null;
}

function dropLeadingChatter(text: string): string {
  const lines = text.split("\n");
  while (lines.length > 1 && /^(sure|here|certainly|below|okay|ok)\b.*[:.!]\s*$/i.test(lines[0]!.trim())) lines.shift();
  return lines.join("\n");
}
