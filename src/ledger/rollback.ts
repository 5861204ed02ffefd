// `rollback TASK_ID`: put every file a task changed back as it was before the task's first
// committed run, from the backups src/write/transaction.ts keeps. Planning is pure over what is on
// disk; applying holds each file's run lock, so a rollback never races a run on the same file.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fail, ok, type Failure, type Result } from "../errors.js";
import { resolveInProject } from "../project/safe-path.js";
import { lockFiles } from "../write/file-lock.js";
import { sameProcess } from "../util/process-id.js";
import { readRegularFile } from "../util/fs.js";
import { writeFileAtomic } from "../write/atomic.js";
import { backupsDir, listRuns, saveManifest, writtenRel, type BackupEntry, type StoredRun } from "../write/manifest.js";
import { currentHash } from "../write/recover.js";
import { describeRestoreFailures, restoreEntries } from "../write/restore.js";
import { readBackup, restoreBlockers } from "./rollback-check.js";

export type FileState = "ready" | "already" | "edited";

export interface PlannedFile {
  rel: string;
  /** The file as it was before the task's first committed run that touched it. */
  before: BackupEntry;
  /** The backup run folder holding `before`. */
  fromDir: string;
  /**
   * `ready`: as the task left it; `already`: already as it was before; `edited`: changed since it
   * wrote it, now (`changedNow`) or between two of its runs (`between`).
   */
  state: FileState;
  changedNow: boolean;
  /** Versions made by someone else between two of the task's runs, which the rollback would discard. */
  between: Between[];
}

/** A version of a file someone else made after one of the task's runs; the next run's backup holds it. */
export interface Between {
  entry: BackupEntry;
  dir: string;
  runId: string;
}

export interface RollbackPlan {
  taskId: string;
  runs: StoredRun[];
  files: PlannedFile[];
}

/** What should be on disk for a file now: what the task's last run wrote (or left). */
type Expected = { exists: false } | { exists: true; sha256: string | undefined };

export function planRollback(root: string, dataDir: string, taskId: string): Result<RollbackPlan> {
  const all = listRuns(dataDir, taskId).sort((a, b) => a.manifest.created.localeCompare(b.manifest.created) || a.manifest.run_id.localeCompare(b.manifest.run_id));
  if (!all.length) return fail("USAGE", `no backups for task "${taskId}" in this project`, { hint: "task ids are in .claude/local-delegate/backups/ and in `local-delegate report --json`; a task's backups go keep_backups_days (30) days after its last run" });
  const running = all.find((r) => r.manifest.state === "open" && sameProcess(r.manifest.pid, r.manifest.proc));
  if (running) return fail("LOCKED", `task "${taskId}" is running (pid ${running.manifest.pid})`, { hint: "wait for it to finish, or cancel it" });
  const runs = all.filter((r) => r.manifest.state === "committed");
  if (!runs.length) {
    const done = all.some((r) => r.manifest.state === "rolled-back");
    return fail("USAGE", done ? `task "${taskId}" was already rolled back` : `task "${taskId}" changed no file (no run of it was kept)`);
  }
  const before = new Map<string, { entry: BackupEntry; dir: string }>();
  const expected = new Map<string, Expected>();
  const between = new Map<string, Between[]>();
  for (const run of runs) {
    for (const f of run.manifest.files) {
      const first = before.get(f.rel);
      if (!first) before.set(f.rel, { entry: f, dir: run.dir });
      // Not as the task's last run left it: someone changed it between the runs. Restoring the
      // state before the first run discards that version (unless it was that state anyway).
      else if (!same(foundBy(f), expected.get(f.rel)!) && !same(foundBy(f), foundBy(first.entry))) {
        between.set(f.rel, [...(between.get(f.rel) ?? []), { entry: f, dir: run.dir, runId: run.manifest.run_id }]);
      }
      expected.set(f.rel, f.written_sha256 ? { exists: true, sha256: f.written_sha256 } : foundBy(f));
    }
  }
  const files: PlannedFile[] = [];
  for (const [rel, b] of before) {
    const p = resolveInProject(root, rel, "file");
    if (!p.ok) return p;
    const current = currentSha(root, b.entry);
    const state = stateOf(current, b.entry, expected.get(rel)!);
    const others = between.get(rel) ?? [];
    // Already as before: the rollback leaves the file alone, and so discards nothing.
    files.push({ rel, before: b.entry, fromDir: b.dir, state: state === "ready" && others.length ? "edited" : state, changedNow: state === "edited", between: state === "already" ? [] : others });
  }
  return ok({ taskId, runs, files });
}

/** What a run found in the file's place before it changed it. */
function foundBy(f: BackupEntry): Expected {
  return f.existed ? { exists: true, sha256: f.sha256 } : { exists: false };
}

function same(a: Expected, b: Expected): boolean {
  return a.exists ? b.exists && a.sha256 === b.sha256 : !b.exists;
}

/** Pure: compares the file on disk with what the task left and with what was there before it. */
export function stateOf(current: string | null, before: BackupEntry, expected: Expected): FileState {
  const wasBefore = before.existed ? current !== null && current === before.sha256 : current === null;
  if (wasBefore) return "already";
  const asLeft = expected.exists ? current !== null && current === expected.sha256 : current === null;
  return asLeft ? "ready" : "edited";
}

export interface RollbackDone {
  files: { file: string; action: "restored" | "removed" | "unchanged" }[];
  runs: string[];
  /** Where copies of edited files overwritten with --force were kept. */
  kept: string[];
}

export interface RollbackFailure extends Failure {
  /**
   * Set only when the rollback failed after it had changed files: which are now as they were
   * before the task, and which are not. Without it, nothing was changed.
   */
  partial?: { restored: string[]; not_restored: string[] };
}

/**
 * Puts the plan's files back under their locks, after checking again under them that each can be:
 * a refusal changes nothing. A failure once files are changed says which are back and which not.
 */
export async function applyRollback(root: string, dataDir: string, first: RollbackPlan, opts: { force: boolean; lockWaitMs: number; now?: Date }): Promise<Result<RollbackDone, RollbackFailure>> {
  const refuse = (edited: PlannedFile[]) =>
    fail("VERIFY_FAILED", `refused: ${edited.map((f) => (f.changedNow ? f.rel : `${f.rel} (between two of its runs)`)).join(", ")} changed since task "${first.taskId}" wrote ${edited.length === 1 ? "it" : "them"}; nothing was changed`, { hint: "rerun with --force to overwrite those changes (a copy of each is kept)" });
  if (!opts.force && first.files.some((f) => f.state === "edited")) return refuse(first.files.filter((f) => f.state === "edited"));
  // Keyed on the real path as runs key them.
  const locks = await lockFiles(dataDir, first.files.map((f) => f.before), { what: () => `rollback of task ${first.taskId}`, waitMs: opts.lockWaitMs });
  if (!locks.ok) return locks;
  try {
    // Looked at again under the locks: a run may have changed a file, or started, meanwhile.
    const again = planRollback(root, dataDir, first.taskId);
    if (!again.ok) return again;
    const plan = again.value;
    if (plan.files.some((f) => !first.files.some((g) => g.rel === f.rel))) return fail("LOCKED", `task "${plan.taskId}" changed while the rollback was starting; nothing was changed`, { hint: "run the rollback again" });
    const edited = plan.files.filter((f) => f.state === "edited");
    if (edited.length && !opts.force) return refuse(edited);
    const blocked = restoreBlockers(root, plan.files);
    if (blocked.length) return fail("VERIFY_FAILED", `refused: ${blocked.join("; ")}; nothing was changed`, { hint: "put those files (or their backups) right, then run the rollback again" });
    const kept = keepEdited(root, dataDir, plan.taskId, edited, opts.now ?? new Date());
    if (!kept.ok) return kept;
    const done = restoreAll(root, plan);
    if (!done.ok) return done;
    // Newest first: one left unmarked (a full disk, a kill) is then the oldest, which alone plans
    // its files as already back. An older one marked before a newer was would leave the newer to
    // start from the older's version, which a later rollback would put back.
    for (const run of [...plan.runs].reverse()) {
      const s = saveManifest(run.dir, { ...run.manifest, state: "rolled-back" });
      if (!s.ok) return { ok: false, error: { code: "IO", message: `every file is back as it was before task "${plan.taskId}", but the task could not be marked rolled back: ${s.error.message}`, partial: { restored: plan.files.map((f) => f.rel), not_restored: [] } } };
    }
    return ok({ files: done.value, runs: plan.runs.map((r) => r.manifest.run_id), kept: kept.value });
  } finally {
    locks.value();
  }
}

/**
 * Copies of the versions of edited files --force discards, kept in the task's backups: the file as
 * it is now, and each version made between two of the task's runs. Changes no project file.
 */
function keepEdited(root: string, dataDir: string, taskId: string, edited: readonly PlannedFile[], now: Date): Result<string[]> {
  const kept: string[] = [];
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const forced = join(backupsDir(dataDir), taskId, `forced-${stamp}`);
  for (const f of edited) {
    for (const b of f.between.filter((x) => x.entry.existed)) {
      const read = readBackup(b.dir, b.entry);
      const copy = join(forced, `before-${b.runId}`, f.rel);
      const w = "why" in read ? fail("IO", read.why) : writeFileAtomic(copy, read.bytes, 0o600);
      if (!w.ok) return fail("IO", `cannot keep a copy of the version of ${f.rel} made before run ${b.runId}: ${w.error.message}; nothing was changed`);
      kept.push(copy);
    }
    const abs = join(root, f.rel);
    if (!f.changedNow || !existsSync(abs)) continue;
    // Never a blocking read: a FIFO put in the file's place is refused, not waited on.
    const read = readRegularFile(abs);
    if ("refused" in read) return fail("IO", `cannot keep a copy of ${f.rel} before overwriting it: it ${read.refused}; nothing was changed`);
    const copy = join(forced, "files", f.rel);
    const w = writeFileAtomic(copy, read.bytes, 0o600);
    if (!w.ok) return fail("IO", `cannot keep a copy of ${f.rel} before overwriting it: ${w.error.message}; nothing was changed`);
    kept.push(copy);
  }
  return ok(kept);
}

/**
 * Each file back as it was before the task. One that still fails (the checks passed, the disk did
 * not) stops the rollback, and the failure says which files are back and which are not.
 */
function restoreAll(root: string, plan: RollbackPlan): Result<RollbackDone["files"], RollbackFailure> {
  const done: RollbackDone["files"] = [];
  for (const [i, f] of plan.files.entries()) {
    const r = restoreEntries(root, f.fromDir, [f.before]);
    const now = currentSha(root, f.before);
    const right = f.before.existed ? now === f.before.sha256 : now === null;
    const why = r.failed.length ? describeRestoreFailures(r).join("; ") : right ? null : `${f.rel} does not match its backup after restoring it`;
    if (why) return stoppedAt(plan, done, plan.files.slice(i), why);
    done.push({ file: f.rel, action: f.state === "already" ? "unchanged" : f.before.existed ? "restored" : "removed" });
  }
  return ok(done);
}

/** Pure: the failure of a rollback that stopped with `rest` (the failed file first) not yet put back. */
function stoppedAt(plan: RollbackPlan, done: RollbackDone["files"], rest: readonly PlannedFile[], why: string): Result<never, RollbackFailure> {
  // A file not reached but already as before needs nothing: it counts as back.
  const restored = [...done.map((d) => d.file), ...rest.slice(1).filter((f) => f.state === "already").map((f) => f.rel)];
  const notRestored = rest.map((f) => f.rel).filter((rel) => !restored.includes(rel));
  const changed = done.filter((d) => d.action !== "unchanged").map((d) => d.file);
  return {
    ok: false,
    error: {
      code: "IO",
      message: `the rollback of task "${plan.taskId}" stopped half way: ${why}; ${changed.length ? `already put back: ${changed.join(", ")}` : "no file was changed"}; not put back: ${notRestored.join(", ")}`,
      hint: "fix the cause, then run the rollback again: it finishes the files not yet put back",
      ...(changed.length ? { partial: { restored, not_restored: notRestored } } : {}),
    },
  };
}

/** The file's hash now (no link followed on the way), null when absent. */
function currentSha(root: string, f: BackupEntry): string | null {
  return currentHash(root, writtenRel(f));
}
