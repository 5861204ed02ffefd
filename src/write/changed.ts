import { basename, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { ioReason, readRegularFile, realOrSelf } from "../util/fs.js";
import { HeldFolder, replaceFile } from "./held.js";
import { backupFileRel, sha256, writtenRel, type BackupEntry } from "./manifest.js";
import { parentOf, type RestoreReport } from "./restore.js";

// A file changed by someone else while a run works on it (Claude, the user, an editor, another
// tool): the run must not write over the change, and must not lose it when it puts its files back.

/**
 * Whether the file's hash now (null: not there) is other than the run left it: what it last wrote,
 * or, before its first write, what it read (`expected`: null when there was no file; undefined
 * when the caller built nothing on the file's content, which is then not checked).
 */
export function changedUnder(entry: BackupEntry | undefined, now: string | null, expected?: string | null): boolean {
  if (!entry) return expected !== undefined && now !== expected;
  const left = entry.written_sha256 ?? (entry.existed ? (entry.sha256 ?? null) : null);
  // A write that failed after the manifest named its content may or may not have landed.
  return now !== left && (entry.writing_sha256 === undefined || now !== entry.writing_sha256);
}

/**
 * The project file's bytes (`rel` from the real root, no link followed); null when it is not
 * there, "odd" when something other than a regular file is, or it cannot be read.
 */
export function currentFile(root: string, rel: string): Buffer | null | "odd" {
  let folder: HeldFolder;
  try {
    folder = HeldFolder.open(realOrSelf(root), parentOf(rel), { create: false });
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? null : "odd";
  }
  try {
    const read = readRegularFile(folder.at(basename(rel)), { noFollow: true });
    return "refused" in read ? "odd" : read.bytes;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? null : "odd";
  } finally {
    folder.close();
  }
}

/** Writes `bytes` to `at` inside `dir` (a run's backup folder), no link followed, readable by the user alone. */
export function keepIn(dir: string, at: string, bytes: Uint8Array): Result<void> {
  let folder: HeldFolder | null = null;
  try {
    folder = HeldFolder.open(dir, parentOf(at), { create: true });
    replaceFile(folder, basename(at), bytes, { mode: 0o600 });
    return ok(undefined);
  } catch (e) {
    return fail("IO", `cannot write ${join(dir, at)}: ${ioReason(e)}`);
  } finally {
    folder?.close();
  }
}

/** A run's own restore: also where it kept the versions others made of its files meanwhile. */
export interface RunRestoreReport extends RestoreReport {
  kept: string[];
}

/** Where a run keeps a version of a file that someone else made while the run worked on it. */
export function changedCopyRel(f: Pick<BackupEntry, "rel">): string {
  return `changed/${f.rel}`;
}

/**
 * Before a run puts its own files back: each one changed by someone else since the run wrote it
 * is copied into the run's backup folder first, and the copy is named in the report. The original
 * then goes back all the same: the run cannot tell a hand's edit from its own checks' (a formatter
 * run as the lint command), and an escalated or failed run promises the files as they were. A
 * file whose copy cannot be kept is left as it is, and said. Returns the files to restore.
 */
export function setAsideChanged(root: string, dir: string, files: readonly BackupEntry[]): { todo: BackupEntry[]; report: RunRestoreReport } {
  const report: RunRestoreReport = { failed: [], notes: [], kept: [] };
  const todo: BackupEntry[] = [];
  for (const f of files) {
    const now = currentFile(root, writtenRel(f));
    // Gone, or not a regular file: the restore itself says what it does with it. Already the
    // original (a second restore, or an edit that undid the run's): nothing of anyone's to keep.
    const hash = now === null || now === "odd" ? null : sha256(now);
    if (now === null || now === "odd" || hash === null || !changedUnder(f, hash) || (f.existed && hash === f.sha256)) {
      todo.push(f);
      continue;
    }
    const at = changedCopyRel(f);
    const kept = keepIn(dir, at, now);
    if (!kept.ok) {
      report.failed.push({ rel: f.rel, backup: f.existed ? join(dir, backupFileRel(f)) : null, reason: `it changed after this run wrote it, and that version could not be kept (${kept.error.message}); left as it is` });
      continue;
    }
    report.kept.push(join(dir, at));
    report.notes.push(`${f.rel} changed after this run wrote it (by its checks, or by someone else): it is back as it was before the run, and the changed version is kept at ${join(dir, at)}`);
    todo.push(f);
  }
  return { todo, report };
}
