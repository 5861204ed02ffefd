import { getSystemErrorName } from "node:util";
import { fail, ok, type Result } from "../errors.js";
import { pipeServerBinding, readFrom, type AcceptedPipe, type PipeHandle, type PipeServerBinding } from "./pipe-binding.js";

// The helper's side of its socket, on libuv's pipe handle as the hook's side is (helper-client.ts).
// A helper idle between events is woken by each one; node:net's sockets and streams then run a
// few hundred microseconds of cold code per connection while the hook waits (measured here 30 ms
// after the last event: a ping answered in 0.41 ms this way, in 0.64 ms through node:net).

/** One hook's connection. */
export interface Conn {
  /** Each chunk the hook sends. */
  ondata: ((chunk: Buffer) => void) | null;
  /** When the hook has closed its end (it has its answer, gave up, or had nothing to ask). */
  onend: (() => void) | null;
  /** Once, when the connection is closed: by the hook once it has its answer, on an error, or by `destroy`. */
  onclose: (() => void) | null;
  /** Whether `end` was called. */
  readonly ended: boolean;
  /** Whether the hook has closed its end. */
  readonly hookEnded: boolean;
  readonly closed: boolean;
  /** Writes `text` (if any) and ends this side; the connection closes when the hook closes its end. */
  end(text?: string): void;
  destroy(): void;
}

export interface Listening {
  close(done: () => void): void;
}

/** Listens on `path` (which must not exist); every connection is handed to `onConnection`. */
export function listenPipe(path: string, onConnection: (c: Conn) => void): Result<Listening> {
  const b = pipeServerBinding();
  if (!b) return fail("IO", "this Node has no pipe handle to listen with");
  const server = new b.Server(b.serverType);
  const status = server.bind(path) || server.listen(511);
  if (status !== 0) {
    server.close();
    return fail("IO", `cannot listen on ${path}: ${errorName(status)}`);
  }
  server.onconnection = (s, client) => {
    if (s === 0 && client) onConnection(accepted(b, client));
  };
  return ok({ close: (done) => server.close(done) });
}

function accepted(b: PipeServerBinding, handle: PipeHandle & AcceptedPipe): Conn {
  const conn: Conn = {
    ondata: null,
    onend: null,
    onclose: null,
    ended: false,
    // The hook's end closed (it has its answer, or gave up): the connection closes once this side has ended too.
    hookEnded: false,
    closed: false,
    end(text) {
      if (conn.ended || conn.closed) return;
      (conn as { ended: boolean }).ended = true;
      if (text && !written(b, handle, text, () => conn.destroy())) return conn.destroy();
      const shut = new b.ShutdownWrap();
      shut.handle = handle;
      shut.oncomplete = () => (conn.hookEnded ? conn.destroy() : undefined);
      if (handle.shutdown(shut) !== 0) conn.destroy();
    },
    destroy() {
      if (conn.closed) return;
      (conn as { closed: boolean }).closed = true;
      handle.close();
      conn.onclose?.();
    },
  };
  const onEnd = (): void => {
    (conn as { hookEnded: boolean }).hookEnded = true;
    if (conn.ended) conn.destroy();
    else conn.onend?.();
  };
  if (!readFrom(b, handle, (chunk) => conn.ondata?.(chunk), onEnd, () => conn.destroy())) conn.destroy();
  return conn;
}

/** Queues `text`; false when it cannot be. `onFail` when it fails later: the hook's lost answer. */
function written(b: PipeServerBinding, handle: PipeHandle, text: string, onFail: () => void): boolean {
  const write = new b.WriteWrap();
  write.handle = handle;
  // Called only when the write completes later.
  write.oncomplete = (status) => (status === 0 ? undefined : onFail());
  return handle.writeUtf8String(write, text) === 0;
}

function errorName(status: number): string {
  try {
    return getSystemErrorName(status);
  } catch {
    return String(status);
  }
}
