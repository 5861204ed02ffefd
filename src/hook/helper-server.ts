import { chmodSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { answerFrame, FAIL_FRAME, PING, type HelperRequest } from "./helper-client.js";
import { listenPipe, type Conn, type Listening } from "./helper-listen.js";
import { answers, identity, privateDir, rmQuiet } from "./helper-socket.js";

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

/** An answer is sent this long before the hook stops waiting at the latest: it must also reach the hook. */
const UNTIL_MARGIN_MS = 250;

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
  // and of two helpers started at once the later one wins; the other sees its socket replaced and
  // stops (neither ends the other: evict ends only helpers older than a start takes).
  const temp = join(dirname(opts.socket), `${process.pid}.new`);
  const open = new Set<Conn>();
  const pending = new Set<() => void>();
  rmQuiet(temp);
  const listening = listenPipe(temp, (c) => {
    idle.refresh();
    onConnection(c, opts, pending, open);
  });
  if (!listening.ok) {
    rmQuiet(temp);
    return listening;
  }
  const server: Listening = listening.value;
  try {
    chmodSync(temp, 0o600);
    renameSync(temp, opts.socket);
  } catch (e) {
    server.close(() => {});
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
    // Notes of events already answered are written now; a hook still waiting gets no answer and
    // does the work itself.
    for (const work of [...pending]) work();
    for (const c of [...open]) c.destroy();
    server.close(() => stopResolve());
  };
  const idle = setTimeout(stop, opts.idleMs);
  const watch = setInterval(() => (identity(opts.socket) !== mine || opts.stillValid?.() === false ? stop() : undefined), opts.watchMs);
  return ok({ stopped, stop });
}

/** Reads one request line (or a ping), answers it, closes. */
function onConnection(c: Conn, opts: HelperOptions, pending: Set<() => void>, open: Set<Conn>): void {
  if (c.closed) return;
  // A hook that connects and says nothing, or never takes its answer, is not waited for.
  const timeout = setTimeout(() => c.destroy(), opts.answerMs + AFTER_AT_LATEST_MS);
  open.add(c);
  c.onclose = () => {
    clearTimeout(timeout);
    open.delete(c);
  };
  const chunks: Buffer[] = [];
  let size = 0;
  // A hook that closes its end before a whole request has nothing more to send.
  c.onend = () => (c.ondata ? c.destroy() : undefined);
  c.ondata = (chunk) => {
    size += chunk.length;
    if (size > MAX_REQUEST) return c.destroy();
    chunks.push(chunk);
    if (!chunk.includes(0x0a)) return;
    c.ondata = null;
    const line = Buffer.concat(chunks).toString("utf8");
    if (line === PING) return c.end(answerFrame(JSON.stringify({ pid: process.pid, since: STARTED })));
    const request = parseRequest(line);
    if (request) respond(c, request, opts, pending);
    else c.end();
  };
}

/** The answer, or "do it yourself" when the handler fails or is late; its notes only with an answer. */
function respond(c: Conn, request: HelperRequest, opts: HelperOptions, pending: Set<() => void>): void {
  // Whether the hook is still there to get it: one that has gone (given up, or ended) or already
  // got its "do it yourself" gets no notes written for it, as it got no answer from here.
  const send = (frame: string): boolean => {
    const open = !c.closed && !c.ended && !c.hookEnded;
    c.end(frame);
    return open;
  };
  // By the hook's clock too: a request that waited in the queue leaves less time than answerMs.
  const budget = Math.min(opts.answerMs, request.until - Date.now() - UNTIL_MARGIN_MS);
  if (budget <= 0) return void send(FAIL_FRAME);
  const deadline = setTimeout(() => send(FAIL_FRAME), budget);
  opts.answer(request).then(
    (a) => {
      clearTimeout(deadline);
      if (send(answerFrame(a.out)) && a.after) onceAnswered(c, a.after, pending);
    },
    // A failure here may be the helper's own (a file of its build removed): the hook tries itself.
    () => {
      clearTimeout(deadline);
      send(FAIL_FRAME);
    },
  );
}

/**
 * Runs `work` once the hook has closed its end (it has its answer and is printing it), so that
 * the notes do not compete with the hook's last steps for the machine's cores.
 */
function onceAnswered(c: Conn, work: () => void, pending: Set<() => void>): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    pending.delete(run);
    clearTimeout(atLatest);
    work();
  };
  pending.add(run);
  const atLatest = setTimeout(run, AFTER_AT_LATEST_MS);
  const closed = c.onclose;
  c.onclose = () => {
    closed?.();
    run();
  };
}

function parseRequest(line: string): HelperRequest | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const { event, input, env, cwd, cliPath, until } = v as Record<string, unknown>;
  if (event !== "SessionStart" && event !== "UserPromptSubmit" && event !== "PreToolUse") return null;
  if (typeof input !== "string" || typeof cwd !== "string" || typeof cliPath !== "string" || typeof until !== "number") return null;
  if (typeof env !== "object" || env === null || Object.values(env).some((x) => typeof x !== "string")) return null;
  return { event, input, env: env as Record<string, string>, cwd, cliPath, until };
}
