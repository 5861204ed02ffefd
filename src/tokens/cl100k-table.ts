// cl100k_base's 100,256 mergeable tokens as one binary table, read straight into typed arrays: no
// JavaScript to parse and no 100k-entry Map to build, which was most of what a count cost (about
// 0.1 s, in a thread of its own). The tokens are sorted by their bytes, so a rank is a binary search
// away. scripts/build.mjs writes the table (dist/cl100k.bin) from gpt-tokenizer's ranks, the
// reference the tests hold the counts to.
//
// Layout, little-endian: "cl1k", the token count n, the byte length of the tokens, then the offset
// of each token in the bytes (n + 1, in sorted order), the rank of each (n), and the bytes.

const MAGIC = 0x6b316c63; // "cl1k"
const HEAD = 3;

export interface RankTable {
  n: number;
  /** offsets[i]..offsets[i + 1]: the i-th token, in byte order, in `bytes`. */
  offsets: Uint32Array;
  ranks: Uint32Array;
  bytes: Uint8Array;
}

const compare = (a: Uint8Array, b: Uint8Array): number => {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** The table's bytes from the ranks (the index is the rank; a token that is no UTF-8 comes as its bytes). */
export function buildTable(ranks: readonly (string | readonly number[])[]): Uint8Array {
  const enc = new TextEncoder();
  const tokens = ranks.map((t, rank) => ({ rank, bytes: typeof t === "string" ? enc.encode(t) : Uint8Array.from(t) }));
  tokens.sort((a, b) => compare(a.bytes, b.bytes));
  for (let i = 1; i < tokens.length; i++) {
    if (compare(tokens[i - 1]!.bytes, tokens[i]!.bytes) === 0) throw new Error(`ranks ${tokens[i - 1]!.rank} and ${tokens[i]!.rank} are the same bytes`);
  }
  const n = tokens.length;
  const size = tokens.reduce((s, t) => s + t.bytes.length, 0);
  const words = new Uint32Array(HEAD + n + 1 + n);
  words.set([MAGIC, n, size]);
  const out = new Uint8Array(words.byteLength + size);
  let at = 0;
  tokens.forEach((t, i) => {
    words[HEAD + i] = at;
    words[HEAD + n + 1 + i] = t.rank;
    out.set(t.bytes, words.byteLength + at);
    at += t.bytes.length;
  });
  words[HEAD + n] = at;
  out.set(new Uint8Array(words.buffer));
  return out;
}

/** The table in `data`, or null when it is not one (cut short, or another file). */
export function parseTable(data: Uint8Array): RankTable | null {
  // Typed arrays need their start aligned to their element size; a copy when it is not.
  const buf = data.byteOffset % 4 === 0 ? data : data.slice();
  if (buf.byteLength < HEAD * 4) return null;
  const head = new Uint32Array(buf.buffer, buf.byteOffset, HEAD);
  const [magic, n, size] = [head[0]!, head[1]!, head[2]!];
  const wordsLen = (HEAD + 2 * n + 1) * 4;
  if (magic !== MAGIC || buf.byteLength !== wordsLen + size) return null;
  const offsets = new Uint32Array(buf.buffer, buf.byteOffset + HEAD * 4, n + 1);
  if (offsets[n] !== size) return null;
  return { n, offsets, ranks: new Uint32Array(buf.buffer, buf.byteOffset + (HEAD + n + 1) * 4, n), bytes: new Uint8Array(buf.buffer, buf.byteOffset + wordsLen, size) };
}

/** The rank of the token key[start..end], or Infinity when no token is those bytes. */
export function rankOf(t: RankTable, key: Uint8Array, start: number, end: number): number {
  const { offsets, bytes } = t;
  let lo = 0;
  let hi = t.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const a = offsets[mid]!;
    const aLen = offsets[mid + 1]! - a;
    const len = Math.min(aLen, end - start);
    let cmp = 0;
    for (let i = 0; i < len && cmp === 0; i++) cmp = bytes[a + i]! - key[start + i]!;
    if (cmp === 0) cmp = aLen - (end - start);
    if (cmp === 0) return t.ranks[mid]!;
    if (cmp < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return Infinity;
}

/**
 * How many tokens byte-pair merging makes of piece[0..len]: the pair of lowest rank merges first,
 * the leftmost of equals, until no pair is a token (gpt-tokenizer's bytePairMerge, counted). A
 * long piece (a run of one letter or of spaces, which the split leaves whole) goes through a heap:
 * scanning every pair for each merge is quadratic, and a 256 kB spec of one such run took 30 s.
 */
export function mergeCount(t: RankTable, piece: Uint8Array, len: number): number {
  return len > HEAP_FROM ? heapMergeCount(t, piece, len) : scanMergeCount(t, piece, len);
}

/** From this many bytes a piece is merged through the heap; below it the scan is quicker. */
const HEAP_FROM = 256;

function scanMergeCount(t: RankTable, piece: Uint8Array, len: number): number {
  const starts: number[] = [];
  const ranks: number[] = [];
  const rankAt = (i: number): number => (i + 2 < starts.length ? rankOf(t, piece, starts[i]!, starts[i + 2]!) : Infinity);
  for (let i = 0; i <= len; i++) {
    starts.push(i);
    ranks.push(i < len - 1 ? rankOf(t, piece, i, i + 2) : Infinity);
  }
  while (starts.length > 1) {
    let lowest = Infinity;
    let at = -1;
    for (let i = 0; i < ranks.length - 1; i++) {
      if (ranks[i]! < lowest) {
        lowest = ranks[i]!;
        at = i;
      }
    }
    if (at === -1) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = rankAt(at);
    if (at > 0) ranks[at - 1] = rankAt(at - 1);
  }
  return starts.length - 1;
}

/**
 * The same merges, in the same order: the parts are a linked list of their start offsets, and the
 * pairs wait in a heap ordered by rank, then offset (the leftmost of equals). An entry whose part
 * has merged away or whose pair has changed rank since is stale, and skipped.
 */
function heapMergeCount(t: RankTable, piece: Uint8Array, len: number): number {
  const next = new Int32Array(len + 1).map((_, i) => i + 1);
  const prev = new Int32Array(len + 1).map((_, i) => i - 1);
  const rank = new Float64Array(len + 1).fill(Infinity);
  const heap = new PairHeap();
  const pairAt = (i: number): void => {
    const end = next[i]! <= len ? next[next[i]!] : undefined;
    rank[i] = end !== undefined && end <= len ? rankOf(t, piece, i, end) : Infinity;
    if (rank[i] !== Infinity) heap.push(rank[i]!, i);
  };
  for (let i = 0; i < len; i++) pairAt(i);
  let parts = len;
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [r, i] = top;
    if (rank[i] !== r) continue;
    const gone = next[i]!;
    next[i] = next[gone]!;
    if (next[gone]! <= len) prev[next[gone]!] = i;
    rank[gone] = NaN;
    parts--;
    pairAt(i);
    if (prev[i]! >= 0) pairAt(prev[i]!);
  }
  return parts;
}

/** A binary min-heap of (rank, offset) pairs. */
class PairHeap {
  private ranks: number[] = [];
  private offsets: number[] = [];

  push(rank: number, offset: number): void {
    let i = this.ranks.length;
    this.ranks.push(rank);
    this.offsets.push(offset);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): [number, number] | undefined {
    if (this.ranks.length === 0) return undefined;
    const top: [number, number] = [this.ranks[0]!, this.offsets[0]!];
    const last = this.ranks.length - 1;
    this.swap(0, last);
    this.ranks.pop();
    this.offsets.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.ranks[a]! < this.ranks[b]! || (this.ranks[a] === this.ranks[b] && this.offsets[a]! < this.offsets[b]!);
  }

  private swap(a: number, b: number): void {
    [this.ranks[a], this.ranks[b]] = [this.ranks[b]!, this.ranks[a]!];
    [this.offsets[a], this.offsets[b]] = [this.offsets[b]!, this.offsets[a]!];
  }
}
