import { describeThrown, fail, ok, type Result } from "../errors.js";
import { createBackends } from "../model/endpoints.js";
import { BackendPool } from "../model/pool.js";
import { dataDir } from "../project/root.js";
import type { TaskSpec } from "../spec/load.js";
import type { LockedFile } from "../write/file-lock.js";
import { pruneBackups } from "../write/prune.js";
import { listRuns } from "../write/manifest.js";
import { recoverInterrupted } from "../write/recover.js";
import type { EngineDeps } from "./deps.js";
import { stopRunLeftovers } from "./leftovers.js";
import { planRename } from "./rename-step.js";
import { RunLocks } from "./run-locks.js";

/** What a run holds while it works: the backends, the files' locks, and how to let them go. */
export interface Session {
  pool: BackendPool;
  data: string;
  /** The files' locks, held to the run's end: a rename adds the importers it finds only late. */
  locks: RunLocks;
  /** Recovery's notes, for the run's own. */
  notes: string[];
  /** The tasks whose interrupted runs' files recovery put back before this run. */
  recovered: string[];
  close(): Promise<void>;
}

/**
 * A run's set-up: the backends (the plan's, or its own), the locks on the files it will write, the
 * files of runs that died put back, and old backups pruned. Nothing is asked of the model yet.
 */
export async function openSession(spec: TaskSpec, deps: EngineDeps, onWait: (what: string) => void): Promise<Result<Session>> {
  const { config } = deps;
  const files = await filesToWrite(spec);
  let pool = deps.pool;
  if (!pool) {
    const backends = createBackends(config, spec.root);
    if (!backends.ok) return backends;
    pool = new BackendPool(backends.value, { stateDir: deps.stateDir, lockWaitMs: config.lock_wait_ms, contextLength: config.context_length });
  }
  const ownPool = deps.pool ? null : pool;
  const data = dataDir(spec.root);
  const locks = await RunLocks.take(data, files, {
    what: `task ${spec.task_id} on ${spec.output.rel}`,
    waitMs: config.lock_wait_ms,
    signal: deps.signal,
    onWait: (h) => onWait(h ? h.what : "another run"),
  });
  if (!locks.ok) {
    await ownPool?.dispose();
    return locks;
  }
  const close = async () => {
    locks.value.release();
    await ownPool?.dispose();
  };
  const tidied = await tidy(spec, data, config.keep_backups_days, locks.value.keys());
  if (!tidied.ok) {
    await close();
    return tidied;
  }
  return ok({
    pool,
    data,
    locks: locks.value,
    notes: tidied.value.length ? [`restored files of interrupted runs: ${tidied.value.join(", ")}`] : [],
    recovered: tidied.value,
    close,
  });
}

/**
 * Puts back what runs that died left, then prunes old backups; the tasks recovered. A recovery
 * that fails stops this run: a dead run's unverified file would otherwise be taken for the original.
 */
async function tidy(spec: TaskSpec, data: string, keepDays: number, held: string[]): Promise<Result<string[]>> {
  try {
    // One reading of the backups serves both: recovery marks what it recovers in it.
    const runs = listRuns(data);
    const recovered = recoverInterrupted(spec.root, data, stopRunLeftovers, runs);
    if (!recovered.ok) return fail("IO", `the files of an interrupted run could not be put back: ${recovered.error.message}`, { hint: "run `local-delegate rollback` for that task, then this one again" });
    // After recovery, so a dead run's files are back before its backups could go.
    await pruneBackups(data, keepDays, { held, runs });
    return ok(recovered.value);
  } catch (e) {
    return fail("INTERNAL", `cleaning up after earlier runs failed: ${describeThrown(e)}`);
  }
}

/**
 * The files the run may write: its output and, for a rename, the importers the engine will update.
 * Known before the model is asked (the importers depend on the project, not on the answer). A
 * rename that cannot be planned locks its output only: the run refuses it before writing anything.
 */
async function filesToWrite(spec: TaskSpec): Promise<LockedFile[]> {
  if (!spec.rename) return [spec.output];
  const plan = await planRename(spec);
  return plan.ok ? [spec.output, ...plan.value.map((p) => p.where)] : [spec.output];
}
