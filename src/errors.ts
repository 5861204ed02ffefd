// Errors are values: every failure the user or Claude can see has a stable `code`, a message a
// person can act on, and (for bad input) the field at fault. The CLI maps codes to exit codes.

export type ErrorCode =
  | "SPEC_INVALID" // the task spec failed validation
  | "CONFIG_INVALID" // the YAML config or an env override failed validation
  | "PATH_ESCAPE" // a path leaves the project, goes through a symlink out, or into .git/
  | "USAGE" // bad command-line arguments
  | "IO" // reading or writing a file failed
  | "LOCKED" // another run holds the file or server
  | "FILE_CHANGED" // a file the run works on was changed by someone else meanwhile: nothing was written over it
  | "MODEL_UNAVAILABLE" // connection refused, timeout, no model loaded
  | "MODEL_ERROR" // the server answered with an error
  | "CONTEXT_OVERFLOW" // prompt plus expected output does not fit the loaded context
  | "TRUNCATED" // the answer stopped at the token limit
  | "EXTRACT_FAILED" // no usable file content in the answer
  | "VERIFY_FAILED" // syntax, lint or tests failed
  | "TEST_COMMAND" // the lint or test command cannot run as written (not installed, a missing test file, a broken test file): not the model's doing
  | "CANCELLED" // the user or a job's cancel stopped the run
  | "INTERNAL";

export interface Failure {
  code: ErrorCode;
  message: string;
  /** The input field at fault, e.g. `output_file` or `context_files[2]`. */
  field?: string;
  /** What to do about it, when there is something to do. */
  hint?: string;
}

export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  extra: { field?: string; hint?: string } = {},
): { ok: false; error: Failure } => ({ ok: false, error: { code, message, ...extra } });

/** `field: message`, the form Claude and people read. */
export function formatFailure(f: Failure): string {
  const head = f.field ? `${f.field}: ${f.message}` : f.message;
  return f.hint ? `${head} (${f.hint})` : head;
}

/** Turns anything thrown by a library into a message, without a stack trace. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const code = (e as NodeJS.ErrnoException).code;
    const base = code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
    return cause instanceof Error && !base.includes(cause.message) ? `${base}: ${describeThrown(cause)}` : base;
  }
  return String(e);
}

/**
 * A failure raised where no Result can be returned (a path every command needs, computed deep in
 * a helper): the CLI prints it as the user's to fix, not as a bug.
 */
export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(formatFailure(failure));
  }
}

export const EXIT = { success: 0, failed: 1, invalid: 2, unavailable: 3 } as const;
