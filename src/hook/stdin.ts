import { fstatSync, readSync } from "node:fs";
import type { Readable } from "node:stream";

// The hook's input, read so that the hook's deadline timer fires whatever stdin does: a pipe or
// socket the parent keeps open, a non-blocking socket (waited on, never polled in a loop), a
// terminal. A synchronous read would block the event loop, timer included, for as long as the
// parent keeps stdin open; a read in libuv's thread pool would keep the process from exiting
// (exit waits for that thread). Claude Code writes the event and closes stdin; a parent that
// writes a whole event and leaves stdin open gets its answer at once (a JSON object followed by
// nothing but whitespace is whole). Null when the input passes `maxBytes` or cannot be read.

/**
 * Claude Code's stdin is a pipe or a socket. Reading it as `process.stdin` loads Node's socket and
 * stream modules and runs their code for the first time: about a fifth of a bare `node -e 0`,
 * twice the hook's whole budget. libuv's own pipe handle, which `net.Socket` wraps, reads it
 * through the same event loop for almost nothing; it is reached through `process.binding`, a
 * deprecated but still supported door (DEP0111, documentation-only), checked before use. Where
 * it is missing or not as expected (a newer Node, `--permission`), `process.stdin` reads instead.
 * `onWait` is called when the input is not whole after the event loop's first turn: the caller's
 * deadline timer is armed only then, as the first `setTimeout` costs a hook about 1% of a Node start
 * and Claude Code has usually written and closed stdin by the time the hook reads it.
 */
export function readInput(maxBytes: number, onWait: () => void = () => {}): Promise<string | null> {
  let kind: "file" | "pipe" | "other";
  try {
    const st = fstatSync(0);
    kind = st.isFile() ? "file" : st.isFIFO() || st.isSocket() ? "pipe" : "other";
  } catch {
    return Promise.resolve(null);
  }
  // A regular file never blocks; a pipe handle cannot wait on one (libuv aborts).
  if (kind === "file") return Promise.resolve(readFileInput(maxBytes));
  if (kind === "pipe") {
    const read = readPipeInput(maxBytes, onWait);
    if (read) return read;
  }
  onWait();
  return readStreamInput(process.stdin, maxBytes);
}

/** Chunks gathered up to the cap; `done` once, with the text or null. */
function collector(maxBytes: number, done: (text: string | null) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (text: string | null): void => {
    if (finished) return;
    finished = true;
    done(text);
  };
  const finishIfWhole = (): void => {
    if (finished) return;
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      JSON.parse(text);
    } catch {
      return;
    }
    finish(text);
  };
  return {
    get finished(): boolean {
      return finished;
    },
    push(chunk: Buffer): void {
      if (finished) return;
      size += chunk.length;
      if (size > maxBytes) return finish(null);
      chunks.push(chunk);
      // When stdin is closed, its end comes first and the text is parsed once, by the caller.
      if (endsWithBrace(chunk)) setImmediate(finishIfWhole);
    },
    end: (): void => finish(Buffer.concat(chunks).toString("utf8")),
    fail: (): void => finish(null),
  };
}

/**
 * Whether the chunk's last byte other than JSON's whitespace is `}`: the event may be whole. A
 * loop, not a regular expression, which a fresh process compiles on first use (stdin is read on
 * every hook event).
 */
function endsWithBrace(chunk: Buffer): boolean {
  for (let i = chunk.length - 1; i >= 0; i--) {
    const c = chunk[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c === 0x7d;
  }
  return false;
}

function readFileInput(maxBytes: number): string | null {
  let text: string | null = null;
  const c = collector(maxBytes, (t) => (text = t));
  const buf = Buffer.alloc(64 * 1024);
  try {
    for (let n = readSync(0, buf); n > 0 && !c.finished; n = readSync(0, buf)) c.push(Buffer.from(buf.subarray(0, n)));
    c.end();
  } catch {
    c.fail();
  }
  return text;
}

/** The parts of libuv's pipe handle (`Pipe` in Node's pipe_wrap) this reads with. */
interface PipeHandle {
  open(fd: number): number;
  readStart(): number;
  readStop(): number;
  close(): void;
  onread: ((this: PipeHandle, buffer: ArrayBuffer | undefined) => void) | null;
}

interface PipeBinding {
  Pipe: new (type: number) => PipeHandle;
  socketType: number;
  /** Where each read's byte count (or error) and offset are left for `onread`. */
  state: Int32Array;
  kBytesOrError: number;
  kOffset: number;
}

/** libuv's UV_EOF, the same on every platform (uv/errno.h); not read from the `uv` binding, which costs a hook about 0.5% of a Node start. */
const UV_EOF = -4095;

function pipeBinding(): PipeBinding | null {
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof binding !== "function") return null;
    const pipe = binding.call(process, "pipe_wrap") as { Pipe?: unknown; constants?: { SOCKET?: unknown } };
    const stream = binding.call(process, "stream_wrap") as { streamBaseState?: unknown; kReadBytesOrError?: unknown; kArrayBufferOffset?: unknown };
    const { Pipe, constants } = pipe;
    const { streamBaseState: state, kReadBytesOrError, kArrayBufferOffset } = stream;
    if (typeof Pipe !== "function" || typeof constants?.SOCKET !== "number" || !(state instanceof Int32Array)) return null;
    if (typeof kReadBytesOrError !== "number" || typeof kArrayBufferOffset !== "number") return null;
    return { Pipe: Pipe as PipeBinding["Pipe"], socketType: constants.SOCKET, state, kBytesOrError: kReadBytesOrError, kOffset: kArrayBufferOffset };
  } catch {
    return null;
  }
}

/** Reads a pipe or socket on fd 0 through the event loop; null when the handle is not available. */
function readPipeInput(maxBytes: number, onWait: () => void): Promise<string | null> | null {
  const b = pipeBinding();
  if (!b) return null;
  let handle: PipeHandle;
  try {
    handle = new b.Pipe(b.socketType);
    if (handle.open(0) !== 0) return null;
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    const c = collector(maxBytes, (text) => {
      // Nothing more is read, and the handle goes: an open stdin must not keep the process alive.
      handle.readStop();
      handle.close();
      resolve(text);
    });
    handle.onread = (buffer) => {
      const n = b.state[b.kBytesOrError]!;
      if (n > 0 && buffer) c.push(Buffer.from(buffer, b.state[b.kOffset], n));
      else if (n === UV_EOF) c.end();
      else if (n < 0) c.fail();
    };
    if (handle.readStart() !== 0) return c.fail();
    // Immediates run after the loop's first poll, which has read whatever the parent has written.
    setImmediate(() => {
      if (!c.finished) onWait();
    });
  });
}

/** The same through a Node stream (`process.stdin`): where the pipe handle is not available, or stdin is a terminal. */
export function readStreamInput(input: Readable, maxBytes: number): Promise<string | null> {
  return new Promise((resolve) => {
    const c = collector(maxBytes, (text) => {
      input.removeAllListeners("data");
      // Nothing more is read: an open stdin must not keep the process alive.
      input.destroy();
      resolve(text);
    });
    input.on("data", (chunk: Buffer) => c.push(chunk));
    input.on("end", c.end);
    input.on("error", c.fail);
  });
}
