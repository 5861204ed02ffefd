// Whether each file of a rollback can be put back, found before any is touched: a rollback that
// stopped on its third file would leave the first two changed and the task half rolled back.
import { basename, join } from "node:path";
import { ioReason, notRegular, readRegularFile, realOrSelf } from "../util/fs.js";
import { HeldFolder } from "../write/held.js";
import { backupFileRel, sha256, writtenRel, type BackupEntry } from "../write/manifest.js";
import { parentOf } from "../write/restore.js";

/** A file a rollback means to put back (`PlannedFile`, as much of it as the check reads). */
export interface Restorable {
  rel: string;
  before: BackupEntry;
  fromDir: string;
  /** `already`: as it was before the task; nothing to do. */
  state: string;
}

/** What stands where a file goes back, and what its backup holds. */
export interface Found {
  /** `writable`: whether this user may change what its folder holds (a missing folder is made by the restore). */
  target: { kind: "absent" | "file"; writable: boolean } | { kind: "other"; what: string } | { kind: "unreachable"; why: string };
  /** Null for a file the task created: no backup, it is removed. */
  backup: { kind: "read"; sha256: string } | { kind: "bad"; why: string } | null;
}

/** Every reason, one per file, that the rollback cannot put these files back; empty when it can. */
export function restoreBlockers(root: string, files: readonly Restorable[]): string[] {
  const realRoot = realOrSelf(root);
  return files.flatMap((f) => {
    if (f.state === "already") return [];
    const why = blocker(f.before, observe(realRoot, f));
    return why ? [`${f.rel} ${why}`] : [];
  });
}

/** Pure: why the file cannot be put back as `before`, or null. */
export function blocker(before: BackupEntry, found: Found): string | null {
  const t = found.target;
  if (t.kind === "unreachable") return `cannot be reached: ${t.why}`;
  if (t.kind === "other") return `is now ${t.what}, not a regular file`;
  // A file the task created and that is gone already: nothing to do there.
  if (!before.existed && t.kind === "absent") return null;
  if (!t.writable) return "is in a folder this user may not write";
  if (!before.existed) return null;
  const b = found.backup;
  if (!b) return "has no backup of its original";
  if (b.kind === "bad") return `has no usable backup: ${b.why}`;
  if (before.sha256 !== undefined && b.sha256 !== before.sha256) return "has a backup that does not match its original's hash";
  return null;
}

/** The file's place and its backup, each reached without following a link (as the restore reaches them). */
function observe(realRoot: string, f: Restorable): Found {
  return { target: observeTarget(realRoot, writtenRel(f.before)), backup: f.before.existed ? observeBackup(f) : null };
}

function observeTarget(realRoot: string, rel: string): Found["target"] {
  let folder: HeldFolder;
  try {
    folder = HeldFolder.open(realRoot, parentOf(rel), { create: false });
  } catch (e) {
    // A folder gone: the restore makes it again (or, for a created file, there is nothing to remove).
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent", writable: true };
    return { kind: "unreachable", why: ioReason(e) };
  }
  try {
    const st = folder.lstat(basename(rel));
    const odd = st && notRegular(st);
    if (odd) return { kind: "other", what: odd };
    return { kind: st ? "file" : "absent", writable: folder.canWrite(".") };
  } catch (e) {
    return { kind: "unreachable", why: ioReason(e) };
  } finally {
    folder.close();
  }
}

function observeBackup(f: Restorable): Found["backup"] {
  const read = readBackup(f.fromDir, f.before);
  return "why" in read ? { kind: "bad", why: read.why } : { kind: "read", sha256: sha256(read.bytes) };
}

/** The copy of `entry`'s original that run folder `dir` holds, reached without following a link; or why it cannot be read. */
export function readBackup(dir: string, entry: BackupEntry): { bytes: Buffer } | { why: string } {
  const at = backupFileRel(entry);
  let folder: HeldFolder;
  try {
    folder = HeldFolder.open(dir, parentOf(at), { create: false });
  } catch (e) {
    return { why: `${join(dir, at)}: ${ioReason(e)}` };
  }
  try {
    const read = readRegularFile(folder.at(basename(at)), { noFollow: true });
    return "refused" in read ? { why: `${join(dir, at)} ${read.refused}` } : { bytes: read.bytes };
  } catch (e) {
    return { why: `${join(dir, at)}: ${ioReason(e)}` };
  } finally {
    folder.close();
  }
}
