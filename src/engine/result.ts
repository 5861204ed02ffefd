import type { ErrorCode, Failure } from "../errors.js";
import type { FailureKind } from "./checks.js";

export type RunStatus = "success" | "failed" | "escalated" | "unavailable" | "invalid" | "cancelled";

/**
 * The one line Claude reads. Short on purpose: every field here costs Claude tokens on every task
 * (a success is under 60), so what only people need (the model, local token counts, time) goes
 * to the ledger, `status` and `run --verbose` instead.
 */
export interface CompactResult {
  status: RunStatus;
  task_id: string | null;
  file: string | null;
  attempts: number;
  tests: "passed" | "failed" | "none";
  /**
   * Whether the last answer held a usable file (a format problem) apart from whether it worked (a
   * logic problem). Left out of a success, where it is always true.
   */
  well_formed?: boolean | null;
  lines?: number;
  /** "none" when nothing checked the written file: no syntax checker for its language and no test or lint command. */
  checked?: "none";
  /** Other files a rename updated. */
  updated?: string[];
  error?: string;
  hint?: string;
  /**
   * Where the versions of this run's files that someone else made while it ran are kept: the files
   * themselves went back as they were before the run. Only when there are any.
   */
  kept?: string[];
  /**
   * Tasks whose runs were interrupted (killed, crashed) and whose unverified files this run put
   * back as they were before them, first thing. Only when there are any.
   */
  recovered?: string[];
  /** false when a failed run could not put every file back; `backup` then says where the originals are. */
  restored?: false;
  backup?: string;
}

/** What `--verbose` adds to the line for a person: the model, its token counts, the time. */
export interface VerboseResult extends CompactResult {
  model?: string;
  local_tokens?: { prompt: number; completion: number };
  ms: number;
}

/** Everything about the run, for the ledger and the log; the compact result is cut from it. */
export interface RunOutcome {
  result: CompactResult;
  kind: string;
  code: ErrorCode | null;
  failureKind: FailureKind | null;
  server: string | null;
  /** The model that answered last, when one did. */
  model: string | null;
  /** The server's own token counts, summed over attempts; null when it reported none (not zero). */
  usage: { prompt: number; completion: number } | null;
  /** Per attempt (1-based) whose server reported it: prompt tokens processed afresh and taken from its cache. */
  promptCache: AttemptPromptCache[];
  ms: number;
  notes: string[];
  content: string | null;
  specText: string;
  /** The backup run (`backups/<task_id>/<run_id>/`) holding what this run changed; null if it changed nothing. */
  runId: string | null;
}

export interface AttemptPromptCache {
  attempt: number;
  /** Prompt tokens the server processed for this attempt (llama.cpp `timings.prompt_n`). */
  prompt_n: number;
  /** Prompt tokens it took from its cache instead (`timings.cache_n`). */
  cache_n: number;
}

export function verboseResult(o: Pick<RunOutcome, "result" | "model" | "usage" | "ms">): VerboseResult {
  return {
    ...o.result,
    ...(o.model ? { model: o.model } : {}),
    ...(o.usage ? { local_tokens: o.usage } : {}),
    ms: o.ms,
  };
}

export function statusForFailure(f: Failure): RunStatus {
  switch (f.code) {
    case "SPEC_INVALID":
    case "CONFIG_INVALID":
    case "PATH_ESCAPE":
    case "USAGE":
    case "TEST_COMMAND":
      return "invalid";
    case "MODEL_UNAVAILABLE":
      return "unavailable";
    case "CANCELLED":
      return "cancelled";
    default:
      return "failed";
  }
}

export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case "success":
      return 0;
    case "invalid":
      return 2;
    case "unavailable":
      return 3;
    case "cancelled":
      return 130;
    default:
      return 1;
  }
}
