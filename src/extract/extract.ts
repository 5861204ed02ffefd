import { fail, ok, type Result } from "../errors.js";
import { isTestFile } from "../lang/languages.js";
import { bareCode, dropChatter } from "./bare.js";
import { fileTags } from "./file-tags.js";
import { checkChosen, cutFailure, splitBlocks } from "./checks.js";
import { choose, excludedTag, type AnswerShape, type Candidate } from "./choose.js";
import { parseInfo, scanBlocks, type Block } from "./fences.js";
import { parseJsonFile, toolCallBodies } from "./json-answer.js";
import { dropEndTokens, normalizeMarkers, stripReasoning } from "./markers.js";
import { blockClaim, floorOf, markdownAnswer } from "./markdown.js";
import { combine, relation, type Claim } from "./names.js";
import { isPathWord, pathComment } from "./paths-named.js";
import { importsItself } from "./self-import.js";

export type { AnswerShape } from "./choose.js";

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

const EXAMPLE_WORDS = /\b(example|usage|use it|you can (call|run|use)|run (it|the tests?)|output|install)\b/i;
// Tests volunteered after the file ("And some tests:") are not the file, unless tests were asked for.
const TESTS_WORDS = /\b(tests?|unit tests?|test cases?|pytest|specs?)\b/i;
const MD_KEEP = new Set(["", "text", "txt", "plaintext", "markdown", "md", "mdx", "gfm"]);

/**
 * The content of the one file we asked for, from a local model's answer. Pure: the caller writes.
 * Refuses rather than guesses when the answer was cut off, names only other files, holds two
 * different versions, abbreviates the file, or holds nothing usable: a refusal costs a retry, a
 * wrong file costs the user's trust. Refusal messages say what to change, for the retry prompt.
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
  const ended = dropEndTokens(text);
  if (ended !== text) notes.push("end-of-turn token at the end of the answer dropped");
  const thought = stripReasoning(ended);
  if (thought === null) return fail("EXTRACT_FAILED", "the answer holds only reasoning (a <think> block or gpt-oss analysis that never ends) and no file");
  if (thought !== ended) notes.push("reasoning block dropped");
  if (!thought.trim()) return fail("EXTRACT_FAILED", "the answer is empty");
  const lines = normalizeMarkers(thought.split("\n"), notes, opts.language);
  text = lines.join("\n");

  const found = collect(text, lines, opts);
  if (!found.ok) return found;
  const chosen = choose(found.value.cands, opts.outputFile, opts.language);
  if (!chosen.ok) {
    // Two blocks where one was meant: say why, when a fence line of the file split it.
    const split = opts.language !== "markdown" && /different (code )?blocks/.test(chosen.error.message) && splitBlocks(found.value.blocks, lines, opts.language);
    return split ? cutFailure(`the code for ${opts.outputFile} is split over several blocks`) : chosen;
  }
  const checked = checkChosen(chosen.value, { ...opts, lines, blocks: found.value.blocks });
  if (!checked.ok) return checked;
  return ok({ content: checked.value.content, shape: chosen.value.shape, notes: [...notes, ...chosen.value.notes, ...checked.value.notes] });
}

interface Found {
  cands: Candidate[];
  blocks: Block[];
}

const candidate = (content: string, shape: AnswerShape, claim: Claim, notes: string[] = []): Candidate => ({ content, shape, claim, tag: "", example: false, intro: "", block: null, notes });

/** Every piece of the answer that may be the file, in the strongest shape the answer uses. */
function collect(text: string, lines: readonly string[], opts: ExtractOptions): Result<Found> {
  const tagged = fileTags(text).map((t) => candidate(t.content, "file-tag", isPathWord(t.path, opts.outputFile) ? { kind: "named", path: t.path } : { kind: "none" }));
  if (tagged.length) return ok({ cands: tagged, blocks: [] });
  const json = jsonAnswer(text, lines, opts);
  if (json) return ok({ cands: json, blocks: [] });
  const md = opts.language === "markdown";
  const scanned = md ? markdownAnswer(text, lines, opts.outputFile) : ok({ blocks: scanBlocks(lines), whole: null });
  if (!scanned.ok) return scanned;
  const { blocks, whole } = scanned.value;
  if (whole !== null) return ok({ cands: [candidate(whole, "bare", { kind: "none" }, ["no fence around the document: took the whole answer"])], blocks: [] });
  let cands = blocks.map((b, k) => fenced(lines, blocks, k, opts));
  if (md && cands.length) {
    const kept = cands.filter((c) => MD_KEEP.has(c.tag));
    if (!kept.length) return fail("EXTRACT_FAILED", `the answer holds ${cands.map((c) => c.tag).join(", ")} code, not the Markdown of ${opts.outputFile}`);
    cands = kept;
  }
  if (cands.length) return ok({ cands, blocks });
  const bare = md ? dropChatter(text) : bareCode(text);
  if (!bare) return ok({ cands: [], blocks: [] });
  const claim = md ? { kind: "none" as const } : combine(commentNames(bare.split("\n"), opts));
  return ok({ cands: [candidate(bare, "bare", claim, ["no fence: took the code lines of the answer"])], blocks: [] });
}

/**
 * The file a JSON answer carries ({"path", "content"}, a tool call), when the answer is one. For a
 * JSON target only a wrapper that is nothing else counts: any other object is the file itself.
 */
function jsonAnswer(text: string, lines: readonly string[], opts: ExtractOptions): Candidate[] | null {
  const trimmed = text.trim();
  const target = opts.language === "json";
  const fences = /^[ \t]*(?:`{3,}|~{3,})[ \t]*json/im.test(text) ? scanBlocks(lines).filter((b) => b.fence.info.toLowerCase().startsWith("json")).map((b) => b.lines.join("\n")) : [];
  const sources = toolCallBodies(trimmed) ?? (trimmed.startsWith("{") ? [trimmed] : fences);
  const json = sources.flatMap((s) => {
    const j = parseJsonFile(s, target);
    return j ? [candidate(j.content, "json", j.path ? { kind: "named", path: j.path } : { kind: "none" })] : [];
  });
  // {"content": "Content", "file": "File"} is a translation file: a wrapper names a real path.
  if (target) return json.some((c) => c.claim.kind === "named" && isPathWord(c.claim.path, opts.outputFile)) ? json : null;
  // An object that names no file is the answer only when no block could be the file: beside
  // code, a ```json block with a "code" or "content" string is an example (an error body, a
  // chat message), and its string written as the file would pass for a success.
  const code = scanBlocks(lines).some((b) => !excludedTag(parseInfo(b.fence.info, (w) => isPathWord(w, opts.outputFile)).tag, opts.language));
  return json.some((c) => c.claim.kind === "named") || (json.length && !code) ? json : null;
}

function fenced(lines: readonly string[], blocks: readonly Block[], k: number, opts: ExtractOptions): Candidate {
  const b = blocks[k]!;
  const floor = floorOf(blocks, k);
  const comments = commentNames(b.lines, opts);
  const named = blockClaim(lines, b, floor, opts.outputFile, comments);
  const tag = b.fence.info ? parseInfo(b.fence.info, (w) => isPathWord(w, opts.outputFile)).tag : "";
  const intro = lines.slice(Math.max(floor, b.open - 2), b.open).join(" ");
  // A block labelled with the target's path (info string, path comment, the path alone on the line
  // before) is the file even when it seems to import itself: proj/celery.py imports the celery
  // package. Only a sentence that mentions the file ("Here's how to use `utils.py`:") makes way.
  const user = importsItself(b.lines.join("\n"), opts.outputFile, opts.language) && relation(blockClaim(lines, b, floor, opts.outputFile, comments, true), opts.outputFile) !== "target";
  const claim: Claim = user && relation(named, opts.outputFile) === "target" ? { kind: "none" } : named;
  const example = user || EXAMPLE_WORDS.test(intro) || (!isTestFile(opts.outputFile) && TESTS_WORDS.test(intro));
  return { content: b.lines.join("\n"), shape: "fence", claim, tag, example, intro, block: b, notes: [] };
}

/**
 * The files a block's comment lines name: its first line, and when that names one, any later
 * line that is only a path: a block labelled "# utils.py" that goes on to "# main.py" holds two
 * files, and writing it whole would put both in one.
 */
function commentNames(content: readonly string[], opts: ExtractOptions): Claim[] {
  const at = content.findIndex((l) => l.trim());
  const md = opts.language === "markdown";
  if (at < 0 || (md && !/^\s*<!--/.test(content[at]!))) return [];
  const first = pathComment(content[at]!);
  if (!first) return [];
  const later = md ? [] : content.slice(at + 1).flatMap((l) => pathComment(l) ?? []).filter((p) => isPathWord(p, opts.outputFile));
  return [first, ...later].map((path) => ({ kind: "named", path }));
}
