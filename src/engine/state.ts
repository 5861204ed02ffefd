import type { PromptCacheUse } from "../model/wire.js";
import type { CheckFailure } from "./checks.js";
import type { AttemptPromptCache } from "./result.js";

/**
 * What a run has learned so far, filled in step by step: the attempts made, the model that
 * answered, its token counts, and the file it last wrote. One record passed from step to step
 * rather than variables shared through a closure, so each step says what it changes.
 */
export interface RunState {
  started: number;
  attempts: number;
  /** Whether the last answer held a usable file; null before any answer. */
  wellFormed: boolean | null;
  model: string | null;
  server: string | null;
  /** The server's token counts summed over the answered attempts; null when any of them came without. */
  usage: { prompt: number; completion: number } | null;
  /** An answered attempt came without usage: the run's total is unknown from then on. */
  usageMissing: boolean;
  /** Per answered attempt whose server said so: prompt tokens processed and taken from its cache. */
  promptCache: AttemptPromptCache[];
  notes: string[];
  /** The tasks whose interrupted runs' files were put back before this run began. */
  recovered: string[];
  /** The content written by the last attempt that reached the checks. */
  content: string | null;
  /** Other files a rename updated. */
  updated: string[];
  /** The backup run holding what this run changed. */
  runId: string | null;
  /** What checked the file that was written: the syntax gate's name, and whether commands ran. */
  checked: { syntax: string; commands: boolean } | null;
  /** The test command passed without reading the file the model wrote (so it did not check it). */
  testsUnread: boolean;
  lastFailure: CheckFailure | null;
  /** The output limit (max_tokens) the last answer was cut off at, for the retry to go past it; null when it was not cut. */
  cutAt: number | null;
}

export function newRunState(now = Date.now()): RunState {
  return { started: now, attempts: 0, wellFormed: null, model: null, server: null, usage: null, usageMissing: false, promptCache: [], notes: [], recovered: [], content: null, updated: [], runId: null, checked: null, testsUnread: false, lastFailure: null, cutAt: null };
}

/**
 * Adds an answer's token counts. An answer without them makes the run's total unknown: the sum of
 * the other attempts would pass for the whole run in the ledger, and a server that reports
 * nothing has not reported zero.
 */
export function addUsage(state: RunState, usage: { prompt_tokens: number; completion_tokens: number } | null): void {
  if (!usage || state.usageMissing) {
    state.usageMissing = true;
    state.usage = null;
    return;
  }
  const u = state.usage ?? { prompt: 0, completion: 0 };
  state.usage = { prompt: u.prompt + usage.prompt_tokens, completion: u.completion + usage.completion_tokens };
}

/** Records what the server said of its prompt cache for the attempt just answered; nothing when it said nothing. */
export function addPromptCache(state: RunState, use: PromptCacheUse | null): void {
  if (use) state.promptCache.push({ attempt: state.attempts, prompt_n: use.prompt_n, cache_n: use.cache_n });
}
