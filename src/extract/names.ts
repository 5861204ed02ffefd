import { fenceLine } from "./fences.js";
import { isPathWord, normalizeNamedPath, samePath } from "./paths-named.js";

// Which file a block is for, from what the answer says around it: the line before the fence
// (aider's whole-file format puts the bare path there; chat models write "**foo.js**",
// "### `foo.js`", "File: foo.js" or "Here's the updated `foo.js`:"), the info string, a
// first-line path comment, a <file path> tag or a JSON "path".

export type Claim =
  | { kind: "none" }
  /** The block says it is this file. */
  | { kind: "named"; path: string }
  /** Introduced as the tests of this file: not the file itself. */
  | { kind: "tests-for"; path: string }
  /** The introducing sentence names several files. */
  | { kind: "several"; paths: string[] }
  /** Two sources name different files. */
  | { kind: "conflict"; paths: string[] };

const NONE: Claim = { kind: "none" };

// Decorations around a file name on its own line, peeled one at a time.
const PEEL: ReadonlyArray<[RegExp, string]> = [
  [/^#{1,6}\s+/, ""],
  [/^(?:[-*+]|\d+[.)])\s+/, ""],
  [/^(\*\*|__|\*|_|`)(.+)\1$/, "$2"],
  [/^(?:(?:new|updated|modified|complete|full)\s+)?(?:file\s*name|file(?:_?path)?|path)(?:\s+\d+)?\s*[:=]\s*/i, ""],
  [/\s*\([^()]*\)$/, ""],
  [/\s*[:：]$/, ""],
];

/** The path when the line is only a file name, however decorated ("**`src/a.py`** (new):"). */
export function standaloneName(line: string, target: string): string | null {
  let s = line.trim();
  for (let round = 0; round < 8; round++) {
    const before = s;
    for (const [re, to] of PEEL) s = s.replace(re, to).trim();
    if (s === before) break;
  }
  return isPathWord(s, target) ? normalizeNamedPath(s) : null;
}

const INTRO = /^(?:here(?:'s| is| are)|below|this is|the following|now|next|then|and|finally|also|create|save|put|update|updated|add|write|replace|change|modify|in|for)\b/i;
const TESTS = /\b(?:tests?|specs?|testing|test suite)\b/i;
const TEST_FILE = /(?:^|[/_.-])(?:tests?|specs?)(?:[/_.-]|$)|Tests?\.\w+$/;

/** Paths a sentence mentions: in backticks, in bold, or plain words with a file extension. */
function pathsIn(line: string, target: string): string[] {
  const words = [...line.matchAll(/`([^`]+)`|\*\*([^*]+)\*\*|([^\s`*()[\],;!?"']+)/g)].map((m) => (m[1] ?? m[2] ?? m[3]!).replace(/[.:]+$/, ""));
  const out: string[] = [];
  for (const w of words) {
    if (isPathWord(w, target) && !out.some((p) => samePath(p, w) && samePath(w, p))) out.push(normalizeNamedPath(w));
  }
  return out;
}

/** What a sentence right before a fence says the block is. Only introductions count. */
function proseClaim(line: string, target: string): Claim {
  if (!/[:：]\s*$/.test(line) && !INTRO.test(line.trim())) return NONE;
  return pathsClaim(line, target);
}

const STEP = /^(?:#{1,6}\s+)?\**\s*(?:(?:step|part)\s+)?(?:\d+\s*[:.)–—-]\s*)?\**\s*/i;

/**
 * What a heading with other words says the block right under it is: the file it names when it
 * introduces it ("### Step 2: Create `src/a.ts`", "## `src/a.ts` (entry point)"). A section
 * about a file ("### Running `main.py`", "## How `utils.py` works") heads a command or an
 * excerpt, not the file.
 */
function headingClaim(line: string, target: string): Claim {
  const title = line.trim().replace(STEP, "");
  const lead = /^(`[^`]+`|\S+)/.exec(title)?.[1] ?? "";
  return INTRO.test(title) || isPathWord(lead.replace(/[`*:,]/g, ""), target) ? pathsClaim(line, target) : NONE;
}

function pathsClaim(line: string, target: string): Claim {
  const paths = pathsIn(line, target);
  if (!paths.length) return NONE;
  if (paths.length > 1) return { kind: "several", paths };
  const p = paths[0]!;
  if (TESTS.test(line) && !TEST_FILE.test(p)) return { kind: "tests-for", path: p };
  return { kind: "named", path: p };
}

const HEADING = /^\s*(?:#{1,6}\s|\*\*[^*]+\*\*:?\s*$)/;

/**
 * The name the lines before the fence at `open` give the block, looking no further back than
 * `floor` (the end of the previous block): the nearest line in any form; a section heading or
 * bold title up to three lines further up. With `labelsOnly`, only a line that is the name alone
 * counts, not a sentence or heading that mentions it.
 */
export function nameBefore(lines: readonly string[], open: number, floor: number, target: string, labelsOnly = false): Claim {
  let seen = 0;
  for (let k = open - 1; k >= floor && seen < 4; k--) {
    const l = lines[k]!.trim();
    if (!l) continue;
    if (fenceLine(l) || /^<\/?\w[^>]*>$/.test(l)) return NONE;
    seen++;
    if (seen === 1 || HEADING.test(l)) {
      const name = standaloneName(l, target);
      if (name) return { kind: "named", path: name };
    }
    if (labelsOnly) {
      if (HEADING.test(l)) return NONE;
      continue;
    }
    if (seen === 1) {
      const prose = proseClaim(l, target);
      if (prose.kind !== "none") return prose;
    }
    if (HEADING.test(l)) return seen === 1 ? headingClaim(l, target) : NONE;
  }
  return NONE;
}

/**
 * One claim from several sources, strongest first (tag, info string, first-line comment, the
 * line before): names that agree make one name, names that disagree a conflict.
 */
export function combine(claims: readonly Claim[]): Claim {
  const named = claims.filter((c): c is Extract<Claim, { kind: "named" }> => c.kind === "named");
  if (named.length) {
    const paths = named.map((c) => c.path).filter((p, i, all) => all.findIndex((q) => samePath(q, p) || samePath(p, q)) === i);
    return paths.length === 1 ? named[0]! : { kind: "conflict", paths };
  }
  return claims.find((c) => c.kind !== "none") ?? NONE;
}

export type Relation = "target" | "other" | "none" | "conflict";

/** What a claim means for the file we asked for. */
export function relation(claim: Claim, target: string): Relation {
  switch (claim.kind) {
    case "none":
      return "none";
    case "named":
      return samePath(claim.path, target) ? "target" : "other";
    case "tests-for":
      return samePath(claim.path, target) ? "other" : "none";
    case "several":
      return claim.paths.some((p) => samePath(p, target)) ? "none" : "other";
    case "conflict":
      return claim.paths.some((p) => samePath(p, target)) ? "conflict" : "other";
  }
}

/** The files a claim names, for messages. */
export function claimPaths(claim: Claim): string[] {
  if (claim.kind === "named") return [claim.path];
  if (claim.kind === "tests-for") return [`tests of ${claim.path}`];
  if (claim.kind === "several" || claim.kind === "conflict") return claim.paths;
  return [];
}
