import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";

/**
 * Writes a file so that a reader, or a crash, sees the old content or the new, never a mix:
 * temp file beside the target (same filesystem), fsync, rename over, fsync the folder.
 * A symlink is followed so that the link itself stays.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number): Result<void> {
  const real = realOrSelf(target);
  const dir = dirname(real);
  const tmp = join(dir, `.${basename(real)}.ld-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = null;
  try {
    ensureFolder(dir);
    const keepMode = mode ?? existingMode(real);
    fd = openSync(tmp, "wx", keepMode ?? 0o644);
    // open() applies the umask, which would turn a 664 file into 644: the mode is set exactly.
    if (keepMode !== undefined) fchmodSync(fd, keepMode);
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, real);
    syncDir(dir);
    return ok(undefined);
  } catch (e) {
    if (fd !== null) closeQuietly(fd);
    unlinkQuietly(tmp);
    return fail("IO", `cannot write ${target}: ${ioReason(e)}`);
  }
}

export function ioReason(e: unknown): string {
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
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** `mkdir -p` that throws the real reason, for `ioReason` to put in words. */
export function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // mkdir reports EEXIST when the folder's own name is taken by a file.
    if (code === "EEXIST") throw Object.assign(new Error(`${dir} is a file`), { code: "ENOTDIR" });
    if (code !== "ENOENT") throw e;
    // Node's recursive mkdir reports a read-only or full filesystem as ENOENT; creating the first
    // missing level alone throws the real code (EROFS, ENOSPC, EACCES).
    let first = dir;
    while (dirname(first) !== first && !existsSync(dirname(first))) first = dirname(first);
    mkdirSync(first);
    throw e;
  }
}

function existingMode(p: string): number | undefined {
  try {
    return statSync(p).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function syncDir(dir: string): void {
  // Some filesystems refuse fsync on a folder; the rename is still atomic there.
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* never created */
  }
}
