import { closeSync, openSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { ensureFolder, ioReason, readRegularFile, type RegularRead } from "./fs.js";
import { sameProcess, selfIdentity } from "./process-id.js";

export interface LockOwner {
  pid: number;
  host: string;
  /** The holder's process identity (`util/process-id.ts`); absent in older locks and where there is none. */
  proc?: string | undefined;
  since: string;
  what: string;
}

export interface LockOptions {
  /** What holds the lock, shown to whoever waits ("task slugify on src/a.ts"). */
  what: string;
  waitMs: number;
  /** Called once when the lock is busy and the caller starts waiting. */
  onWait?: ((holder: LockOwner | null) => void) | undefined;
  pollMs?: number;
  signal?: AbortSignal | undefined;
}

export type Release = () => void;

/**
 * A holder refreshes its lock's time this often, so that a lock another machine's name is on can
 * be judged: its process cannot be asked from here, its time can. The machine's name changes
 * too (a Mac's follows the network), and a run killed under the old one must not hold its files
 * for good.
 */
const BEAT_MS = 30_000;
/** A lock under another machine's name whose time has not moved for this long has no live holder. */
const FOREIGN_STALE_MS = 6 * BEAT_MS;

/**
 * An exclusive lock file created with O_EXCL. A lock whose process is gone (killed, crashed,
 * machine rebooted), or whose pid now names another process, is taken over, so a SIGKILL never
 * leaves a file locked for good; under another machine's name, one whose holder has not kept it
 * fresh for 3 minutes is. A lock that
 * cannot be written at all (disk full, read-only) is an `IO` failure, not `LOCKED`.
 */
export async function acquireLock(path: string, opts: LockOptions): Promise<Result<Release>> {
  try {
    ensureFolder(dirname(path));
  } catch (e) {
    return fail("IO", `cannot create the lock folder ${dirname(path)}: ${ioReason(e)}`);
  }
  const deadline = performance.now() + opts.waitMs;
  let announced = false;
  for (;;) {
    const got = tryCreate(path, opts.what);
    if (!got.ok) return got;
    if (got.value) return ok(got.value);
    const found = lockState(path);
    if (found.state === "stale") {
      // One that cannot be removed (its folder another user's: a run as root, a container's) would
      // be found stale again at once, for ever, in a loop that not even Ctrl-C gets into.
      const stuck = removeIfUnchanged(path, found.raw);
      if (stuck) return fail("IO", `cannot take over the lock ${path} (its holder is gone): ${stuck}`, { hint: `remove ${path}: nothing holds it` });
      continue;
    }
    // Released meanwhile: it may be ours now.
    if (found.state === "free") continue;
    // Neither ours to take over nor ever to be released as far as we can tell: waiting would never end.
    if (found.state === "unreadable") return fail("IO", `cannot read the lock ${path}: ${found.reason}`, { hint: `remove ${path} if nothing holds it` });
    const holder = found.holder;
    const who = holder ? `${holder.what} (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host || "another machine"}`}, since ${holder.since})` : "another run";
    // A cancel while waiting is the user's doing, not a busy lock: it must read as CANCELLED.
    if (opts.signal?.aborted) return fail("CANCELLED", `cancelled while waiting for ${who} to release ${path}`);
    if (performance.now() >= deadline) {
      return fail("LOCKED", `busy: ${who} holds ${path}`, { hint: "wait for it to finish, or cancel it" });
    }
    if (!announced) {
      opts.onWait?.(holder);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 150));
  }
}

/** Our release when the lock is ours now, null when someone else holds it. */
function tryCreate(path: string, what: string): Result<Release | null> {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return ok(null);
    return fail("IO", `cannot create the lock ${path}: ${ioReason(e)}`);
  }
  const proc = selfIdentity();
  const owner: LockOwner = { pid: process.pid, host: hostname(), ...(proc ? { proc } : {}), since: new Date().toISOString(), what };
  const mine = JSON.stringify(owner);
  try {
    writeSync(fd, mine);
  } catch (e) {
    // An empty lock file would hold up every other run for a while: it goes with the failure.
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
    return fail("IO", `cannot write the lock ${path}: ${ioReason(e)}`);
  }
  closeSync(fd);
  let released = false;
  const beat = setInterval(() => touchIfUnchanged(path, mine), BEAT_MS);
  beat.unref();
  return ok(() => {
    if (released) return;
    released = true;
    clearInterval(beat);
    removeIfUnchanged(path, mine);
  });
}

function touchIfUnchanged(path: string, mine: string): void {
  try {
    if (readLock(path) !== mine) return;
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Gone or unreadable: nothing of ours to keep fresh.
  }
}


/**
 * A lock as `acquireLock` judges it: free (no file), stale (its holder is gone: taken over), held
 * (`holder` null when the file does not say by whom), or unreadable (it cannot be judged at all).
 */
export type LockState =
  | { state: "free" }
  | { state: "stale"; raw: string }
  | { state: "held"; holder: LockOwner | null }
  | { state: "unreadable"; reason: string };

export function lockState(path: string): LockState {
  let raw: string;
  try {
    raw = readLock(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? { state: "free" } : { state: "unreadable", reason: ioReason(e) };
  }
  const holder = parseOwner(raw);
  // A lock that does not say who holds it may be one another process created a moment ago and is
  // still writing (empty or partial): held while fresh, then taken for one a killed process left.
  if (!holder) return ageMs(path) > 2_000 ? { state: "stale", raw } : { state: "held", holder: null };
  // The same live process it was when it took the lock (a reused pid is not it). Another machine's
  // holder cannot be asked from here: its lock is judged by the time its beats keep fresh.
  const alive = holder.host === hostname() ? sameProcess(holder.pid, holder.proc ?? null) : ageMs(path) <= FOREIGN_STALE_MS;
  return alive ? { state: "held", holder } : { state: "stale", raw };
}

/** A lock's text: only ever a small regular file that `tryCreate` wrote. */
const MAX_LOCK_BYTES = 64 * 1024;

/**
 * Reads a lock without following a link or waiting on a FIFO (one a cloned repository brought
 * along, say): a dangling link read as "no lock" while O_EXCL still found one there, and the taker
 * went round that loop for ever, without yielding; a FIFO's read waited for a writer for ever.
 * Anything but a regular file throws, saying what it is.
 */
function readLock(path: string): string {
  let r: RegularRead;
  try {
    r = readRegularFile(path, { noFollow: true, maxBytes: MAX_LOCK_BYTES });
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === "ELOOP" ? Object.assign(e as Error, { said: "it is a symlink" }) : e;
  }
  if ("refused" in r) throw Object.assign(new Error(`${path} ${r.refused}`), { said: `it ${r.refused}` });
  return r.bytes.toString("utf8");
}

/**
 * The holder a lock file names, or null when it names none (empty, partial, not ours). Read field
 * by field rather than with a schema: every run takes locks, and this is all a lock holds.
 */
function parseOwner(raw: string): LockOwner | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null || typeof (v as { pid?: unknown }).pid !== "number") return null;
  const o = v as Record<string, unknown>;
  const text = (x: unknown, otherwise: string) => (typeof x === "string" ? x : otherwise);
  // A holder that does not say its host is judged as another machine's: by its lock's time.
  return { pid: o.pid as number, host: text(o.host, ""), ...(typeof o.proc === "string" ? { proc: o.proc } : {}), since: text(o.since, "an unknown time"), what: text(o.what, "another run") };
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes the lock while it still says `expected`; why not, when it is still there and cannot be. */
function removeIfUnchanged(path: string, expected: string): string | null {
  try {
    if (readLock(path) === expected) unlinkSync(path);
    return null;
  } catch (e) {
    // Already gone: someone else released or took it over.
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? null : ioReason(e);
  }
}
