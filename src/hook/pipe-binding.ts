// libuv's pipe handle, the one `net.Socket` wraps, reached through `process.binding`: a deprecated
// but still supported door (DEP0111, documentation-only). The hook reads stdin with it and talks
// to its resident helper with it, because Node's net and stream modules cost a hook about a fifth
// of a bare `node -e 0` to load. Every part is checked before use; where one is missing or not as
// expected (a newer Node, `--permission`), the caller takes Node's public way instead.

/** A request's completion: `status` is 0 or a negative libuv error. */
interface Req {
  oncomplete: ((status: number) => void) | null;
}

/** The parts of `Pipe` (Node's pipe_wrap) the hook uses. */
export interface PipeHandle {
  open(fd: number): number;
  connect(req: Req, path: string): number;
  readStart(): number;
  readStop(): number;
  writeUtf8String(req: Req & { handle: PipeHandle }, text: string): number;
  close(): void;
  onread: ((this: PipeHandle, buffer: ArrayBuffer | undefined) => void) | null;
}

export interface PipeBinding {
  Pipe: new (type: number) => PipeHandle;
  ConnectWrap: new () => Req;
  WriteWrap: new () => Req & { handle: PipeHandle };
  socketType: number;
  /** Where each read's byte count (or error) and offset are left for `onread`, and whether a write completed later. */
  state: Int32Array;
  kBytesOrError: number;
  kOffset: number;
  kLastWriteWasAsync: number;
}

/** libuv's UV_EOF, the same on every platform (uv/errno.h); not read from the `uv` binding, which costs a hook about 0.5% of a Node start. */
export const UV_EOF = -4095;

let cached: PipeBinding | null | undefined;

export function pipeBinding(): PipeBinding | null {
  if (cached === undefined) cached = findBinding();
  return cached;
}

/** Node's pipe_wrap and stream_wrap bindings, unchecked; null where `process.binding` is missing or refuses. */
function wrapBindings(): { pipe: { Pipe?: unknown; PipeConnectWrap?: unknown; constants?: { SOCKET?: unknown; SERVER?: unknown } }; stream: Record<string, unknown> } | null {
  const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
  if (typeof binding !== "function") return null;
  return { pipe: binding.call(process, "pipe_wrap") as object, stream: binding.call(process, "stream_wrap") as Record<string, unknown> };
}

function findBinding(): PipeBinding | null {
  try {
    const wraps = wrapBindings();
    if (!wraps) return null;
    const { pipe, stream } = wraps;
    const { Pipe, PipeConnectWrap, constants } = pipe;
    const { streamBaseState: state, kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync, WriteWrap } = stream;
    if (typeof Pipe !== "function" || typeof PipeConnectWrap !== "function" || typeof WriteWrap !== "function") return null;
    if (typeof constants?.SOCKET !== "number" || !(state instanceof Int32Array)) return null;
    if (typeof kReadBytesOrError !== "number" || typeof kArrayBufferOffset !== "number" || typeof kLastWriteWasAsync !== "number") return null;
    return {
      Pipe: Pipe as PipeBinding["Pipe"],
      ConnectWrap: PipeConnectWrap as PipeBinding["ConnectWrap"],
      WriteWrap: WriteWrap as PipeBinding["WriteWrap"],
      socketType: constants.SOCKET,
      state,
      kBytesOrError: kReadBytesOrError,
      kOffset: kArrayBufferOffset,
      kLastWriteWasAsync,
    };
  } catch {
    return null;
  }
}

/**
 * The chunks as one string: UTF-8 is `toString`'s default, and naming it costs a fresh process
 * the compiling of Node's encoding lookup; one chunk (most events) needs no copy.
 */
export function joinText(chunks: readonly Buffer[]): string {
  return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString();
}

/** Calls `onData` with each chunk read, `onEnd` at the end, `onFail` on an error; false when reading cannot start. */
export function readFrom(b: PipeBinding, handle: PipeHandle, onData: (chunk: Buffer) => void, onEnd: () => void, onFail: () => void): boolean {
  handle.onread = (buffer) => {
    const n = b.state[b.kBytesOrError]!;
    if (n > 0 && buffer) onData(Buffer.from(buffer, b.state[b.kOffset], n));
    else if (n === UV_EOF) onEnd();
    else if (n < 0) onFail();
  };
  return handle.readStart() === 0;
}

/** The parts of a listening `Pipe` and of an accepted one that the resident helper uses (helper-listen.ts). */
export interface ServerPipe {
  bind(path: string): number;
  listen(backlog: number): number;
  close(done?: () => void): void;
  onconnection: ((status: number, client: PipeHandle & AcceptedPipe) => void) | null;
}

export interface AcceptedPipe {
  shutdown(req: Req & { handle: PipeHandle }): number;
}

export interface PipeServerBinding extends PipeBinding {
  Server: new (type: number) => ServerPipe;
  serverType: number;
  ShutdownWrap: new () => Req & { handle: PipeHandle };
}

/** The pipe binding with its listening side, for the helper; null where any part is missing. */
export function pipeServerBinding(): PipeServerBinding | null {
  const b = pipeBinding();
  if (!b) return null;
  try {
    const wraps = wrapBindings();
    const constants = wraps?.pipe.constants;
    const ShutdownWrap = wraps?.stream.ShutdownWrap;
    if (typeof constants?.SERVER !== "number" || typeof ShutdownWrap !== "function") return null;
    const proto = (b.Pipe as unknown as { prototype: Record<string, unknown> }).prototype;
    if (!["bind", "listen", "shutdown", "close"].every((m) => typeof proto[m] === "function")) return null;
    return { ...b, Server: b.Pipe as unknown as PipeServerBinding["Server"], serverType: constants.SERVER, ShutdownWrap: ShutdownWrap as PipeServerBinding["ShutdownWrap"] };
  } catch {
    return null;
  }
}
