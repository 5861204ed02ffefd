import { CL100K_SPLIT } from "../tokens/cl100k.js";
import { eachAsciiPiece, isAsciiLetter } from "../tokens/split-ascii.js";

/**
 * A conservative estimate of a local model's tokens for budgeting a prompt. Local models use many
 * tokenizers; code averages about 3.5 characters a token in the common ones, so ASCII counts 3.2
 * characters a token. Other scripts take more tokens per character: about 2 characters a token
 * for Cyrillic, Greek, Hebrew or Arabic (two UTF-8 bytes each), and up to one or more a character
 * for CJK and the rest (three bytes and over). Counted by ASCII's rate, a file of Japanese
 * comments would be estimated at a third of its size, and the fit check would pass a prompt the
 * server then cuts. Text that is not words (hex tables, hashes, base64, numbers) is counted by its
 * pieces (`denseTokens`). The server's `usage` is the measured figure that the ledger records.
 */
export function estimateTokens(text: string): number {
  let twoByte = 0;
  let wide = 0;
  let astral = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) twoByte++;
    else if (c >= 0xd800 && c < 0xe000) astral++;
    else wide++;
  }
  const ascii = text.length - twoByte - wide - astral;
  const dense = ascii === text.length ? denseAsciiTokens(text) : denseTokens(text);
  // An emoji is two UTF-16 units and four UTF-8 bytes: two or three tokens.
  return Math.max(Math.ceil(ascii / 3.2 + twoByte / 2 + wide * 1.1 + astral * 1.5), dense);
}

let split: RegExp | null = null;

/**
 * Tokens counted from the pieces a BPE tokenizer splits text into before it merges (cl100k's
 * split, close to Llama 3's and Qwen's): no token spans two pieces, and a piece of letters in
 * no case pattern (base64, a hash) takes a token for every one or two of them. By characters
 * alone, a CRC table, a lockfile's hashes or an array of numbers came to half the tokens they
 * take, and the fit check passed a prompt the server then cut. Words and code have fewer pieces
 * than characters / 3.2, so there the character count stands. With 15 % for tokenizers that split
 * finer than cl100k.
 */
export function denseTokens(text: string): number {
  let n = 0;
  // Code repeats its words: each piece is weighed once.
  const seen = new Map<string, number>();
  for (const [piece] of text.matchAll((split ??= new RegExp(CL100K_SPLIT, "gu")))) {
    let w = seen.get(piece);
    if (w === undefined) {
      w = pieceTokens(piece);
      if (seen.size < 50_000) seen.set(piece, w);
    }
    n += w;
  }
  return Math.ceil(n * 1.15);
}

/**
 * `denseTokens` for a text that is all ASCII, by character codes (the same pieces, weighed by the
 * same sums in the same order, so the same figure): most prompts are ASCII code, and the pattern's
 * Unicode classes cost a run about 10 ms to compile and warm before its first count.
 */
export function denseAsciiTokens(text: string): number {
  let n = 0;
  eachAsciiPiece(text, (s, e) => (n += asciiPieceTokens(text, s, e)));
  return Math.ceil(n * 1.15);
}

function pieceTokens(piece: string): number {
  const word = /^([^\p{L}]?)(\p{L}+)$/u.exec(piece);
  // A letter's leading space is part of its token; any other leading mark mostly is not.
  if (word) return (word[1] && word[1] !== " " ? 1 : 0) + humps(word[2]!);
  if (/^\s+$/.test(piece)) return 1;
  if (/^\p{N}+$/u.test(piece)) return Math.max(1, piece.length / 2);
  const marks = piece.trim();
  // Symbols beyond ASCII (✅, an emoji) are split into their UTF-8 bytes: two or three tokens each.
  return Math.max(1, /[^\x00-\x7f]/.test(marks) ? Buffer.byteLength(marks) / 1.5 : marks.length / 2.5);
}

/**
 * A run of letters as tokens: a word or camelCase hump about five letters a token, capitals two in
 * three; letters in no case pattern (base64, a hash: many humps of a letter or two) two in three.
 * Accented letters are letters of their case (déjà is one hump); a script without case, one hump.
 */
function humps(letters: string): number {
  const parts = letters.match(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|[^\p{Lu}\p{Ll}]+/gu) ?? [];
  if (parts.length >= 3 && letters.length < parts.length * 2.5) return letters.length / 1.5;
  let n = 0;
  for (const h of parts) n += /^\p{Lu}+$/u.test(h) ? Math.max(1, h.length / 1.5) : Math.max(1, h.length / (/^\p{L}/u.test(h) && /\p{Ll}/u.test(h) ? 5 : 4));
  return n;
}

/** `pieceTokens` of the ASCII piece text[s, e). */
function asciiPieceTokens(text: string, s: number, e: number): number {
  const from = isAsciiLetter(text, s) ? s : s + 1;
  let letters = from < e;
  for (let i = from; letters && i < e; i++) letters = isAsciiLetter(text, i);
  if (letters) return (from > s && text.charCodeAt(s) !== 32 ? 1 : 0) + asciiHumps(text, from, e);
  let lead = s;
  let tail = e;
  while (lead < e && isSpace(text.charCodeAt(lead))) lead++;
  if (lead === e) return 1;
  let digits = true;
  for (let i = s; digits && i < e; i++) digits = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  if (digits) return Math.max(1, (e - s) / 2);
  while (isSpace(text.charCodeAt(tail - 1))) tail--;
  return Math.max(1, (tail - lead) / 2.5);
}

/** JS's whitespace in ASCII (what `trim` and `\s` take): \t \n \v \f \r and space. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** `humps` of the ASCII letters text[s, e): the same humps, summed in the same order. */
function asciiHumps(text: string, s: number, e: number): number {
  const upper = (i: number) => i < e && text.charCodeAt(i) <= 90;
  let parts = 0;
  let n = 0;
  for (let p = s; p < e; parts++) {
    let q = p;
    if (upper(p) && q + 1 < e && !upper(q + 1)) q++;
    if (q < e && !upper(q)) {
      while (q < e && !upper(q)) q++;
      n += Math.max(1, (q - p) / 5);
    } else {
      while (upper(q)) q++;
      // \p{Lu}+(?!\p{Ll}): a capital before a small letter starts the next hump.
      if (q < e && q - p > 1) q--;
      n += Math.max(1, (q - p) / 1.5);
    }
    p = q;
  }
  return parts >= 3 && e - s < parts * 2.5 ? (e - s) / 1.5 : n;
}
