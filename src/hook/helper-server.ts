import { chmodSync, lstatSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { answerFrame, FAIL_FRAME, PING, type HelperRequest } from "./helper-client.js";

export type { HelperRequest };

// The hook's resident helper: a Node process that answers hook events over a Unix socket with the
// code already compiled, where a hook's own process compiles it on every event (most of what a hook
// costs). One per user and build; never required: a hook that cannot reach it does the work itself.

export interface HelperOptions {
  socket: string;
  /** Gone after this long without a request. */
  idleMs: number;
  /** How often it checks that the socket is still its own (an update or a cleanup replaced or removed it). */
  watchMs: number;
  /**
   * An event not answered in this long gets a "do it yourself" (the hook then does the work in its
   * own process, as with no helper), and what the late answer would note is not done: the hook
   * notes it. Under the hook's own wait (entry.ts), so the two never both do it.
   */
  answerMs: number;
  /** The hook's output for one event ("" for none), and work to do once the hook has it. */
  answer: (request: HelperRequest) => Promise<Answered>;
  /** What else must hold for it to go on (its own files still there); checked with the socket. */
  stillValid?: () => boolean;
  /** Called when nothing answers on the socket, before it takes it: ends what is left of an earlier helper. */
  evict?: () => void;
}

export interface Answered {
  out: string;
  /** Notes and ledger lines the answer does not wait for: done once the hook has its answer. */
  after?: () => void;
}

/** A hook that has its answer closes its end at once; one that does not still gets its notes written. */
const AFTER_AT_LATEST_MS = 1_000;

/** How long a helper already on the socket has to answer a ping before it is taken for stuck. */
const PING_MS = 1_000;

export interface RunningHelper {
  /** Resolves when it has stopped: idle, socket taken, or asked to. */
  stopped: Promise<void>;
  stop(): void;
}

/** When this helper started, for `doctor` (helper-status.ts). */
const STARTED = new Date().toISOString();

/** Requests are an event (at most 16 MB, as a hook reads) and its environment. */
const MAX_REQUEST = 40 * 1024 * 1024;

/** Listens on `socket`; an error when its folder is not the user's alone or another helper already answers there. */
export async function serveHelper(opts: HelperOptions): Promise<Result<RunningHelper>> {
  const dir = privateDir(dirname(opts.socket));
  if (!dir.ok) return dir;
  if (await answers(opts.socket)) return fail("LOCKED", `a helper already answers on ${opts.socket}`);
  opts.evict?.();
  // Bound under a name of its own and renamed into place: a hook never finds a half-made socket,
  // and of two helpers started at once the later one wins; the other sees its socket gone and stops.
  const temp = join(dirname(opts.socket), `${process.pid}.new`);
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (s) => {
    open.add(s);
    s.once("close", () => open.delete(s));
    idle.refresh();
    onConnection(s, opts);
  });
  try {
    rmQuiet(temp);
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(temp, resolve));
    chmodSync(temp, 0o600);
    renameSync(temp, opts.socket);
  } catch (e) {
    server.close();
    rmQuiet(temp);
    return fail("IO", `cannot listen on ${opts.socket}: ${(e as Error).message}`);
  }
  const mine = identity(opts.socket);
  let stopResolve = (): void => {};
  const stopped = new Promise<void>((resolve) => (stopResolve = resolve));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idle);
    clearInterval(watch);
    if (identity(opts.socket) === mine) rmQuiet(opts.socket);
    // A hook still connected gets no answer and does the work itself.
    for (const s of open) s.destroy();
    server.close(() => stopResolve());
  };
  const idle = setTimeout(stop, opts.idleMs);
  const watch = setInterval(() => (identity(opts.socket) !== mine || opts.stillValid?.() === false ? stop() : undefined), opts.watchMs);
  return ok({ stopped, stop });
}

/** Reads one request line (or a ping), answers it, closes. */
function onConnection(s: Socket, opts: HelperOptions): void {
  s.on("error", () => s.destroy());
  // A hook that connects and says nothing, or never takes its answer, is not waited for.
  s.setTimeout(opts.answerMs + AFTER_AT_LATEST_MS, () => s.destroy());
  const chunks: Buffer[] = [];
  let size = 0;
  s.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST) return void s.destroy();
    chunks.push(chunk);
    if (!chunk.includes(0x0a)) return;
    s.removeAllListeners("data");
    const line = Buffer.concat(chunks).toString("utf8");
    if (line === PING) return void s.end(answerFrame(JSON.stringify({ pid: process.pid, since: STARTED })));
    const request = parseRequest(line);
    if (request) respond(s, request, opts);
    else s.end();
  });
}

/** The answer, or "do it yourself" when the handler fails or is late; its notes only with an answer. */
function respond(s: Socket, request: HelperRequest, opts: HelperOptions): void {
  let late = false;
  const send = (frame: string): void => {
    if (!s.writableEnded && !s.destroyed) s.end(frame);
  };
  const deadline = setTimeout(() => {
    late = true;
    send(FAIL_FRAME);
  }, opts.answerMs);
  opts.answer(request).then(
    (a) => {
      if (late) return;
      clearTimeout(deadline);
      send(answerFrame(a.out));
      if (a.after) onceAnswered(s, a.after);
    },
    // A failure here may be the helper's own (a file of its build removed): the hook tries itself.
    () => {
      if (late) return;
      clearTimeout(deadline);
      send(FAIL_FRAME);
    },
  );
}

/**
 * Runs `work` once the hook has closed its end (it has its answer and is printing it), so that
 * the notes do not compete with the hook's last steps for the machine's cores.
 */
function onceAnswered(s: Socket, work: () => void): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    clearTimeout(atLatest);
    work();
  };
  const atLatest = setTimeout(run, AFTER_AT_LATEST_MS);
  s.once("close", run);
}

function parseRequest(line: string): HelperRequest | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const { event, input, env, cwd, cliPath } = v as Record<string, unknown>;
  if (event !== "SessionStart" && event !== "UserPromptSubmit" && event !== "PreToolUse") return null;
  if (typeof input !== "string" || typeof cwd !== "string" || typeof cliPath !== "string") return null;
  if (typeof env !== "object" || env === null || Object.values(env).some((x) => typeof x !== "string")) return null;
  return { event, input, env: env as Record<string, string>, cwd, cliPath };
}

/**
 * The socket's folder, made if missing, and refused unless it is a real folder of this user's
 * that nobody else may enter: whoever can open the socket can have hook events answered. Only in
 * a state folder that exists: a helper started as its folder was being removed (a finished test, a
 * cleaned-up home) must not bring the folder back and stay in it.
 */
function privateDir(dir: string): Result<string> {
  try {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let st = lstatSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return fail("IO", `${dir} is not a folder of this user's`);
    if ((st.mode & 0o077) !== 0) {
      chmodSync(dir, 0o700);
      st = lstatSync(dir);
    }
    return (st.mode & 0o077) === 0 ? ok(dir) : fail("IO", `${dir} is open to other users`);
  } catch (e) {
    return fail("IO", `cannot make ${dir}: ${(e as Error).message}`);
  }
}

/** Whether a helper answers a ping on the socket now: one that only accepts connections is stuck. */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(socket);
    let got = "";
    const done = (yes: boolean): void => {
      clearTimeout(timer);
      c.destroy();
      resolve(yes);
    };
    const timer = setTimeout(() => done(false), PING_MS);
    c.once("connect", () => c.write(PING));
    c.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.endsWith("\n")) done(true);
    });
    c.once("error", () => done(false));
    c.once("end", () => done(got.endsWith("\n")));
  });
}

/**
 * What tells this socket file from another at the same path: a socket removed and made again may
 * get the same inode number back, but not the same times.
 */
function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}:${st.birthtimeMs}:${st.ctimeMs}`;
  } catch {
    return null;
  }
}

function rmQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
