// cl100k's split (CL100K_SPLIT) for text that is all ASCII, by character codes. The pattern's
// `\p{L}` and `\p{N}` classes take V8 about 10 ms to compile and warm on a run's first count, and
// its matching allocates a string and an array per piece; most prompts and answers are ASCII code,
// where a letter is [A-Za-z] and a number [0-9], and this scanner makes the same pieces without
// either cost. A test holds it to the pattern, piece for piece, on random and real texts.

const LETTER = 1;
const DIGIT = 2;
const SPACE = 3; // whitespace that is not a line break: \t \v \f and space (JS's \s in ASCII)
const BREAK = 4; // \r and \n
const OTHER = 5; // punctuation and control characters: neither \s, \p{L} nor \p{N}

const KIND = new Uint8Array(128).fill(OTHER);
for (let c = 65; c <= 90; c++) KIND[c] = KIND[c + 32] = LETTER;
for (let c = 48; c <= 57; c++) KIND[c] = DIGIT;
for (const c of [9, 11, 12, 32]) KIND[c] = SPACE;
KIND[10] = KIND[13] = BREAK;

/** Whether every character of `text` is ASCII, so `eachAsciiPiece` splits it as the pattern does. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Calls `visit` with the bounds of each piece CL100K_SPLIT makes of `text`, which must be ASCII. */
export function eachAsciiPiece(text: string, visit: (start: number, end: number) => void): void {
  for (let i = 0; i < text.length; ) {
    const end = pieceEnd(text, i);
    visit(i, end);
    i = end;
  }
}

function kindAt(text: string, i: number): number {
  return i < text.length ? KIND[text.charCodeAt(i)]! : 0;
}

function runEnd(text: string, i: number, kind: number): number {
  while (kindAt(text, i) === kind) i++;
  return i;
}

/** The end of the piece at `i`: the pattern's alternatives, tried in its order. */
function pieceEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const k = KIND[c]!;
  if (c === 39) {
    const contraction = contractionEnd(text, i);
    if (contraction) return contraction;
  }
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (k === LETTER) return runEnd(text, i, LETTER);
  if (k !== BREAK && k !== DIGIT && kindAt(text, i + 1) === LETTER) return runEnd(text, i + 1, LETTER);
  // \p{N}{1,3}
  if (k === DIGIT) return Math.min(runEnd(text, i, DIGIT), i + 3);
  // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
  const marks = c === 32 ? i + 1 : i;
  if (kindAt(text, marks) === OTHER) return runEnd(text, runEnd(text, marks, OTHER), BREAK);
  return spaceEnd(text, i);
}

/** `'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])`, or 0. OR-ing 0x20 lower-cases a letter. */
function contractionEnd(text: string, i: number): number {
  const a = i + 1 < text.length ? text.charCodeAt(i + 1) | 0x20 : 0;
  if (a === 0x73 || a === 0x64 || a === 0x6d || a === 0x74) return i + 2;
  const b = i + 2 < text.length ? text.charCodeAt(i + 2) | 0x20 : 0;
  if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return i + 3;
  return 0;
}

/** A piece of whitespace: `\s+$|\s*[\r\n]|\s+(?!\S)|\s`. */
function spaceEnd(text: string, i: number): number {
  let end = i;
  let lastBreak = -1;
  for (let k = kindAt(text, end); k === SPACE || k === BREAK; k = kindAt(text, ++end)) if (k === BREAK) lastBreak = end;
  if (end === text.length) return end;
  if (lastBreak >= 0) return lastBreak + 1;
  return end - i >= 2 ? end - 1 : i + 1;
}

/** Whether the character at `i` is an ASCII letter. */
export function isAsciiLetter(text: string, i: number): boolean {
  return kindAt(text, i) === LETTER;
}
