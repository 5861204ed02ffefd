// Writes a tiny llama-architecture GGUF whose weights are set by hand so that real llama.cpp
// answers a scripted text to any chat prompt. No trained weights, no download, no dependency.
//
// How it works: every answer piece is one user-defined token. Embeddings are one-hot (token t sets
// dimension t), the single block's attention and feed-forward outputs are zero, so the hidden state
// at the last position is just the last token's one-hot vector, RMS-normalised. The output matrix is
// then a next-token table: output[dst][src] is how much `src` wants to be followed by `dst`. Any
// token that is not an answer piece leads to the first piece, each piece to the next, the last
// piece to <|im_end|> (the end-of-generation token). The tokenizer (SentencePiece-style with byte
// fallback) and the ChatML chat template are real, so prompts are tokenized and templated by the
// server as usual, and usage counts are real token counts.
//
// The margins are wide (about 20 logits between the chosen token and the runner-up), so the answer
// comes out the same under the server's default sampling at any usual temperature.

import { writeFileSync } from "node:fs";

export interface ScriptedGgufOptions {
  /**
   * The text the model answers. A string is split into pieces (see `splitAnswer`), one token each;
   * an array gives the pieces explicitly. Either way the model emits the pieces in order, then stops.
   */
  answer: string | string[];
  /**
   * A second answer, one token, that the model gives when a grammar or `response_format` JSON
   * schema forbids the first piece of `answer` (it is the runner-up after every prompt).
   */
  jsonAnswer?: string;
  /** `llama.context_length`, the training context the server defaults `--ctx-size` to. Default 4096. */
  contextLength?: number;
  /** `general.name`. Default "scripted-llama". */
  name?: string;
}

/** The generation prompt the chat template ends with. Its last token must not be an answer piece. */
const GENERATION_PROMPT_TAIL = "assistant\n";
const SPECIAL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"] as const;
const EOT = 4; // <|im_end|>
const SPACE = "\u2581"; // SentencePiece's visible space

/** Longest piece `splitAnswer` cuts a line into, in code points. */
export const MAX_PIECE_CHARS = 32;

/**
 * How a string answer becomes tokens: one piece per line (the newline stays with its line), lines
 * longer than MAX_PIECE_CHARS cut into chunks of that many code points. A piece that would repeat an
 * earlier piece, or be a token the vocabulary already has, is merged with its neighbour, because
 * every piece must be a distinct token. `usage.completion_tokens` for a full answer is the number
 * of pieces plus one (the end token).
 */
export function splitAnswer(answer: string): string[] {
  const raw: string[] = [];
  for (const line of answer.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const cps = Array.from(line);
    for (let i = 0; i < cps.length; i += MAX_PIECE_CHARS) raw.push(cps.slice(i, i + MAX_PIECE_CHARS).join(""));
  }
  const out: string[] = [];
  const used = new Set<string>();
  let pending = "";
  for (const piece of raw) {
    pending += piece;
    if (!isReserved(pending) && !used.has(pending)) {
      out.push(pending);
      used.add(pending);
      pending = "";
    }
  }
  // A clash left at the end goes into the previous pieces until it is unique.
  while (pending !== "") {
    const prev = out.pop();
    if (prev === undefined) break;
    used.delete(prev);
    pending = prev + pending;
    if (!isReserved(pending) && !used.has(pending)) {
      out.push(pending);
      pending = "";
    }
  }
  if (pending !== "") throw new Error(`scripted-gguf: cannot make a token of the answer ${JSON.stringify(answer)}`);
  return out;
}

/**
 * Texts a piece cannot be: existing vocabulary, and any tail of the generation prompt, which the
 * tokenizer would match as that piece, making the prompt's last token an answer piece.
 */
function isReserved(piece: string): boolean {
  if (piece === "" || piece === SPACE || (SPECIAL as readonly string[]).includes(piece)) return true;
  if (/^<0x[0-9A-F]{2}>$/.test(piece)) return true;
  return GENERATION_PROMPT_TAIL.endsWith(piece);
}

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// GGUF value types and token types, from the GGUF spec and llama.cpp's llama_token_type.
const GGUF = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;
const TOKEN = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, BYTE: 6 } as const;
const ALIGNMENT = 32;

type KvValue =
  | { type: typeof GGUF.U32 | typeof GGUF.I32 | typeof GGUF.F32; value: number }
  | { type: typeof GGUF.BOOL; value: boolean }
  | { type: typeof GGUF.STRING; value: string }
  | { type: typeof GGUF.ARRAY; of: typeof GGUF.I32 | typeof GGUF.F32; value: number[] }
  | { type: typeof GGUF.ARRAY; of: typeof GGUF.STRING; value: string[] };

/** Writes the model to `path` (overwriting). One file scripts one answer; write several for several. */
export function writeScriptedGguf(path: string, opts: ScriptedGgufOptions): void {
  const pieces = typeof opts.answer === "string" ? splitAnswer(opts.answer) : [...opts.answer];
  const seen = new Set<string>();
  for (const p of [...pieces, ...(opts.jsonAnswer !== undefined ? [opts.jsonAnswer] : [])]) {
    if (isReserved(p)) throw new Error(`scripted-gguf: ${JSON.stringify(p)} cannot be an answer piece (empty, existing token, or a tail of the generation prompt)`);
    if (seen.has(p)) throw new Error(`scripted-gguf: answer piece ${JSON.stringify(p)} repeats; every piece must be distinct`);
    seen.add(p);
  }
  if (pieces.length === 0) throw new Error("scripted-gguf: empty answer");

  // Vocabulary: specials, the 256 byte-fallback tokens, the space, then the scripted pieces.
  const tokens: string[] = [...SPECIAL];
  const types: number[] = [TOKEN.UNKNOWN, TOKEN.CONTROL, TOKEN.CONTROL, TOKEN.CONTROL, TOKEN.CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TOKEN.BYTE);
  }
  tokens.push(SPACE);
  types.push(TOKEN.NORMAL);
  const first = tokens.length;
  for (const p of pieces) {
    tokens.push(p);
    types.push(TOKEN.USER_DEFINED);
  }
  const json = opts.jsonAnswer !== undefined ? tokens.length : -1;
  if (opts.jsonAnswer !== undefined) {
    tokens.push(opts.jsonAnswer);
    types.push(TOKEN.USER_DEFINED);
  }
  const nVocab = tokens.length;

  // One-hot embeddings need a dimension per token; heads of 64.
  const nEmbd = Math.max(384, Math.ceil(nVocab / 64) * 64);
  const nHead = nEmbd / 64;
  const nFf = 128;

  const embd = new Float32Array(nVocab * nEmbd);
  for (let t = 0; t < nVocab; t++) embd[t * nEmbd + t] = 1;
  // GGUF dims are innermost first: output.weight [nEmbd, nVocab] is row-major [nVocab][nEmbd].
  const output = new Float32Array(nVocab * nEmbd);
  const prefer = (src: number, dst: number, w: number): void => {
    output[dst * nEmbd + src] = w;
  };
  const last = first + pieces.length - 1;
  for (let t = 0; t < nVocab; t++) {
    prefer(t, EOT, 2); // anything can end
    if (t >= first && t <= last) continue;
    if (t === json) continue;
    prefer(t, first, 4); // after any prompt: the answer
    if (json >= 0) prefer(t, json, 3); // unless a grammar forbids it
  }
  for (let t = first; t < last; t++) prefer(t, t + 1, 4);
  prefer(last, EOT, 4);
  if (json >= 0) prefer(json, EOT, 4);

  let seed = 1;
  const small = (n: number): Float32Array =>
    Float32Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed / 2147483648 - 0.5) * 0.04;
    });
  const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
  const zeros = (n: number): Float32Array => new Float32Array(n);
  const tensors: Array<[string, number[], Float32Array]> = [
    ["token_embd.weight", [nEmbd, nVocab], embd],
    ["output_norm.weight", [nEmbd], ones(nEmbd)],
    ["output.weight", [nEmbd, nVocab], output],
    ["blk.0.attn_norm.weight", [nEmbd], ones(nEmbd)],
    ["blk.0.attn_q.weight", [nEmbd, nEmbd], small(nEmbd * nEmbd)],
    ["blk.0.attn_k.weight", [nEmbd, nEmbd], small(nEmbd * nEmbd)],
    ["blk.0.attn_v.weight", [nEmbd, nEmbd], small(nEmbd * nEmbd)],
    ["blk.0.attn_output.weight", [nEmbd, nEmbd], zeros(nEmbd * nEmbd)], // attention adds nothing
    ["blk.0.ffn_norm.weight", [nEmbd], ones(nEmbd)],
    ["blk.0.ffn_gate.weight", [nEmbd, nFf], small(nEmbd * nFf)],
    ["blk.0.ffn_up.weight", [nEmbd, nFf], small(nEmbd * nFf)],
    ["blk.0.ffn_down.weight", [nFf, nEmbd], zeros(nFf * nEmbd)], // feed-forward adds nothing
  ];

  const kv: Array<[string, KvValue]> = [
    ["general.architecture", { type: GGUF.STRING, value: "llama" }],
    ["general.name", { type: GGUF.STRING, value: opts.name ?? "scripted-llama" }],
    ["general.file_type", { type: GGUF.U32, value: 0 }], // all F32
    ["llama.context_length", { type: GGUF.U32, value: opts.contextLength ?? 4096 }],
    ["llama.embedding_length", { type: GGUF.U32, value: nEmbd }],
    ["llama.block_count", { type: GGUF.U32, value: 1 }],
    ["llama.feed_forward_length", { type: GGUF.U32, value: nFf }],
    ["llama.attention.head_count", { type: GGUF.U32, value: nHead }],
    ["llama.attention.head_count_kv", { type: GGUF.U32, value: nHead }],
    ["llama.attention.layer_norm_rms_epsilon", { type: GGUF.F32, value: 1e-5 }],
    ["llama.rope.freq_base", { type: GGUF.F32, value: 10000 }],
    ["llama.rope.dimension_count", { type: GGUF.U32, value: 64 }],
    ["llama.vocab_size", { type: GGUF.U32, value: nVocab }],
    ["tokenizer.ggml.model", { type: GGUF.STRING, value: "llama" }],
    ["tokenizer.ggml.tokens", { type: GGUF.ARRAY, of: GGUF.STRING, value: tokens }],
    ["tokenizer.ggml.scores", { type: GGUF.ARRAY, of: GGUF.F32, value: new Array<number>(nVocab).fill(0) }],
    ["tokenizer.ggml.token_type", { type: GGUF.ARRAY, of: GGUF.I32, value: types }],
    ["tokenizer.ggml.bos_token_id", { type: GGUF.U32, value: 1 }],
    ["tokenizer.ggml.eos_token_id", { type: GGUF.U32, value: EOT }],
    ["tokenizer.ggml.eot_token_id", { type: GGUF.U32, value: EOT }],
    ["tokenizer.ggml.unknown_token_id", { type: GGUF.U32, value: 0 }],
    ["tokenizer.ggml.add_bos_token", { type: GGUF.BOOL, value: false }],
    ["tokenizer.ggml.add_eos_token", { type: GGUF.BOOL, value: false }],
    ["tokenizer.ggml.add_space_prefix", { type: GGUF.BOOL, value: false }],
    ["tokenizer.chat_template", { type: GGUF.STRING, value: CHATML_TEMPLATE }],
  ];

  writeFileSync(path, encodeGguf(kv, tensors));
}

/** GGUF v3, little-endian: header, key/values, tensor infos, padding, F32 tensor data. */
function encodeGguf(kv: Array<[string, KvValue]>, tensors: Array<[string, number[], Float32Array]>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (v: number): void => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    parts.push(b);
  };
  const i32 = (v: number): void => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    parts.push(b);
  };
  const f32 = (v: number): void => {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    parts.push(b);
  };
  const u64 = (v: number): void => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    parts.push(b);
  };
  const str = (s: string): void => {
    const b = Buffer.from(s, "utf8");
    u64(b.length);
    parts.push(b);
  };
  const pad = (n: number): number => (ALIGNMENT - (n % ALIGNMENT)) % ALIGNMENT;

  parts.push(Buffer.from("GGUF", "latin1"));
  u32(3);
  u64(tensors.length);
  u64(kv.length);
  for (const [key, v] of kv) {
    str(key);
    u32(v.type);
    switch (v.type) {
      case GGUF.U32:
        u32(v.value);
        break;
      case GGUF.I32:
        i32(v.value);
        break;
      case GGUF.F32:
        f32(v.value);
        break;
      case GGUF.BOOL:
        parts.push(Buffer.from([v.value ? 1 : 0]));
        break;
      case GGUF.STRING:
        str(v.value);
        break;
      case GGUF.ARRAY:
        u32(v.of);
        u64(v.value.length);
        if (v.of === GGUF.STRING) for (const s of v.value) str(s);
        else if (v.of === GGUF.F32) for (const x of v.value) f32(x);
        else for (const x of v.value) i32(x);
        break;
    }
  }
  let offset = 0;
  for (const [name, dims, data] of tensors) {
    str(name);
    u32(dims.length);
    for (const d of dims) u64(d);
    u32(0); // GGML_TYPE_F32
    u64(offset);
    offset += data.byteLength + pad(data.byteLength);
  }
  const header = Buffer.concat(parts);
  const out: Buffer[] = [header, Buffer.alloc(pad(header.length))];
  for (const [, , data] of tensors) {
    out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), Buffer.alloc(pad(data.byteLength)));
  }
  return Buffer.concat(out);
}
