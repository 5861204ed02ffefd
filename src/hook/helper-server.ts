import { chmodSync, lstatSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { answerFrame, type HelperRequest } from "./helper-client.js";

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
   * An event not answered in this long gets no opinion, as a hook's own process gives none at its
   * deadline: the hook waits for the helper with no timer of its own (helper-client.ts).
   */
  answerMs: number;
  /** The hook's output for one event ("" for none), and work to do once the hook has it. */
  answer: (request: HelperRequest) => Promise<Answered>;
}

export interface Answered {
  out: string;
  /** Notes and ledger lines the answer does not wait for: done once the hook has its answer. */
  after?: () => void;
}

/** A hook that has its answer closes its end at once; one that does not still gets its notes written. */
const AFTER_AT_LATEST_MS = 1_000;

export interface RunningHelper {
  /** Resolves when it has stopped: idle, socket taken, or asked to. */
  stopped: Promise<void>;
  stop(): void;
}

/** Requests are an event (at most 16 MB, as a hook reads) and its environment. */
const MAX_REQUEST = 40 * 1024 * 1024;

/** Listens on `socket`; an error when its folder is not the user's alone or another helper already answers there. */
export async function serveHelper(opts: HelperOptions): Promise<Result<RunningHelper>> {
  const dir = privateDir(dirname(opts.socket));
  if (!dir.ok) return dir;
  if (await answers(opts.socket)) return fail("LOCKED", `a helper already answers on ${opts.socket}`);
  // Bound under a name of its own and renamed into place: a hook never finds a half-made socket,
  // and of two helpers started at once the later one wins; the other sees its socket gone and stops.
  const temp = join(dirname(opts.socket), `${process.pid}.new`);
  const server = createServer({ allowHalfOpen: true }, (s) => onConnection(s, opts, alive));
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
  const ino = inode(opts.socket);
  let stopResolve = (): void => {};
  const stopped = new Promise<void>((resolve) => (stopResolve = resolve));
  const stop = (): void => {
    clearTimeout(idle);
    clearInterval(watch);
    if (inode(opts.socket) === ino) rmQuiet(opts.socket);
    server.close(() => stopResolve());
  };
  const idle = setTimeout(stop, opts.idleMs);
  const watch = setInterval(() => (inode(opts.socket) === ino ? undefined : stop()), opts.watchMs);
  function alive(): void {
    idle.refresh();
  }
  return ok({ stopped, stop });
}

/** Reads one request line, answers it, closes. */
function onConnection(s: Socket, opts: HelperOptions, alive: () => void): void {
  alive();
  s.on("error", () => s.destroy());
  const chunks: Buffer[] = [];
  let size = 0;
  s.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST) return void s.destroy();
    chunks.push(chunk);
    if (chunk.includes(0x0a)) {
      s.removeAllListeners("data");
      const request = parseRequest(Buffer.concat(chunks).toString("utf8"));
      if (!request) return void s.end();
      const reply = (out: string): void => {
        clearTimeout(late);
        if (!s.writableEnded) s.end(answerFrame(out));
      };
      const late = setTimeout(() => reply(""), opts.answerMs);
      opts.answer(request).then(
        (a) => {
          reply(a.out);
          if (a.after) onceAnswered(s, a.after);
        },
        // A failure is no opinion, as a hook's own process gives none when it fails.
        () => reply(""),
      );
    }
  });
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

/** Whether something accepts connections on the socket now. */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(socket);
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

function inode(path: string): number | null {
  try {
    return statSync(path).ino;
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
