import { fail, FailureError, ok, type Result } from "../errors.js";
import type { WriteStep } from "../write/transaction.js";

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Progress lines go to stderr only when a person watches it; Claude's Bash captures it otherwise. */
  stderrIsTTY: boolean;
  /** Colours only for a person's terminal (or FORCE_COLOR); absent means not a terminal. */
  stdoutIsTTY?: boolean | undefined;
  /** All of stdin; CANCELLED when `signal` fires before its end; USAGE once past `limit`, if given. */
  readStdin: (limit?: StdinLimit) => Promise<Result<string>>;
  signal?: AbortSignal | undefined;
  /** Set by bin.ts only for the kill tests (LOCAL_DELEGATE_TEST_PAUSE): pauses at a step of a file change. */
  onWriteStep?: ((step: WriteStep) => void) | undefined;
}

/** What stdin holds (`spec`, `plan`) and the most of it a command takes. */
export interface StdinLimit {
  what: string;
  maxBytes: number;
}

export function processIO(signal?: AbortSignal): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    // Read when a command needs it: --help and --version work even where there is no folder.
    get cwd() {
      return currentFolder();
    },
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    readStdin: (limit) => readAll(process.stdin, signal, limit),
    signal,
  };
}

/**
 * process.cwd(), or the user's to fix when the shell's folder was deleted since it went there:
 * Node throws then, and main() prints a FailureError as one line, not a stack trace.
 */
function currentFolder(): string {
  try {
    return process.cwd();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? "the current folder no longer exists (it was deleted or moved)" : `cannot read the current folder (${code ?? String(e)})`;
    throw new FailureError({ code: "IO", message, hint: "cd into the project and run the command again" });
  }
}

/**
 * A stream's text to its end. bin.ts turns Ctrl-C into `signal`, so a read that did not listen
 * to it would leave `run -` at a terminal or an open pipe ending only by SIGKILL. Past `limit` it
 * stops: a log piped by mistake, or /dev/zero, is refused without being held in memory whole.
 */
export function readAll(stream: NodeJS.ReadableStream & { destroy(): void }, signal?: AbortSignal, limit?: StdinLimit): Promise<Result<string>> {
  const cancelled = fail("CANCELLED", "cancelled while reading stdin");
  if (signal?.aborted) return Promise.resolve(cancelled);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (c: Buffer | string) => {
      const b = typeof c === "string" ? Buffer.from(c) : c;
      chunks.push(b);
      bytes += b.length;
      if (limit && bytes > limit.maxBytes) stop(fail("USAGE", `${limit.what} is over ${limit.maxBytes} bytes`));
    };
    const finish = (r: Result<string>) => {
      stream.off("data", onData).off("end", onEnd).off("error", onError);
      signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    const onEnd = () => finish(ok(Buffer.concat(chunks).toString("utf8")));
    const onError = (e: NodeJS.ErrnoException) => finish(fail("IO", `cannot read stdin: ${e.code ?? e.message}`));
    const stop = (r: Result<string>) => {
      finish(r);
      // A stdin still open would keep the process alive after its line is printed.
      stream.destroy();
    };
    const onAbort = () => stop(cancelled);
    stream.on("data", onData).on("end", onEnd).on("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
