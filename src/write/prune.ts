import { rmSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { ok, type Result } from "../errors.js";
import { acquireLock, type Release } from "../util/lock.js";
import { fileLockKey, fileLockPath } from "./file-lock.js";
import { backupsDir, listRuns, type StoredRun } from "./manifest.js";

const DAY_MS = 86_400_000;

/**
 * Removes the backups of tasks left alone for more than `keepDays` days (0 keeps everything), so
 * that the backups folder, and the scan for interrupted runs that every run makes, stop growing.
 *
 * A task goes as a whole or not at all: `rollback` puts files back as they were before the task's
 * oldest kept run, so dropping only its old runs would quietly change what a rollback restores.
 * It goes only while no one holds its files (a rollback of it may be under way: it would be left
 * half done) — `held` names the files the caller itself holds (their lock keys, `fileLockKey`). An open run is never touched, and a
 * run folder is removed by name only after its manifest was read: a run of the same task that
 * starts meanwhile keeps its folder, and the task folder stays with it. `runs`: the caller's
 * listing, when it has just read one (the run reads it once for recovery and for this).
 */
export async function pruneBackups(dataDir: string, keepDays: number, opts: { now?: number; held?: readonly string[]; runs?: StoredRun[] } = {}): Promise<Result<string[]>> {
  if (keepDays <= 0) return ok([]);
  const cutoff = (opts.now ?? Date.now()) - keepDays * DAY_MS;
  const byTask = new Map<string, StoredRun[]>();
  for (const run of opts.runs ?? listRuns(dataDir)) {
    const list = byTask.get(run.manifest.task_id) ?? [];
    list.push(run);
    byTask.set(run.manifest.task_id, list);
  }
  const removed: string[] = [];
  for (const [task, runs] of byTask) {
    if (runs.some((r) => r.manifest.state === "open" || !(Date.parse(r.manifest.created) < cutoff))) continue;
    const files = [...new Set(runs.flatMap((r) => r.manifest.files.map(fileLockKey)))].filter((key) => !opts.held?.includes(key));
    const locks: Release[] = [];
    let free = true;
    for (const key of files) {
      const l = await acquireLock(fileLockPath(dataDir, { rel: key }), { what: `pruning the backups of task ${task}`, waitMs: 0 });
      if (!l.ok) {
        free = false;
        break;
      }
      locks.push(l.value);
    }
    try {
      if (!free) continue;
      for (const r of runs) rmSync(r.dir, { recursive: true, force: true });
      try {
        rmdirSync(join(backupsDir(dataDir), task));
      } catch {
        /* not empty: a run started meanwhile, or a folder that is not a run */
      }
      removed.push(task);
    } finally {
      for (const release of locks) release();
    }
  }
  return ok(removed);
}
