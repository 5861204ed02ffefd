import { sameProcess } from "../util/process-id.js";
import { lockFiles } from "../write/file-lock.js";
import { listRuns, saveManifest, writtenRel, type BackupEntry, type StoredRun } from "../write/manifest.js";
import { currentHash, putBackRun } from "../write/recover.js";
import { removeEmptyFolders } from "../write/restore.js";

export interface UndoReport {
  /** Files now as they were before the job (restored here, or already by the run itself). */
  restored: string[];
  /** Files changed by someone else since the job wrote them: left as they are. */
  kept: string[];
  /** Files whose restore failed or whose lock another run holds (that run restores them first). */
  problems: string[];
}

/**
 * The backup runs a job made: the worker runs its request in process, so each transaction it
 * opened carries its pid and, where the platform gives one, its identity (`proc`). The identity
 * alone tells the worker's runs from those of a process that got its pid later (after a restart
 * too), whatever the clock did meanwhile: one set back while the job ran dates its runs before
 * the job. Without an identity on both sides, a time window keeps a reused pid's runs out.
 */
export function jobRuns(data: string, pid: number, since: string, until: string | null, proc: string | null = null): StoredRun[] {
  const from = Date.parse(since) - 1_000;
  const to = until ? Date.parse(until) + 1_000 : Infinity;
  const made = (m: StoredRun["manifest"]) => (proc && m.proc ? m.proc === proc : Date.parse(m.created) >= from && Date.parse(m.created) <= to);
  return listRuns(data)
    .filter((r) => r.manifest.pid === pid && made(r.manifest))
    .sort((a, b) => b.manifest.created.localeCompare(a.manifest.created) || b.manifest.run_id.localeCompare(a.manifest.run_id));
}

/**
 * Puts back what a job's runs changed, newest run first so that two tasks writing one file end
 * at the state before the first. `open` runs (the worker died mid-run) are restored as
 * `recoverInterrupted` would; with `committed`, finished runs are undone too (cancel). Either way a
 * file someone changed after the run wrote it is kept, and reported. Each file is restored under the engine's per-file
 * lock, so a new run on the same file never has its writes overwritten. Last, the folders the
 * undone runs created are removed while empty, whichever run created them.
 */
export async function undoJobRuns(root: string, data: string, runs: readonly StoredRun[], opts: { committed: boolean }): Promise<UndoReport> {
  const report: UndoReport = { restored: [], kept: [], problems: [] };
  const add = (list: string[], rel: string) => void (list.includes(rel) || list.push(rel));
  // The folders the undone runs created for new files: removed at the end, once every run is undone.
  const folders: string[] = [];
  const undone = (files: readonly BackupEntry[]) => folders.push(...files.flatMap((f) => (f.existed ? [] : (f.dirs ?? []))));
  for (const run of runs) {
    const m = run.manifest;
    if (m.state === "restored" || m.state === "interrupted" || m.state === "rolled-back") {
      // Settled already (by the run itself, a recovery or a rollback): listed when back as before.
      for (const f of m.files) if (f.written_sha256 && atBackup(root, f)) add(report.restored, f.rel);
      undone(m.files);
      continue;
    }
    if (m.state === "committed" && !opts.committed) continue;
    // An open run whose process lives is a live run, never ours to touch; its pid alive but now
    // another process's (reused after the worker died) does not make it one.
    if (m.state === "open" && sameProcess(m.pid, m.proc)) {
      for (const f of m.files) add(report.problems, f.rel);
      continue;
    }
    // Keyed as runs key them (the real path).
    const locks = await lockFiles(data, m.files, { what: (key) => `restoring ${key} for a cancelled or interrupted job`, waitMs: 2_000, pollMs: 50 });
    if (!locks.ok) {
      for (const f of m.files) add(report.problems, f.rel);
      continue;
    }
    try {
      const todo: BackupEntry[] = [];
      for (const f of m.files) {
        const v = verdict(root, f, m.state === "open");
        if (v === "restore") todo.push(f);
        else if (v === "keep") add(report.kept, f.rel);
      }
      const r = putBackRun(root, run, todo);
      if (r.failed.length) {
        // The run stays as it is, for a later undo or recovery to finish.
        for (const f of todo) add(r.failed.some((x) => x.rel === f.rel) ? report.problems : report.restored, f.rel);
        continue;
      }
      m.state = m.state === "open" ? "interrupted" : "rolled-back";
      saveManifest(run.dir, m);
      for (const f of todo) add(report.restored, f.rel);
      undone(m.files);
    } finally {
      locks.value();
    }
  }
  removeEmptyFolders(root, folders);
  report.restored = report.restored.filter((f) => !report.kept.includes(f) && !report.problems.includes(f));
  return report;
}

/**
 * Whether the file is as the run left it (what it wrote, or was writing when it died), so putting
 * the backup back loses nobody's work: the rule of `recoverInterrupted`. A file the run never
 * wrote is skipped. A missing file of an unfinished run: its original is put back, or for a new
 * file killed mid-write, the folders the run created are removed while empty; a finished run's file
 * removed since is someone's decision, kept.
 */
function verdict(root: string, f: BackupEntry, unfinished: boolean): "restore" | "keep" | "skip" {
  if (!f.written_sha256 && !f.writing_sha256) return "skip";
  // Read as the restore reaches it (no link followed, never waiting on a FIFO): anything but a
  // regular file there is not what the run wrote.
  const current = currentHash(root, writtenRel(f));
  if (current === null) return unfinished ? "restore" : "keep";
  return current === f.written_sha256 || current === f.writing_sha256 ? "restore" : "keep";
}

/** Whether the file is as it was before the run: the backup's content, or absent if it was new. */
function atBackup(root: string, f: BackupEntry): boolean {
  const current = currentHash(root, writtenRel(f));
  return f.existed ? current === f.sha256 : current === null;
}
