import { createHash, randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { join } from "node:path";
import { notRegular, said } from "../util/fs.js";

// Files are changed through folders reached from a trusted base (the project's real root, a run's
// backup folder) without following a symlink anywhere on the way, and held open while the file in
// them changes: a folder swapped for a symlink during the run, to lead the write elsewhere, makes
// the write fail instead. On Linux the folder is held by a file descriptor and every name inside
// it is reached through `/proc/self/fd/N/name` (openat() for Node): the path is not resolved
// again. Elsewhere each part is checked with lstat when the folder is reached and again just before
// the rename, which leaves a window of a few system calls.

const PROC_FD = process.platform === "linux" && existsSync("/proc/self/fd");
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY;

export class HeldFolder {
  constructor(
    private readonly fd: number | null,
    /** The folder as reached: where it was when it was checked. */
    readonly abs: string,
    private readonly recheck: () => void,
  ) {}

  /**
   * Reaches `base/rel` (rel: forward slashes, "" for base itself) part by part, refusing a part
   * that is a symlink or a file; with `create`, missing folders are made on the way. `base` itself
   * is trusted and may be reached through symlinks. Throws errno-style errors (ENOENT when a part
   * is missing and `create` is off).
   */
  static open(base: string, rel: string, opts: { create: boolean; procFd?: boolean }): HeldFolder {
    const parts = rel.split("/").filter((p) => p !== "" && p !== ".");
    if (parts.includes("..")) throw said(`${rel} goes up with ..`, "EINVAL");
    return (opts.procFd ?? PROC_FD) ? openByFd(base, parts, opts.create) : openByPath(base, parts, opts.create);
  }

  /** The path through which `name` in this folder is reached (never resolved from the root again on Linux). */
  at(name: string): string {
    return this.fd !== null ? `/proc/self/fd/${this.fd}/${name}` : join(this.abs, name);
  }

  lstat(name: string): Stats | null {
    try {
      return lstatSync(this.at(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  list(): string[] {
    return readdirSync(this.at("."));
  }

  /** Whether this user may write `name` (access(W_OK)): false only for a permission refusal. */
  canWrite(name: string): boolean {
    try {
      accessSync(this.at(name), constants.W_OK);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== "EACCES";
    }
  }

  /** Throws when a part of the way changed since the folder was reached (only where no fd holds it). */
  check(): void {
    this.recheck();
  }

  sync(): void {
    // Some filesystems refuse fsync on a folder; the rename is still atomic there.
    try {
      if (this.fd !== null) fsyncSync(this.fd);
      else {
        const fd = openSync(this.abs, DIR_FLAGS);
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    } catch {
      /* best effort */
    }
  }

  close(): void {
    if (this.fd !== null) closeQuietly(this.fd);
  }
}

function openByFd(base: string, parts: string[], create: boolean): HeldFolder {
  let fd = openSync(base, DIR_FLAGS);
  let abs = base;
  try {
    for (const part of parts) {
      const next = `/proc/self/fd/${fd}/${part}`;
      let child: number;
      try {
        child = openSync(next, DIR_FLAGS | constants.O_NOFOLLOW);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && create) {
          mkdirQuietly(next);
          child = openSync(next, DIR_FLAGS | constants.O_NOFOLLOW);
        } else if (code === "ENOTDIR" || code === "ELOOP") throw notAFolder(next, join(abs, part));
        else throw e;
      }
      closeSync(fd);
      fd = child;
      abs = join(abs, part);
    }
    return new HeldFolder(fd, abs, () => {});
  } catch (e) {
    closeQuietly(fd);
    throw e;
  }
}

function openByPath(base: string, parts: string[], create: boolean): HeldFolder {
  const real = realpathSync(base);
  const walk = (make: boolean) => {
    let abs = real;
    for (const part of parts) {
      abs = join(abs, part);
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || !make) throw e;
        mkdirQuietly(abs);
        st = lstatSync(abs);
      }
      if (!st.isDirectory()) throw notAFolder(abs, abs);
    }
    return abs;
  };
  const abs = walk(create);
  return new HeldFolder(null, abs, () => void walk(false));
}

function notAFolder(path: string, shown: string): Error {
  let what = "is not a folder";
  try {
    if (lstatSync(path).isSymbolicLink()) what = "is a symlink, not a folder (was it replaced during the run?)";
  } catch {
    /* gone meanwhile */
  }
  return said(`${shown} ${what}`, "ENOTDIR");
}

function mkdirQuietly(path: string): void {
  try {
    mkdirSync(path);
  } catch (e) {
    // Made by someone else meanwhile: the open that follows checks what it is.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Replaces `name` in a held folder so that a reader, or a crash, sees the old content or the new,
 * never a mix: temp file beside it (O_EXCL, never following a link), fsync, rename over, fsync the
 * folder. Mode and owner are the old file's unless given (the owner kept where this user may set
 * it: root, or a group the user is in). A target that is not a regular file is refused.
 * Returns whether the owner asked for was kept. Throws errno-style errors.
 */
export function replaceFile(folder: HeldFolder, name: string, data: Uint8Array, meta: { mode?: number | undefined; owner?: Owner | undefined } = {}): { ownerKept: boolean } {
  const st = folder.lstat(name);
  if (st?.isDirectory()) throw Object.assign(new Error(`${name} is a folder`), { code: "EISDIR" });
  if (st && !st.isFile()) throw said(`${join(folder.abs, name)} is ${notRegular(st)}, not a regular file`, "EINVAL");
  const mode = meta.mode ?? (st ? st.mode & 0o7777 : undefined);
  const owner = meta.owner ?? (st ? { uid: st.uid, gid: st.gid } : undefined);
  const tmp = `${tempPrefix(name, process.pid)}${randomBytes(4).toString("hex")}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(folder.at(tmp), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode ?? 0o644);
    const ownerKept = owner ? setOwner(fd, owner) : true;
    // open() applies the umask, which would turn a 664 file into 644; chown clears set-id bits:
    // the mode is set exactly, last.
    if (mode !== undefined) fchmodSync(fd, mode);
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    folder.check();
    renameSync(folder.at(tmp), folder.at(name));
    folder.sync();
    return { ownerKept };
  } catch (e) {
    if (fd !== null) closeQuietly(fd);
    unlinkQuietly(folder.at(tmp));
    throw e;
  }
}

/**
 * How the temp files `replaceFile` makes for `name` in process `pid` begin: a recovery removes a
 * dead process's by it. A name near the filesystem's 255-byte limit leaves no room for the rest of
 * the temp name (the file itself could never be written): a hash of it stands in.
 */
export function tempPrefix(name: string, pid: number): string {
  const stem = Buffer.byteLength(name) <= 200 ? name : createHash("sha256").update(name).digest("hex").slice(0, 32);
  return `.${stem}.ld-${pid}-`;
}

/** Gives an open file the owner asked for, as far as this user may: false when it could not. */
export function setOwner(fd: number, want: Owner): boolean {
  const now = fstatSync(fd);
  if (now.uid === want.uid && now.gid === want.gid) return true;
  try {
    fchownSync(fd, want.uid, want.gid);
    return true;
  } catch {
    try {
      if (now.gid !== want.gid) fchownSync(fd, now.uid, want.gid);
    } catch {
      /* not a group of ours either */
    }
    return false;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

export function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* never created, or gone */
  }
}
