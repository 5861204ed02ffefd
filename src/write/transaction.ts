import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as z from "zod";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import type { ProjectPath } from "../project/safe-path.js";
import { pidAlive } from "../util/lock.js";
import { killUntilGone, taggedProcesses } from "../util/tagged.js";
import { testPause } from "../util/test-pause.js";
import { ensureFolder, ioReason, writeFileAtomic } from "./atomic.js";

const EntrySchema = z.object({
  rel: z.string(),
  existed: z.boolean(),
  mode: z.number().optional(),
  sha256: z.string().optional(),
  written_sha256: z.string().optional(),
  /**
   * The content being written, recorded before the rename: after a kill between the rename and the
   * next manifest save, recovery still knows the file on disk is this run's and not an edit since.
   */
  writing_sha256: z.string().optional(),
  /** Folders the run created for a new file (deepest first), removed again when they are empty. */
  dirs: z.array(z.string()).optional(),
});

const ManifestSchema = z.object({
  task_id: z.string(),
  run_id: z.string(),
  pid: z.number(),
  created: z.string(),
  state: z.enum(["open", "committed", "restored", "interrupted", "rolled-back"]),
  files: z.array(EntrySchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type BackupEntry = z.infer<typeof EntrySchema>;

/** Set in the environment of a run's lint and test commands: the run's id. */
export const RUN_ENV = "LOCAL_DELEGATE_RUN_ID";

export function backupsDir(dataDir: string): string {
  return join(dataDir, "backups");
}

/**
 * The files one run changes, with a copy of each taken before it is touched, so that a failed
 * run, a killed run or `rollback` can put every file back byte for byte. The manifest is written
 * before each file changes: after a SIGKILL at any point, what is on disk plus the manifest is
 * enough to restore.
 */
export class Transaction {
  private constructor(
    private readonly root: string,
    readonly dir: string,
    private manifest: Manifest,
  ) {}

  static open(root: string, dataDir: string, taskId: string): Result<Transaction> {
    // Sortable by time; the milliseconds and a random suffix keep two runs of one task in one
    // process (a plan, a job worker) from sharing a backup folder.
    const runId = `${new Date().toISOString().replace(/[-:]/g, "").replace(".", "")}-${process.pid}-${randomBytes(2).toString("hex")}`;
    const dir = join(backupsDir(dataDir), taskId, runId);
    const manifest: Manifest = { task_id: taskId, run_id: runId, pid: process.pid, created: new Date().toISOString(), state: "open", files: [] };
    const t = new Transaction(root, dir, manifest);
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
    return this.backupFor(p, undefined);
  }

  /** `backup`, saving in the same manifest write the hash of the content about to be written. */
  private backupFor(p: ProjectPath, writing: string | undefined): Result<void> {
    const known = this.manifest.files.find((f) => f.rel === p.rel);
    if (known) {
      if (writing === undefined) return ok(undefined);
      known.writing_sha256 = writing;
      return this.save();
    }
    let entry: BackupEntry;
    if (existsSync(p.abs)) {
      let bytes: Buffer;
      let mode: number;
      try {
        bytes = readFileSync(p.abs);
        mode = statSync(p.abs).mode & 0o7777;
      } catch (e) {
        return fail("IO", `cannot read ${p.rel} to back it up: ${ioReason(e)}`);
      }
      const copied = writeFileAtomic(join(this.dir, "files", p.rel), bytes, 0o600);
      if (!copied.ok) return fail("IO", `cannot back up ${p.rel}: ${copied.error.message}`);
      entry = { rel: p.rel, existed: true, mode, sha256: sha256(bytes) };
    } else {
      const dirs = missingFolders(this.root, p.rel);
      entry = { rel: p.rel, existed: false, ...(dirs.length ? { dirs } : {}) };
    }
    if (writing !== undefined) entry.writing_sha256 = writing;
    this.manifest.files.push(entry);
    return this.save();
  }

  /**
   * Backs the file up (if this run has not yet), then replaces it atomically. A UTF-8 BOM is the
   * file's, not the content's: the model is shown the text without it, so it is put back here.
   */
  write(p: ProjectPath, content: string): Result<void> {
    const bytes = Buffer.from(hasBom(p.abs) && !content.startsWith("\uFEFF") ? `\uFEFF${content}` : content, "utf8");
    const next = sha256(bytes);
    const b = this.backupFor(p, next);
    if (!b.ok) return b;
    const entry = this.manifest.files.find((f) => f.rel === p.rel)!;
    testPause("after-backup");
    const w = writeFileAtomic(p.abs, bytes, entry.mode);
    if (!w.ok) return w;
    entry.written_sha256 = next;
    delete entry.writing_sha256;
    const s = this.save();
    testPause("after-write");
    return s;
  }

  /** Puts every file back as it was before this run. */
  restore(state: "restored" | "interrupted" | "rolled-back" = "restored"): Result<void> {
    const r = restoreEntries(this.root, this.dir, this.manifest.files);
    if (!r.ok) return r;
    this.manifest.state = state;
    return this.save();
  }

  commit(): Result<void> {
    this.manifest.state = "committed";
    return this.save();
  }

  private save(): Result<void> {
    const w = writeFileAtomic(join(this.dir, "manifest.json"), `${JSON.stringify(this.manifest, null, 2)}\n`, 0o600);
    return w.ok ? ok(undefined) : fail("IO", `cannot save the backup manifest: ${w.error.message}`);
  }
}

export function restoreEntries(root: string, dir: string, files: readonly BackupEntry[]): Result<void> {
  for (const f of files) {
    const target = join(root, f.rel);
    if (f.existed) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, "files", f.rel));
      } catch (e) {
        return fail("IO", `the backup of ${f.rel} is missing or unreadable (${describeThrown(e)}); the file was left as it is`);
      }
      const w = writeFileAtomic(target, bytes, f.mode);
      if (!w.ok) return w;
    } else {
      try {
        unlinkSync(target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") return fail("IO", `cannot remove ${f.rel}: ${ioReason(e)}`);
      }
      for (const d of f.dirs ?? []) {
        try {
          rmdirSync(join(root, d));
        } catch {
          break; // not empty (something else lives there now) or already gone: leave it and its parents
        }
      }
    }
  }
  return ok(undefined);
}

function hasBom(abs: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(abs, "r");
    const head = Buffer.alloc(3);
    return readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The folders above `rel` that do not exist yet, deepest first (what a write of `rel` creates). */
function missingFolders(root: string, rel: string): string[] {
  const out: string[] = [];
  for (let d = dirname(rel); d !== "." && d !== "/" && !existsSync(join(root, d)); d = dirname(d)) out.push(d);
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface StoredRun {
  dir: string;
  manifest: Manifest;
}

/** Every run recorded for a task (or all tasks), oldest first. Unreadable manifests are skipped. */
export function listRuns(dataDir: string, taskId?: string): StoredRun[] {
  const base = backupsDir(dataDir);
  const tasks = taskId ? [taskId] : safeReaddir(base);
  const runs: StoredRun[] = [];
  for (const t of tasks) {
    for (const r of safeReaddir(join(base, t)).sort()) {
      const dir = join(base, t, r);
      const m = readManifest(dir);
      if (m) runs.push({ dir, manifest: m });
    }
  }
  return runs;
}

export function readManifest(dir: string): Manifest | null {
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveManifest(dir: string, m: Manifest): Result<void> {
  return writeFileAtomic(join(dir, "manifest.json"), `${JSON.stringify(m, null, 2)}\n`, 0o600);
}

/**
 * Runs left `open` by a process that no longer exists (SIGKILL, crash, machine slept and
 * rebooted): their unverified files are put back and the run is marked `interrupted`. A file
 * is put back only while it is as the dead run left it: one edited since (by Claude, by hand) is
 * newer work, and is kept; its original stays in the backup. Returns the task ids recovered.
 * `runs` may be read by the caller, who then sees the recovered ones marked `interrupted`.
 */
export function recoverInterrupted(root: string, dataDir: string, runs: StoredRun[] = listRuns(dataDir)): Result<string[]> {
  const recovered: string[] = [];
  for (const run of runs) {
    const m = run.manifest;
    if (m.state !== "open" || pidAlive(m.pid)) continue;
    // Its test command outlived it (its own process group): stopped first, so it cannot write
    // into the files about to be put back.
    killUntilGone(() => taggedProcesses(RUN_ENV, m.run_id));
    const todo = m.files.filter((f) => leftByRun(join(root, f.rel), f));
    const r = restoreEntries(root, run.dir, todo);
    if (!r.ok) return r;
    for (const f of m.files) removeTempFiles(join(root, f.rel), m.pid);
    m.state = "interrupted";
    const s = saveManifest(run.dir, m);
    if (!s.ok) return s;
    if (todo.length) recovered.push(m.task_id);
  }
  return ok(recovered);
}

/** Whether the file holds what the run wrote (or was writing when it died), so undoing it loses nothing. */
function leftByRun(abs: string, f: BackupEntry): boolean {
  let current: string;
  try {
    current = sha256(readFileSync(abs));
  } catch {
    // Gone: putting a missing original back, or removing the empty folders of a new file that
    // was never written, loses nothing either.
    return true;
  }
  return current === f.written_sha256 || current === f.writing_sha256;
}

/** A killed atomic write leaves its temp file beside the target; it is ours to remove. */
export function removeTempFiles(target: string, pid: number): void {
  const prefix = `.${basename(target)}.ld-${pid}-`;
  for (const f of safeReaddir(dirname(target))) {
    if (f.startsWith(prefix) && f.endsWith(".tmp")) {
      try {
        unlinkSync(join(dirname(target), f));
      } catch {
        /* gone */
      }
    }
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
