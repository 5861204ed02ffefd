import { basename } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { realOrSelf } from "../util/fs.js";
import { sameProcess } from "../util/process-id.js";
import { HeldFolder, tempPrefix, unlinkQuietly } from "./held.js";
import { listRuns, saveManifest, sha256, writtenRel, type BackupEntry, type StoredRun } from "./manifest.js";
import { currentFile } from "./changed.js";
import { describeRestoreFailures, parentOf, restoreEntries, type RestoreReport } from "./restore.js";

/**
 * Stops what a dead run left running (its test command, in its own process group), so it cannot
 * write into the files about to be put back. Injected by the caller: `write/` signals nothing.
 */
export type StopLeftovers = (runId: string) => void;

/**
 * Runs left `open` by a process that no longer exists (SIGKILL, crash, machine slept and
 * rebooted), even when its pid was handed to another process since: their unverified files are put back and the run is marked `interrupted`. A file
 * is put back only while it is as the dead run left it: one edited since (by Claude, by hand) is
 * newer work, and is kept; its original stays in the backup. Returns the task ids recovered.
 * `runs` may be read by the caller, who then sees the recovered ones marked `interrupted`. A run
 * whose files could not all be put back stays `open`, so that the next recovery tries again.
 */
export function recoverInterrupted(root: string, dataDir: string, stop: StopLeftovers, runs: StoredRun[] = listRuns(dataDir)): Result<string[]> {
  const recovered: string[] = [];
  const problems: string[] = [];
  for (const run of runs) {
    const m = run.manifest;
    // Its process is gone, or its pid now names another process: nobody will finish this run.
    if (m.state !== "open" || sameProcess(m.pid, m.proc)) continue;
    stop(m.run_id);
    const todo = m.files.filter((f) => leftByRun(root, f));
    const r = putBackRun(root, run, todo);
    if (r.failed.length) {
      problems.push(...describeRestoreFailures(r));
      continue;
    }
    m.state = "interrupted";
    const s = saveManifest(run.dir, m);
    if (!s.ok) return s;
    if (todo.length) recovered.push(m.task_id);
  }
  return problems.length ? fail("IO", `cannot restore the files of an interrupted run: ${problems.join("; ")}`) : ok(recovered);
}

/** Whether the file holds what the run wrote (or was writing when it died), so undoing it loses nothing. */
function leftByRun(root: string, f: BackupEntry): boolean {
  const current = currentHash(root, writtenRel(f));
  // Gone: putting a missing original back, or removing the empty folders of a new file that
  // was never written, loses nothing either.
  if (current === null) return true;
  return current === f.written_sha256 || current === f.writing_sha256;
}

/**
 * The hash of a project file (`rel` from the real root, no link followed), null when it is not
 * there; "" when something other than a regular file is there (never as any run left it).
 */
export function currentHash(root: string, rel: string): string | null {
  const now = currentFile(root, rel);
  return now === null ? null : now === "odd" ? "" : sha256(now);
}

/**
 * Puts back `todo`, files of a run that writes no more (its process gone, or the run over), after
 * removing the temp files a killed atomic write of its process left. In that order: a new file's
 * folders are removed only while empty, and a temp file inside would keep them in the project for good.
 */
export function putBackRun(root: string, run: StoredRun, todo: readonly BackupEntry[]): RestoreReport {
  for (const f of run.manifest.files) removeTempFiles(root, f, run.manifest.pid);
  return restoreEntries(root, run.dir, todo);
}

/** A killed atomic write leaves its temp file beside the target; it is ours to remove. */
function removeTempFiles(root: string, f: BackupEntry, pid: number): void {
  const rel = writtenRel(f);
  const prefix = tempPrefix(basename(rel), pid);
  let folder: HeldFolder;
  try {
    folder = HeldFolder.open(realOrSelf(root), parentOf(rel), { create: false });
  } catch {
    return;
  }
  try {
    for (const name of folder.list()) if (name.startsWith(prefix) && name.endsWith(".tmp")) unlinkQuietly(folder.at(name));
  } catch {
    /* the folder went away */
  } finally {
    folder.close();
  }
}
