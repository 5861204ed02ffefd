import type { HookEventName } from "./event.js";
import { after } from "./quiet-timer.js";
import { joinText, pipeBinding, readFrom, type PipeBinding, type PipeHandle } from "./pipe-binding.js";

// A hook's side of its resident helper (helper-server.ts): one request line out, one answer in.
// Through libuv's pipe handle, as stdin is read (pipe-binding.ts): `node:net` would cost every
// event more than the helper saves it.

/** The first byte of an answer; the hook's output follows as a JSON string, then a newline. */
const ANSWER_MARK = "=";

/**
 * An answer as the helper sends it: one line, so that the hook knows it has all of it without
 * waiting for the helper to close the connection (which it does only after the notes and the
 * ledger line it writes once the answer is sent).
 */
export function answerFrame(out: string): string {
  return `${ANSWER_MARK}${JSON.stringify(out)}\n`;
}

/** The longest answer taken: a policy or a nudge is a few hundred bytes. */
const MAX_ANSWER = 1024 * 1024;

/**
 * The helper's answer (what the hook prints, possibly nothing), or null when there is no helper,
 * it fails, or it has not answered within `waitMs`: the hook then does the work itself. `request`
 * is one line, as `helperRequest` writes it.
 */
export function askHelper(socket: string, request: string, waitMs: number): Promise<string | null> {
  const b = pipeBinding();
  if (!b) return Promise.resolve(null);
  let handle: PipeHandle;
  try {
    handle = new b.Pipe(b.socketType);
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: string | null): void => {
      if (done) return;
      done = true;
      handle.close();
      resolve(answer);
    };
    after(waitMs, () => finish(null));
    const req = new b.ConnectWrap();
    req.oncomplete = (status) => (status === 0 ? exchange(b, handle, request, finish) : finish(null));
    try {
      if (handle.connect(req, socket) !== 0) finish(null);
    } catch {
      finish(null);
    }
  });
}

/** Writes the request and reads the answer to its end. */
function exchange(b: PipeBinding, handle: PipeHandle, request: string, finish: (answer: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > MAX_ANSWER) return finish(null);
    chunks.push(chunk);
    // A raw newline ends the frame: inside it, the JSON string escapes its own.
    if (chunk[chunk.length - 1] === 0x0a) finish(unframe(joinText(chunks)));
  };
  // Closed before a whole answer: a helper that failed.
  if (!readFrom(b, handle, onData, () => finish(null), () => finish(null))) return finish(null);
  const req = new b.WriteWrap();
  req.handle = handle;
  // Called only when the write completes later; a failed write is also seen as a failed read.
  req.oncomplete = (status) => (status === 0 ? undefined : finish(null));
  try {
    if (handle.writeUtf8String(req, request) !== 0) finish(null);
  } catch {
    finish(null);
  }
}

/** The output in a whole frame, or null. */
function unframe(text: string): string | null {
  if (!text.startsWith(ANSWER_MARK)) return null;
  try {
    const out: unknown = JSON.parse(text.slice(ANSWER_MARK.length));
    return typeof out === "string" ? out : null;
  } catch {
    return null;
  }
}

/**
 * One event as Claude Code sent it (`input`), the event the asking entry answers (any other gets
 * no opinion, as the entry would give), and what the hook was run with.
 */
export interface HelperRequest {
  event: HookEventName;
  input: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  cliPath: string;
}

/** The request as the one line the helper reads. */
export function helperRequest(request: HelperRequest): string {
  return `${JSON.stringify(request)}\n`;
}
