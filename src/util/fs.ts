import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, writeFileSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";

// File-system helpers shared by every layer that touches files (the lock, the writes, the reads of
// inputs). They live below `write/` so that `util/lock.ts` needs nothing from it.

/** An error that carries its own words for `ioReason` (`code` for callers that branch on it). */
export function said(message: string, code: string): Error {
  return Object.assign(new Error(message), { code, said: message });
}

export function ioReason(e: unknown): string {
  // An error raised with its own words (`said`).
  const own = (e as { said?: unknown } | null)?.said;
  if (typeof own === "string") return own;
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EROFS":
      return "the filesystem is read-only";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ENAMETOOLONG":
      return "a name in the path is too long for the filesystem";
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Writes `value` as one JSON line to `path` through a temp file renamed over it, making `dir`
 * first: a reader sees the old file or the new one, never half of one. False on any failure,
 * never thrown: what goes through here (caches, notes, pointers) is best effort.
 */
export function replaceJsonFile(dir: string, path: string, value: unknown): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    makeFolders(dir);
    writeFileSync(tmp, `${JSON.stringify(value)}\n`);
    renameSync(tmp, path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns where a level's creation
 * fails with ENOENT though its parent exists (a HOME or state folder under /proc or /sys): it
 * loops in synchronous code, where no deadline can end it. Each level's own error is thrown (EROFS,
 * ENOSPC, EACCES), and EEXIST where a name on the way is taken by something other than a folder.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Made meanwhile by another process: fine, if it is a folder.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(d).isDirectory()) throw e;
    }
  }
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is a file`), { code: "EEXIST" });
}

/** `mkdir -p` that throws the real reason, for `ioReason` to put in words. */
export function ensureFolder(dir: string): void {
  try {
    makeFolders(dir);
  } catch (e) {
    // The folder's own name (or one on the way) is taken by a file.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw Object.assign(new Error(`${dir} is a file`), { code: "ENOTDIR" });
    throw e;
  }
}

/** What a path is when it is not a regular file ("a FIFO"), or null for a regular file. */
export function notRegular(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "a folder";
  if (st.isSymbolicLink()) return "a symlink";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "not a regular file";
}

export type RegularRead = { bytes: Buffer; stats: Stats } | { refused: string; stats: Stats };

/**
 * Reads a regular file whole. A FIFO, socket or device is refused without blocking: the file is
 * opened non-blocking and checked with fstat before a byte is read (a plain open() of a FIFO waits
 * for a writer for ever). Over `maxBytes`, refused unread. `noFollow`: a symlink is refused too.
 * Throws what open() throws (ENOENT, EACCES…).
 */
export function readRegularFile(path: string, opts: { maxBytes?: number; noFollow?: boolean } = {}): RegularRead {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (opts.noFollow ? constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (e) {
    // O_NOFOLLOW on a symlink: ELOOP. Said as what it is.
    if ((e as NodeJS.ErrnoException).code === "ELOOP") throw Object.assign(new Error(`${path} is a symlink`), { code: "ELOOP" });
    throw e;
  }
  try {
    const stats = fstatSync(fd);
    const odd = notRegular(stats);
    if (odd) return { refused: `is ${odd}, not a regular file`, stats };
    if (opts.maxBytes !== undefined && stats.size > opts.maxBytes) return { refused: `is ${stats.size} bytes`, stats };
    const bytes = Buffer.alloc(stats.size);
    let off = 0;
    while (off < bytes.length) {
      const n = readSync(fd, bytes, off, bytes.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: off === bytes.length ? bytes : bytes.subarray(0, off), stats };
  } finally {
    closeSync(fd);
  }
}

/**
 * Why this user must not rewrite a regular file, or null. The user's own permission decides
 * (access(W_OK) semantics, given as `canWrite`); root passes every mode check, so for root a file
 * no one may write (mode 444) counts as read-only: someone chmod-ed it to say "don't touch".
 */
export function readOnlyReason(st: { mode: number; uid: number }, euid: number | null, canWrite: () => boolean): string | null {
  const mode = (st.mode & 0o7777).toString(8).padStart(3, "0");
  if (euid === 0) return (st.mode & 0o222) === 0 ? `is read-only (mode ${mode})` : null;
  return canWrite() ? null : `is read-only for you (mode ${mode}, owner uid ${st.uid})`;
}

/**
 * Why this user must not rewrite a regular file that belongs to someone else, or null. A rewrite
 * replaces the file (a rename), and only root may give the new one its old owner: it would become
 * this user's, silently, and a failed run's restore could not hand it back either.
 */
export function notOwnReason(st: { uid: number }, euid: number | null): string | null {
  if (euid === null || euid === 0 || st.uid === euid) return null;
  return `belongs to uid ${st.uid}, not to you (uid ${euid}): a rewrite replaces the file, and would make it yours`;
}

/**
 * Why a file with other hard links must not be rewritten, or null. A rewrite replaces the file (a
 * rename, so that a crash leaves the old content or the new): its other names would keep the old
 * content, and the user would find two different files where there was one.
 */
export function hardLinkedReason(st: { nlink: number }): string | null {
  if (st.nlink <= 1) return null;
  return `has ${st.nlink - 1} other hard link${st.nlink > 2 ? "s" : ""}: a rewrite replaces the file, and ${st.nlink > 2 ? "they" : "it"} would keep the old content`;
}

/** The effective uid, or null where there is none (Windows). */
export function effectiveUid(): number | null {
  return typeof process.geteuid === "function" ? process.geteuid() : null;
}

/** The path with its symlinks resolved, or null when it (or a link on the way) does not resolve. */
export function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

export function realOrSelf(p: string): string {
  return realOrNull(p) ?? p;
}
