// Claude's tokenizer is not public: no library counts Claude 3+/4.x tokens offline, and the free
// count_tokens API needs a key and the network. So this counts with OpenAI's cl100k_base (the
// `gpt-tokenizer` package: pure JS, exact for cl100k) and scales by a calibration factor toward
// Claude's count. Published comparisons put cl100k 15–20 % under Claude on English and code (more
// on Opus 4.7+'s tokenizer); 1.2 is the middle of that, and the report measures the real ratio
// from the user's own transcripts (see ./transcript.ts) where it can.
//
// Loading the tokenizer builds a 100k-entry table (about 0.1 s), so nothing loads it until a count
// is needed, and the CLI starts it in a worker thread as a `run` or `plan run` begins
// (startTokenizer, from cli/main.ts), where it loads on the other core while the run works. In
// dist/ it is its own file, dist/tokens.js.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";

/** The multiplier from a cl100k_base count to the Claude count it stands for. */
export const CLAUDE_TOKEN_FACTOR = 1.2;

/** Names the counter in every ledger entry, so figures made with another factor are never mixed up silently. */
export const TOKENIZER_NAME = "cl100k_base";

type Count = (text: string) => number;

let inProcess: Promise<Count> | null = null;
let worker: { w: Worker; next: number; pending: Map<number, (c: number[]) => void> } | null = null;

function loadInProcess(): Promise<Count> {
  inProcess ??= import("./cl100k.js").then((m) => m.countTokens);
  return inProcess;
}

/**
 * Starts loading the tokenizer in a worker thread, when running from the bundle (dist/tokens.js
 * beside this file); from the sources, counts load in process on first use instead.
 */
export async function startTokenizer(): Promise<void> {
  if (worker || inProcess) return;
  const file = join(dirname(fileURLToPath(import.meta.url)), "tokens.js");
  if (!existsSync(file)) return;
  try {
    const { Worker } = await import("node:worker_threads");
    const w = new Worker(file);
    w.unref();
    const state = { w, next: 0, pending: new Map<number, (c: number[]) => void>() };
    w.on("message", (m: { id: number; counts: number[] }) => {
      state.pending.get(m.id)?.(m.counts);
      state.pending.delete(m.id);
    });
    w.on("error", () => {
      worker = null;
    });
    worker = state;
  } catch {
    worker = null;
  }
}

/** Exact cl100k_base counts of the texts. */
export async function countCl100kMany(texts: string[]): Promise<number[]> {
  const wk = worker;
  if (wk) {
    const id = wk.next++;
    const counts = await new Promise<number[] | null>((resolve) => {
      wk.pending.set(id, resolve);
      wk.w.ref();
      wk.w.postMessage({ id, texts });
      wk.w.once("error", () => resolve(null));
    });
    wk.w.unref();
    if (counts) return counts;
  }
  const count = await loadInProcess();
  return texts.map((t) => (t ? count(t) : 0));
}

/** The estimated Claude token counts: cl100k × factor, rounded up. */
export async function countClaudeTokensMany(texts: string[], factor = CLAUDE_TOKEN_FACTOR): Promise<number[]> {
  return (await countCl100kMany(texts)).map((n) => Math.ceil(n * factor));
}

/** Stops the worker, if one runs, so a long-lived process (a job worker) does not keep it. */
export async function stopTokenizer(): Promise<void> {
  const wk = worker;
  worker = null;
  if (wk) await wk.w.terminate();
}
