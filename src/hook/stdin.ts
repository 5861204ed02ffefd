import { constants, fstatSync, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { fsBinding, statNumbers } from "./fs-binding.js";
import { joinText, pipeBinding, readFrom, type PipeHandle } from "./pipe-binding.js";

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
 */
export function readInput(maxBytes: number): Promise<string | null> {
  const kind = stdinKind();
  if (kind === null) return Promise.resolve(null);
  // A regular file never blocks; a pipe handle cannot wait on one (libuv aborts).
  if (kind === "file") return Promise.resolve(readFileInput(maxBytes));
  if (kind === "pipe") {
    const read = readPipeInput(maxBytes);
    if (read) return read;
  }
  return readStreamInput(process.stdin, maxBytes);
}

type Kind = "file" | "pipe" | "other";

/**
 * What fd 0 is: through the fs binding (fs-binding.ts), else `fstatSync`.
 */
function stdinKind(): Kind | null {
  const { S_IFMT, S_IFREG, S_IFIFO, S_IFSOCK } = constants;
  const kindOf = (mode: number): Kind => ((mode & S_IFMT) === S_IFREG ? "file" : (mode & S_IFMT) === S_IFIFO || (mode & S_IFMT) === S_IFSOCK ? "pipe" : "other");
  try {
    const fs = fsBinding();
    const st = statNumbers(fs ? fs.fstat(0, false, undefined, false) : undefined);
    if (st) return kindOf(st.mode);
  } catch {
    /* fstatSync says */
  }
  try {
    return kindOf(fstatSync(0).mode);
  } catch {
    return null;
  }
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
    const whole = joinText(chunks);
    try {
      JSON.parse(whole);
    } catch {
      return;
    }
    finish(whole);
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
      // Parsed at once, not on a later turn of the event loop: an immediate's machinery costs a
      // hook 1% of a Node start. A chunk ending in `}` is most often the event's last.
      if (endsWithBrace(chunk)) finishIfWhole();
    },
    end: (): void => finish(joinText(chunks)),
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

/** Reads a pipe or socket on fd 0 through the event loop; null when the handle is not available. */
function readPipeInput(maxBytes: number): Promise<string | null> | null {
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
    if (readNow(c)) return;
    if (!readFrom(b, handle, (chunk) => c.push(chunk), c.end, c.fail)) return c.fail();
  });
}

/**
 * Reads what fd 0 holds now: the pipe handle made it non-blocking, so a read that would wait fails
 * at once instead. Claude Code has nearly always written the event and closed stdin by now, and
 * then the hook has it without a turn of the event loop. True when the input is settled (whole,
 * at its end, or failed); false when the rest must be waited for.
 */
function readNow(c: ReturnType<typeof collector>): boolean {
  const fs = fsBinding();
  if (!fs) return false;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(64 * 1024);
      const n = fs.read(0, buf, 0, buf.length, -1);
      if (typeof n !== "number") return false;
      if (n === 0) c.end();
      else c.push(buf.subarray(0, n));
      if (c.finished) return true;
    }
  } catch {
    // EAGAIN: the parent has not written all of it yet. Any other error is met again by the read below.
    return false;
  }
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
