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
 * waiting for the helper's end of the connection to close (Node shuts a socket down on a later
 * turn of its event loop than the one that wrote to it).
 */
export function answerFrame(out: string): string {
  return `${ANSWER_MARK}${JSON.stringify(out)}\n`;
}

/** "Do it yourself": the helper failed or was late, and the hook does the work in its own process. */
export const FAIL_FRAME = "!\n";

/** What a starting helper (or `doctor`) sends a helper already on the socket, which answers with its pid and start. */
export const PING = '"ping"\n';

/** The longest answer taken: a policy or a nudge is a few hundred bytes. */
const MAX_ANSWER = 1024 * 1024;

/**
 * What came of asking: the hook's output (possibly nothing), or why the hook does the work itself:
 * no helper listens (`absent`: start one), it has not answered within the wait (`stuck`: start one,
 * which ends it), or it said it could not or broke off (`failed`).
 */
export type Asked = { out: string } | { fallback: "absent" | "stuck" | "failed" };

/** Asks the helper on `socket` with one request line, as `helperRequest` writes it. */
export function askHelper(socket: string, request: string, waitMs: number): Promise<Asked> {
  const b = pipeBinding();
  if (!b) return Promise.resolve({ fallback: "failed" });
  let handle: PipeHandle;
  try {
    handle = new b.Pipe(b.socketType);
  } catch {
    return Promise.resolve({ fallback: "failed" });
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (asked: Asked): void => {
      if (done) return;
      done = true;
      handle.close();
      resolve(asked);
    };
    after(waitMs, () => finish({ fallback: "stuck" }));
    const req = new b.ConnectWrap();
    req.oncomplete = (status) => (status === 0 ? exchange(b, handle, request, finish) : finish({ fallback: "absent" }));
    try {
      if (handle.connect(req, socket) !== 0) finish({ fallback: "absent" });
    } catch {
      finish({ fallback: "absent" });
    }
  });
}

/** Writes the request and reads the answer to its frame's end. */
function exchange(b: PipeBinding, handle: PipeHandle, request: string, finish: (asked: Asked) => void): void {
  const failed: Asked = { fallback: "failed" };
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > MAX_ANSWER) return finish(failed);
    chunks.push(chunk);
    // A raw newline ends the frame: inside it, the JSON string escapes its own.
    if (chunk[chunk.length - 1] === 0x0a) finish(unframe(joinText(chunks)) ?? failed);
  };
  // Closed before a whole answer: a helper that failed.
  if (!readFrom(b, handle, onData, () => finish(failed), () => finish(failed))) return finish(failed);
  const req = new b.WriteWrap();
  req.handle = handle;
  // Called only when the write completes later; a failed write is also seen as a failed read.
  req.oncomplete = (status) => (status === 0 ? undefined : finish(failed));
  try {
    if (handle.writeUtf8String(req, request) !== 0) finish(failed);
  } catch {
    finish(failed);
  }
}

/** The output in a whole answer frame; null for "do it yourself" or anything else. */
function unframe(text: string): { out: string } | null {
  if (!text.startsWith(ANSWER_MARK)) return null;
  try {
    const out: unknown = JSON.parse(text.slice(ANSWER_MARK.length));
    return typeof out === "string" ? { out } : null;
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
  /** When the hook stops waiting (ms since the epoch): an answer later than this is the hook's to give, and its notes too. */
  until: number;
}

/** The request as the one line the helper reads. */
export function helperRequest(request: HelperRequest): string {
  return `${JSON.stringify(request)}\n`;
}
