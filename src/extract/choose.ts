import { fail, ok, type Result } from "../errors.js";
import { fenceTagsFor, isTestFile } from "../lang/languages.js";
import type { Block } from "./fences.js";
import { claimPaths, relation, type Claim } from "./names.js";

// Which of the answer's blocks is the file. A block that names the file wins; blocks that name
// other files never are; unnamed blocks are taken only when nothing else could be meant. Where
// two readings remain, the answer is refused with what to do: a refusal costs a retry, a wrong
// file reported as written costs the user's trust.

export type AnswerShape = "fence" | "json" | "file-tag" | "bare";

export interface Candidate {
  content: string;
  shape: AnswerShape;
  claim: Claim;
  /** The fence's language word; "" when untagged or not fenced. */
  tag: string;
  /** Introduced as an example, usage, output or install step. */
  example: boolean;
  /** The lines just before the block (its introduction), "" when none. */
  intro: string;
  block: Block | null;
  notes: string[];
}

const SHELL = new Set(["bash", "sh", "shell", "console", "zsh", "terminal", "powershell", "ps1", "cmd", "bat"]);
const NOT_CODE = new Set(["text", "txt", "plaintext", "plain", "output", "log", "diff", "patch", "json", "markdown", "md"]);

type Fit = "tag" | "untagged" | "other" | "excluded";

function fit(c: Candidate, language: string): Fit {
  if (c.shape !== "fence" || fenceTagsFor(language).includes(c.tag)) return "tag";
  if (c.tag === "") return "untagged";
  return excludedTag(c.tag, language) ? "excluded" : "other";
}

/** Whether a fence's language word says its block is not the file: a command, an output, a diff. */
export function excludedTag(tag: string, language: string): boolean {
  return (SHELL.has(tag) || NOT_CODE.has(tag)) && !fenceTagsFor(language).includes(tag);
}

/** Lines with something on them: what a block holds of code, blank lines aside. */
const nonBlankLines = (s: string) => s.split("\n").filter((l) => l.trim()).length;
const key = (s: string) => s.replace(/\s+$/gm, "").trim();

/** Candidates with the same content once: a model repeating its file is not two answers. */
function distinct(cands: readonly Candidate[]): Candidate[] {
  if (cands.length < 2) return [...cands];
  return cands.filter((c, i) => cands.findIndex((d) => key(d.content) === key(c.content)) === i);
}

/** The block that is the file, or a refusal saying what was ambiguous. */
export function choose(all: readonly Candidate[], target: string, language: string): Result<Candidate> {
  const chosen = pick(all, target, language);
  if (chosen.ok && continuedAcross(chosen.value, all, language)) {
    return fail("EXTRACT_FAILED", `the answer splits ${target} over several blocks (one introduced as more of the other); answer with exactly one block holding the whole file`);
  }
  return chosen;
}

function pick(all: readonly Candidate[], target: string, language: string): Result<Candidate> {
  const cands = all.filter((c) => c.content.trim());
  if (!cands.length) return fail("EXTRACT_FAILED", all.length ? "the code block for the file is empty" : "no code block or file content found in the answer");
  const rel = cands.map((c) => relation(c.claim, target));
  const conflict = cands.find((_, i) => rel[i] === "conflict");
  if (conflict) {
    return fail("EXTRACT_FAILED", `one block is labelled both ${claimPaths(conflict.claim).join(" and ")}; answer with one block for ${target} only`);
  }
  const others = [...new Set(cands.filter((_, i) => rel[i] === "other").flatMap((c) => claimPaths(c.claim)))];
  const named = distinct(cands.filter((_, i) => rel[i] === "target"));
  if (named.length > 1) {
    return fail("EXTRACT_FAILED", `the answer holds ${named.length} different blocks for ${target}; answer with exactly one block holding the whole file`);
  }
  const note = others.length ? [`ignored blocks for other files: ${others.join(", ")}`] : [];
  if (named.length === 1) {
    if (correctedLater(named[0]!, cands, language)) {
      return fail("EXTRACT_FAILED", `the answer gives ${target} and then another version of it; answer with exactly one block holding the whole file`);
    }
    return ok(withNotes(named[0]!, note));
  }

  const unnamed = cands.filter((_, i) => rel[i] === "none");
  if (others.length) {
    // Other files are named and ours is not: only the one block plainly in our language, whose
    // introduction speaks of our file ("And the app module:"), may be it.
    const ours = distinct(unnamed.filter((c) => fit(c, language) === "tag" && !c.example && c.shape === "fence"));
    if (ours.length === 1 && speaksOf(ours[0]!.intro, target)) return ok(withNotes(ours[0]!, [...note, `took the one unnamed ${ours[0]!.tag} block`]));
    if (!ours.length) return fail("EXTRACT_FAILED", `the answer is for ${others.join(", ")}, not ${target}`);
    return fail("EXTRACT_FAILED", `the answer names ${others.join(", ")} but not ${target}; put ${target} in one block under its name`);
  }
  return chooseUnnamed(unnamed, target, language);
}

/** Whether a block's introduction uses the target's name without its extension ("the slugify helper"), or says tests when tests are the target. */
function speaksOf(intro: string, target: string): boolean {
  if (isTestFile(target) && /\b(?:tests?|specs?)\b/i.test(intro)) return true;
  const stem = (target.split("/").pop() ?? "").split(".")[0]!.toLowerCase();
  if (!stem) return false;
  const words = intro.toLowerCase().split(/[^\p{L}\p{N}_-]+/u);
  return words.includes(stem) || words.includes(stem.replace(/[-_]/g, " "));
}

function chooseUnnamed(unnamed: readonly Candidate[], target: string, language: string): Result<Candidate> {
  const byFit = (f: readonly Fit[]) => unnamed.filter((c) => f.includes(fit(c, language)));
  const plain = byFit(["tag", "untagged"]).filter((c) => !c.example);
  // An intro word can mark the file itself as an example ("Here's the install script:"). A larger
  // block tagged in the file's language then competes with the untagged blocks left, rather than
  // losing to a one-line command after it ("Make it executable:" chmod +x).
  const larger = (c: Candidate) => plain.every((p) => nonBlankLines(p.content) < nonBlankLines(c.content));
  const hidden = plain.length && plain.every((c) => c.tag === "") ? unnamed.filter((c) => c.example && c.tag !== "" && fit(c, language) === "tag" && larger(c)) : [];
  const tiers = [[...plain, ...hidden], byFit(["other"]).filter((c) => !c.example), byFit(["tag", "untagged", "other"]), [...unnamed]];
  const pool = distinct(tiers.find((t) => t.length) ?? []);
  if (pool.length === 1) return ok(withNotes(pool[0]!, unnamed.length > 1 ? [`chose 1 of ${unnamed.length} blocks`] : []));
  // Several: one may be the file and the rest fragments of it (a signature, a one-line call).
  const sorted = [...pool].sort((a, b) => nonBlankLines(b.content) - nonBlankLines(a.content));
  const best = sorted[0]!;
  // An untagged block beside a larger one tagged in the file's language is a tree, a command, an
  // output; unless that one joined only despite being introduced as an example, when the untagged
  // block may be the file.
  const aside = (c: Candidate) => c.tag === "" && fit(best, language) === "tag" && best.tag !== "" && !hidden.includes(best) && nonBlankLines(c.content) < nonBlankLines(best.content);
  // A one-line block tagged in the file's language may be the whole file (a re-export, an
  // index): it is not a fragment of an untagged block (a tree of folders), nor of larger code
  // after it that does not hold its line (a caller). After the file, it is a call or a command.
  const oneLiner = (c: Candidate) => c.tag !== "" && fit(c, language) === "tag" && nonBlankLines(c.content) <= 1;
  const before = (c: Candidate) => (c.block?.open ?? 0) < (best.block?.open ?? 0);
  const fragment = (c: Candidate) => fragmentOf(c.content, best.content) && !(oneLiner(c) && (best.tag === "" || (before(c) && !holdsLine(best.content, c.content))));
  if (sorted.slice(1).every((c) => aside(c) || fragment(c))) return ok(withNotes(best, [`chose the largest of ${pool.length} blocks`]));
  return fail("EXTRACT_FAILED", `the answer holds ${pool.length} different code blocks that could each be ${target}; answer with exactly one block holding the whole file`);
}

/**
 * Whether an unnamed block after the named one is another version of the file ("Wait, that
 * subtracts. Here's the corrected version:"): it starts as the file does or shares half its lines,
 * but is not an excerpt of it. The name stays on the first block, and writing it would write the
 * bug the model went on to fix.
 */
function correctedLater(named: Candidate, cands: readonly Candidate[], language: string): boolean {
  if (!named.block) return false;
  const file = codeLines(named.content);
  return cands.some((c) => {
    if (!c.block || c.block.open < named.block!.open || c.claim.kind !== "none" || c.example || fit(c, language) === "other" || fit(c, language) === "excluded") return false;
    const lines = codeLines(c.content);
    if (key(c.content) === key(named.content) || nonBlankLines(c.content) <= 1 || runIn(lines, file, 0)) return false;
    const shared = lines.filter((l) => file.includes(l)).length;
    return lines[0] === file[0] || shared * 2 >= lines.length;
  });
}

// Words that introduce more of one file: the next part ("Continuing with the rest of the file:",
// "**utils.py (continued)**", "Part 2:") or lines to add to it ("Also add at the bottom:").
const CONTINUED = /\b(?:continu(?:ed|es|ing|ation)|rest of (?:the |this )?(?:file|code|module|class|script|it)|remaining (?:code|part|functions|methods)|part (?:2|two|ii)|second (?:part|half))\b|\b(?:add|append|insert|put|place)\b[^.\n]*\b(?:(?:same|this|that) file|(?:bottom|end|top) of (?:it|the file|this file|the module)|(?:at|to) the (?:bottom|end|top)\s*[:.]?\s*$|(?:below|above) it)/i;

/**
 * Whether the chosen block and an unnamed block in the file's language are parts of one file,
 * the later introduced as more of it: the name sits on one part only, and writing it alone
 * would write part of the file, which may still parse.
 */
function continuedAcross(chosen: Candidate, cands: readonly Candidate[], language: string): boolean {
  const at = chosen.block?.open;
  if (at === undefined) return false;
  const parts = cands.filter((c) => c.block && c.block.open !== at && c.content.trim() && c.claim.kind === "none" && fit(c, language) !== "excluded");
  return parts.some((c) => (c.block!.open > at ? CONTINUED.test(c.intro) : CONTINUED.test(chosen.intro)));
}

/** Whether `part` is a run of whole lines of `whole`, starting no earlier than line `from`. */
function runIn(part: readonly string[], whole: readonly string[], from: number): boolean {
  for (let i = from; i + part.length <= whole.length; i++) if (part.every((l, j) => l === whole[i + j])) return true;
  return false;
}

/**
 * A one-line call, or a run of whole lines from inside the file (an excerpt). A smaller block
 * of new code is not a fragment: it may be the file, and the larger one another file. Nor is a
 * block that drops or shortens a line of the other, or keeps its first or last line: that is a
 * corrected version, and taking the larger would write the bug the model just fixed.
 */
function fragmentOf(small: string, best: string): boolean {
  if (nonBlankLines(small) <= 1) return true;
  const part = codeLines(small);
  const whole = codeLines(best);
  return runIn(part, whole.slice(0, -1), 1);
}

/** Whether a line of `whole` holds the one line of `line`, a trailing `;`, `{` or `:` aside. */
const holdsLine = (whole: string, line: string) => codeLines(whole).some((l) => l.includes(line.trim().replace(/[;{:]$/, "")));

const codeLines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

function withNotes(c: Candidate, notes: readonly string[]): Candidate {
  return { ...c, notes: [...notes, ...c.notes] };
}
