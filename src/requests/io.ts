import type { WriteStep } from "../write/transaction.js";
import type { EngineEvent } from "../engine/events.js";
import { formatFailure, type Failure } from "../errors.js";

/** How far a request is: tasks done of total, and the one under way (a plan: 3/7; a run: 0/1, then 1/1). */
export interface Progress {
  done: number;
  total: number;
  current?: string | null;
}

/**
 * What a request hears from whoever asked for it, and tells them while it works. Nothing here
 * prints: the foreground command draws a progress line from it on a terminal, a job's worker
 * writes it to the job's state and log.
 */
export interface RequestHooks {
  /** Ctrl-C, or a job's cancel: stop the model call and the test command, restore the files. */
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  onEvent?: ((e: EngineEvent) => void) | undefined;
  /** Something that went wrong without changing the result (the ledger could not be written). */
  warn: (message: string) => void;
  /** The kill tests' pause points (cli/test-pause.ts); unset otherwise. */
  onWriteStep?: ((step: WriteStep) => void) | undefined;
}

/** A request's typed result and the exit code the foreground command ends with. */
export interface Done<T> {
  value: T;
  exitCode: number;
}

/** The line a plan or the qualification prints when it could not start: its input or set-up refused. */
export interface Refusal {
  status: "invalid";
  error: string;
  hint?: string;
}

export function refusal(f: Failure): Done<Refusal> {
  return { value: { status: "invalid", error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}) }, exitCode: 2 };
}
