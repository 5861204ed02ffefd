import { chmodSync, closeSync, constants, fchmodSync, futimesSync, openSync, renameSync, rmdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ioReason, notRegular, readRegularFile, realOrSelf } from "../util/fs.js";
import { HeldFolder, replaceFile, setOwner } from "./held.js";
import { backupFileRel, sha256, writtenRel, type BackupEntry } from "./manifest.js";

/** A file a restore could not put back: left as it is, its original still at `backup`. */
export interface RestoreFailure {
  rel: string;
  /** The copy of the original, when there is one. */
  backup: string | null;
  reason: string;
}

export interface RestoreReport {
  /** Empty: every file is as it was before the run. */
  failed: RestoreFailure[];
  /** Put back, but short of exactly as before, or a backup copy not kept (said in a few words each). */
  notes: string[];
}

/**
 * Puts each file back as it was before the run: content, mode, owner and group; a file the run
 * created is removed, with the folders it created. An original goes back by renaming its backup
 * over the file, which needs no free space (a disk filled by the tests cannot stop it), and is then
 * copied back into the backup folder. Each path is walked from the real root without following a
 * symlink, so a folder replaced during the run sends nothing elsewhere. Failures are values: the
 * other files are still restored.
 */
export function restoreEntries(root: string, dir: string, files: readonly BackupEntry[]): RestoreReport {
  const report: RestoreReport = { failed: [], notes: [] };
  const realRoot = realOrSelf(root);
  for (const f of files) {
    if (f.existed) putBack(realRoot, dir, f, report);
    else removeCreated(realRoot, f, report);
  }
  return report;
}

/** `restored: false` lines for a result or a log: which files, and where their originals are. */
export function describeRestoreFailures(r: RestoreReport): string[] {
  return r.failed.map((f) => `${f.rel} was not restored (${f.reason})${f.backup ? `; its original is at ${f.backup}` : ""}`);
}

function putBack(root: string, dir: string, f: BackupEntry, report: RestoreReport): void {
  const rel = writtenRel(f);
  const backupRel = backupFileRel(f);
  const backup = join(dir, backupRel);
  const failed = (reason: string) => void report.failed.push({ rel: f.rel, backup, reason });
  let target: HeldFolder;
  try {
    target = HeldFolder.open(root, parentOf(rel), { create: true });
  } catch (e) {
    return failed(ioReason(e));
  }
  try {
    const name = basename(rel);
    const now = target.lstat(name);
    if (now && notRegular(now)) return failed(`it is now ${notRegular(now)}; left as it is`);
    if (now && asBefore(target, name, f)) return;
    let source: HeldFolder;
    try {
      source = HeldFolder.open(dir, parentOf(backupRel), { create: false });
    } catch (e) {
      return failed(`its backup is missing or unreadable: ${ioReason(e)}`);
    }
    try {
      moveBack(source, target, name, f, report, failed);
    } finally {
      source.close();
    }
  } finally {
    target.close();
  }
}

/** The backup, given the original's owner and mode, renamed over the file; then copied back. */
function moveBack(source: HeldFolder, target: HeldFolder, name: string, f: BackupEntry, report: RestoreReport, failed: (reason: string) => void): void {
  const bname = basename(f.rel);
  let bytes: Buffer;
  try {
    const read = readRegularFile(source.at(bname), { noFollow: true });
    if ("refused" in read) return failed(`its backup ${read.refused}`);
    bytes = read.bytes;
  } catch (e) {
    return failed(`its backup is missing or unreadable: ${ioReason(e)}`);
  }
  if (f.sha256 && sha256(bytes) !== f.sha256) return failed("its backup does not match the original's hash");
  try {
    const ownerKept = prepare(source.at(bname), f);
    if (!ownerKept) report.notes.push(`${f.rel}: content and mode restored, but its owner could not be put back (uid ${f.uid}, gid ${f.gid})`);
    try {
      renameSync(source.at(bname), target.at(name));
    } catch (e) {
      // Another filesystem (a mount inside the project): a copy, which needs room for the file.
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      replaceFile(target, name, bytes, { mode: f.mode, owner: owned(f) });
      chmodSync(source.at(bname), 0o600);
      return;
    }
    target.sync();
  } catch (e) {
    return failed(ioReason(e));
  }
  try {
    replaceFile(source, bname, bytes, { mode: 0o600 });
  } catch (e) {
    report.notes.push(`${f.rel} is restored, but the copy of its original could not be kept in the backups (${ioReason(e)})`);
  }
}

/**
 * Gives the backup file the original's owner and mode before it becomes the file again, and the
 * time of the restore as its mtime. Its own mtime is when it was copied, a moment before the run
 * wrote: older than anything built from the run's version (make, ninja and cargo would keep that
 * build as up to date) and in the same second, which with an equal size is all Python's bytecode
 * cache compares (the run's version would go on running). A restore is a change, as a checkout is.
 */
function prepare(path: string, f: BackupEntry): boolean {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const kept = f.uid === undefined || f.gid === undefined ? true : setOwner(fd, { uid: f.uid, gid: f.gid });
    if (f.mode !== undefined) fchmodSync(fd, f.mode);
    const now = new Date();
    futimesSync(fd, now, now);
    return kept;
  } finally {
    closeSync(fd);
  }
}

/** Already as before: a second restore (or one a recovery finishes) changes nothing. */
function asBefore(folder: HeldFolder, name: string, f: BackupEntry): boolean {
  try {
    const read = readRegularFile(folder.at(name), { noFollow: true });
    if ("refused" in read) return false;
    const st = read.stats;
    return sha256(read.bytes) === f.sha256 && (f.mode === undefined || (st.mode & 0o7777) === f.mode) && (f.uid === undefined || st.uid === f.uid) && (f.gid === undefined || st.gid === f.gid);
  } catch {
    return false;
  }
}

function removeCreated(root: string, f: BackupEntry, report: RestoreReport): void {
  const rel = writtenRel(f);
  let folder: HeldFolder;
  try {
    folder = HeldFolder.open(root, parentOf(rel), { create: false });
  } catch (e) {
    // Its folder is gone: so is the file.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    return void report.failed.push({ rel: f.rel, backup: null, reason: `cannot remove it: ${ioReason(e)}` });
  }
  try {
    const now = folder.lstat(basename(rel));
    if (now?.isDirectory()) return void report.failed.push({ rel: f.rel, backup: null, reason: "it is now a folder; left as it is" });
    if (now) unlinkSync(folder.at(basename(rel)));
  } catch (e) {
    return void report.failed.push({ rel: f.rel, backup: null, reason: `cannot remove it: ${ioReason(e)}` });
  } finally {
    folder.close();
  }
  removeFolders(root, f.dirs ?? []);
}

/** The folders a new file's write created, deepest first, while they are empty. */
function removeFolders(root: string, dirs: readonly string[]): void {
  for (const d of dirs) {
    // Not empty (something else lives there now) or already gone: leave it and its parents.
    if (!removeEmpty(root, d)) break;
  }
}

/** Removes the folder `d` (a real path from `root`, no link followed) if it is empty; whether it did. */
function removeEmpty(root: string, d: string): boolean {
  try {
    const parent = HeldFolder.open(root, parentOf(d), { create: false });
    try {
      rmdirSync(parent.at(basename(d)));
      return true;
    } finally {
      parent.close();
    }
  } catch {
    return false;
  }
}

/**
 * Removes each of `dirs` (real paths from the root) that is empty, deepest first, whichever run
 * recorded it. For the runs of one job undone together: a run removes only the folders it created,
 * and only while empty, so a folder created by one run and written into by another that is undone
 * later would stay behind. A folder that holds anything is kept (and with it, its parents).
 */
export function removeEmptyFolders(root: string, dirs: readonly string[]): void {
  const depth = (d: string) => d.split(/[\\/]/).length;
  const realRoot = realOrSelf(root);
  // One not empty (someone's file is there), not a folder, or already gone is left as it is.
  for (const d of [...new Set(dirs)].sort((a, b) => depth(b) - depth(a) || b.localeCompare(a))) removeEmpty(realRoot, d);
}

function owned(f: BackupEntry): { uid: number; gid: number } | undefined {
  return f.uid !== undefined && f.gid !== undefined ? { uid: f.uid, gid: f.gid } : undefined;
}

export function parentOf(rel: string): string {
  const d = dirname(rel);
  return d === "." ? "" : d;
}
