import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { realRelative, type ProjectPath } from "../project/safe-path.js";
import { selfIdentity } from "../util/process-id.js";
import { effectiveUid, ensureFolder, hardLinkedReason, ioReason, notOwnReason, notRegular, readOnlyReason, readRegularFile, realOrSelf } from "../util/fs.js";
import { HeldFolder, replaceFile } from "./held.js";
import { backupFileRel, backupsDir, saveManifest, sha256, type BackupEntry, type Manifest } from "./manifest.js";
import { changedUnder, keepIn, setAsideChanged, type RunRestoreReport } from "./changed.js";
import { parentOf, restoreEntries } from "./restore.js";

/** The moments of a file change a test may stop a run at (test/faults/kill.test.ts). */
export type WriteStep = "after-backup" | "after-write";

export interface TransactionOptions {
  /** Called at each step of a file change; the CLI installs a pause here for the kill tests only. */
  onStep?: ((step: WriteStep) => void) | undefined;
}

/** A project file as found just before it changes, its folder held open. */
interface Found {
  folder: HeldFolder | null;
  /** Folders missing on the way (real paths, deepest first): the write creates them. */
  missing: string[];
  current: { bytes: Buffer; mode: number; uid: number; gid: number } | null;
}

/**
 * The files one run changes, with a copy of each taken before it is touched, so that a failed
 * run, a killed run or `rollback` can put every file back byte for byte, owner and mode included.
 * The manifest is written before each file changes: after a SIGKILL at any point, what is on disk
 * plus the manifest is enough to restore. Every path is walked from the project's real root
 * without following a symlink (`write/held.ts`): a folder swapped during the run fails the write.
 */
export class Transaction {
  private constructor(
    private readonly root: string,
    readonly dir: string,
    private manifest: Manifest,
    private readonly onStep: (step: WriteStep) => void,
  ) {}

  static open(root: string, dataDir: string, taskId: string, opts: TransactionOptions = {}): Result<Transaction> {
    // Sortable by time; the milliseconds and a random suffix keep two runs of one task in one
    // process (a plan, a job worker) from sharing a backup folder.
    const runId = `${new Date().toISOString().replace(/[-:]/g, "").replace(".", "")}-${process.pid}-${randomBytes(2).toString("hex")}`;
    const dir = join(backupsDir(dataDir), taskId, runId);
    const proc = selfIdentity();
    const manifest: Manifest = { task_id: taskId, run_id: runId, pid: process.pid, ...(proc ? { proc } : {}), created: new Date().toISOString(), state: "open", files: [] };
    const t = new Transaction(realOrSelf(root), dir, manifest, opts.onStep ?? (() => {}));
    try {
      ensureFolder(join(dir, "files"));
    } catch (e) {
      return fail("IO", `cannot create the backup folder ${dir}: ${ioReason(e)}`);
    }
    const saved = t.save();
    return saved.ok ? ok(t) : saved;
  }

  get files(): readonly BackupEntry[] {
    return this.manifest.files;
  }

  get runId(): string {
    return this.manifest.run_id;
  }

  /** Copies the file's current state into the backup, once per run, before anything changes it. */
  backup(p: ProjectPath): Result<void> {
    const found = this.find(p);
    if (!found.ok) return found;
    found.value.folder?.close();
    return this.backupFor(p, found.value, undefined);
  }

  /**
   * Backs the file up (if this run has not yet), then replaces it atomically. A UTF-8 BOM is the
   * file's, not the content's: the model is shown the text without it, so it is put back here.
   * Refused when the file is not as this run left it, or before its first write not as the caller
   * read it (`expected`, see `changedUnder`): the content was built on what is there no longer.
   */
  write(p: ProjectPath, content: string, expected?: string | null): Result<void> {
    const found = this.find(p);
    if (!found.ok) return found;
    let folder = found.value.folder;
    try {
      const cur = found.value.current;
      if (changedUnder(this.manifest.files.find((f) => f.rel === p.rel), cur ? sha256(cur.bytes) : null, expected)) {
        return fail("FILE_CHANGED", `${p.rel} changed while this run was working on it (by Claude, by hand or by another tool); nothing was written over it`, {
          hint: "run the task again: it starts from the file as it is now",
        });
      }
      const bom = found.value.current !== null && hasBom(found.value.current.bytes);
      const bytes = Buffer.from(bom && !content.startsWith("\uFEFF") ? `\uFEFF${content}` : content, "utf8");
      const next = sha256(bytes);
      const b = this.backupFor(p, found.value, next);
      if (!b.ok) return b;
      const entry = this.manifest.files.find((f) => f.rel === p.rel)!;
      this.onStep("after-backup");
      try {
        folder ??= HeldFolder.open(this.root, parentOf(realRel(p)), { create: true });
        replaceFile(folder, basename(realRel(p)), bytes, { mode: entry.mode, owner: entry.existed && entry.uid !== undefined && entry.gid !== undefined ? { uid: entry.uid, gid: entry.gid } : undefined });
      } catch (e) {
        return fail("IO", `cannot write ${p.abs}: ${ioReason(e)}`);
      }
      entry.written_sha256 = next;
      delete entry.writing_sha256;
      const s = this.save();
      this.onStep("after-write");
      return s;
    } finally {
      folder?.close();
    }
  }

  /** Whether the file is no longer what this run last wrote there (something rewrote it since). */
  changedSinceWrite(p: ProjectPath): boolean {
    const entry = this.manifest.files.find((f) => f.rel === p.rel);
    if (entry?.written_sha256 === undefined) return false;
    const found = this.find(p);
    if (!found.ok) return true;
    found.value.folder?.close();
    const cur = found.value.current;
    return changedUnder(entry, cur ? sha256(cur.bytes) : null);
  }

  /**
   * Puts every file back as it was before this run. The report says which files could not be
   * (and where their originals are); then the run stays `open`, for a later recovery to finish.
   */
  restore(state: "restored" | "interrupted" | "rolled-back" = "restored"): RunRestoreReport {
    const aside = setAsideChanged(this.root, this.dir, this.manifest.files);
    const restored = restoreEntries(this.root, this.dir, aside.todo);
    const r: RunRestoreReport = { failed: [...aside.report.failed, ...restored.failed], notes: [...aside.report.notes, ...restored.notes], kept: aside.report.kept };
    if (r.failed.length) return r;
    this.manifest.state = state;
    const s = this.save();
    if (!s.ok) r.notes.push(`the files are restored, but ${s.error.message}`);
    return r;
  }

  commit(): Result<void> {
    this.manifest.state = "committed";
    return this.save();
  }

  /** The file and its folder, reached without following a link; refused unless a regular file this user may write. */
  private find(p: ProjectPath): Result<Found> {
    const rel = realRel(p);
    const cannot = (why: string) => fail("IO", `cannot write ${p.abs}: ${why}; nothing was written`);
    // A path through a link inside the project is written where the link led when the spec was
    // checked; a link changed since is a path changed during the run, never followed.
    if (p.real !== undefined && realRelative(this.root, join(this.root, p.rel)) !== p.real) {
      return cannot(`a symlink on its path changed during the run (it led to ${p.real})`);
    }
    let folder: HeldFolder;
    try {
      folder = HeldFolder.open(this.root, parentOf(rel), { create: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") return cannot(ioReason(e));
      return ok({ folder: null, missing: missingFolders(this.root, rel), current: null });
    }
    try {
      const name = basename(rel);
      const st = folder.lstat(name);
      if (!st) return ok({ folder, missing: [], current: null });
      const odd = notRegular(st);
      if (odd) return cannot(`it is ${odd}, not a regular file`);
      const ro = readOnlyReason(st, effectiveUid(), () => folder.canWrite(name)) ?? notOwnReason(st, effectiveUid()) ?? hardLinkedReason(st);
      if (ro) return cannot(`it ${ro}`);
      const read = readRegularFile(folder.at(name), { noFollow: true });
      if ("refused" in read) return cannot(`it ${read.refused}`);
      const s = read.stats;
      return ok({ folder, missing: [], current: { bytes: read.bytes, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid } });
    } catch (e) {
      folder.close();
      return cannot(ioReason(e));
    }
  }

  /** `backup`, saving in the same manifest write the hash of the content about to be written. */
  private backupFor(p: ProjectPath, found: Found, writing: string | undefined): Result<void> {
    const known = this.manifest.files.find((f) => f.rel === p.rel);
    if (known) {
      if (writing === undefined) return ok(undefined);
      known.writing_sha256 = writing;
      return this.save();
    }
    const real = p.real !== undefined && p.real !== p.rel ? { real: p.real } : {};
    let entry: BackupEntry;
    const cur = found.current;
    if (cur) {
      const copied = this.keepCopy(p.rel, cur.bytes);
      if (!copied.ok) return copied;
      entry = { rel: p.rel, ...real, existed: true, mode: cur.mode, uid: cur.uid, gid: cur.gid, sha256: sha256(cur.bytes) };
    } else {
      entry = { rel: p.rel, ...real, existed: false, ...(found.missing.length ? { dirs: found.missing } : {}) };
    }
    if (writing !== undefined) entry.writing_sha256 = writing;
    this.manifest.files.push(entry);
    return this.save();
  }

  /** The original, into `files/<rel>` of the run's folder (no link followed there either). */
  private keepCopy(rel: string, bytes: Buffer): Result<void> {
    const kept = keepIn(this.dir, backupFileRel({ rel }), bytes);
    return kept.ok ? kept : fail("IO", `cannot back up ${rel}: ${kept.error.message}`);
  }

  private save(): Result<void> {
    return saveManifest(this.dir, this.manifest);
  }
}

function realRel(p: ProjectPath): string {
  return p.real ?? p.rel;
}

function hasBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** The folders above `rel` that do not exist yet, deepest first (what a write of `rel` creates). */
function missingFolders(root: string, rel: string): string[] {
  const out: string[] = [];
  for (let d = parentOf(rel); d !== ""; d = parentOf(d)) {
    try {
      HeldFolder.open(root, d, { create: false }).close();
      break;
    } catch {
      out.push(d);
    }
  }
  return out;
}
