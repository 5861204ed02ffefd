// Exact cl100k_base counts, as gpt-tokenizer makes them (the tests hold every count to it), from
// the binary table (cl100k-table.ts): loaded in a millisecond, in process, where gpt-tokenizer took
// about 0.1 s to build its tables. In dist/ the table is dist/cl100k.bin, beside the bundle; from the
// sources (tests) it is built from gpt-tokenizer's ranks on first use.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mergeCount, parseTable, rankOf, type RankTable } from "./cl100k-table.js";
import { eachAsciiPiece, isAscii } from "./split-ascii.js";

/**
 * How cl100k_base splits a text before merging, gpt-tokenizer's own pattern (a test holds it to
 * that): here rather than imported, since gpt-tokenizer's module compiles two more tokenizers'
 * patterns as it loads, and this one is compiled on the first count only.
 */
export const CL100K_SPLIT = String.raw`'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s`;
let split: RegExp | null = null;

/** The table's file name, beside the bundle (scripts/build.mjs writes it). */
export const TABLE_FILE = "cl100k.bin";

/**
 * The number of cl100k_base tokens in `text`. Special tokens (`<|endoftext|>`) count as the plain
 * text they are: they are not special in what Claude reads, and gpt-tokenizer's default refuses a
 * text holding one (it threw, and the run that was recording its ledger line failed).
 */
export function countWith(t: RankTable, text: string, memo: Map<string, number> = new Map()): number {
  let count = 0;
  let scratch = new Uint8Array(256);
  const enc = new TextEncoder();
  const add = (piece: string) => {
    // Code repeats its words: each piece is counted once.
    const known = memo.get(piece);
    if (known !== undefined) return void (count += known);
    if (piece.length * 3 > scratch.length) scratch = new Uint8Array(piece.length * 3);
    const len = enc.encodeInto(piece, scratch).written;
    // gpt-tokenizer looks a piece up whole as a string, here as its UTF-8 bytes: the same, but for a
    // piece holding a lone surrogate, which the encoder writes as U+FFFD. The 9 tokens holding U+FFFD
    // merge to themselves (a test checks it), so such a piece counts the same either way.
    const n = rankOf(t, scratch, 0, len) !== Infinity ? 1 : mergeCount(t, scratch, len);
    if (memo.size < MEMO_MAX) memo.set(piece, n);
    count += n;
  };
  // Most texts are ASCII: split by character codes, without compiling the pattern's Unicode classes.
  if (isAscii(text)) eachAsciiPiece(text, (s, e) => add(text.slice(s, e)));
  else for (const [piece] of text.matchAll((split ??= new RegExp(CL100K_SPLIT, "gu")))) add(piece);
  return count;
}

/** Pieces remembered per process, at most: a few MB. */
const MEMO_MAX = 50_000;

let loading: Promise<(text: string) => number> | null = null;

/** The counter, its table loaded once per process. */
export function cl100kCounter(): Promise<(text: string) => number> {
  const memo = new Map<string, number>();
  loading ??= loadTable().then((t) => (text: string) => countWith(t, text, memo));
  return loading;
}

async function loadTable(): Promise<RankTable> {
  const file = join(dirname(fileURLToPath(import.meta.url)), TABLE_FILE);
  if (!existsSync(file)) return parsed((await import("./cl100k-ranks.js")).rankTableBytes(), "gpt-tokenizer's ranks");
  return parsed(readFileSync(file), file);
}

function parsed(data: Uint8Array, from: string): RankTable {
  const t = parseTable(data);
  // A damaged install: the run says so as an internal error, with nothing written to the ledger.
  if (!t) throw new Error(`the token table ${from} is damaged; reinstall local-delegate`);
  return t;
}
