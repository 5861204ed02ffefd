import { hostname } from "node:os";
import { killUntilGone } from "../util/tagged.js";
import { probe, jobProcesses, type Probe } from "./proc.js";
import { jobEnd } from "./request.js";
import { acquireLock } from "../util/lock.js";
import { finishLockFile, isoNow, isActive, type Job } from "./schema.js";
import { readJob, updateJob } from "./store.js";
import { jobRuns, undoJobRuns } from "./undo.js";

/** The worker writes its heartbeat this often. */
export const HEARTBEAT_MS = 2_000;
/** A worker that never recorded itself (the starter died right after spawning it) is dead after this. */
export const START_GRACE_MS = 20_000;
/** With no process identity to check (Windows), a heartbeat this old means the worker is gone. */
export const STALE_MS = 60_000;

export type Verdict = "alive" | "dead";

/**
 * Is the job's worker still there? The pid must be alive and, where the platform tells us, be the
 * same process (its start time): a pid reused after a crash or a reboot is not our worker. Where
 * there is no identity to compare, a heartbeat older than a minute decides. A worker that is alive
 * but silent (the machine slept, the process is stopped) is still alive: it will carry on.
 */
export function judge(job: Job, seen: (pid: number) => Probe = probe, now = Date.now()): Verdict {
  if (!isActive(job)) return "alive";
  if (job.host !== hostname()) return "alive"; // another machine's process: nothing to check here
  if (job.pid === null) return now - Date.parse(job.created) > START_GRACE_MS ? "dead" : "alive";
  const p = seen(job.pid);
  if (!p.alive) return "dead";
  if (job.proc && p.identity && job.proc !== p.identity) return "dead";
  if (!job.proc || !p.identity) {
    const beat = Date.parse(job.heartbeat ?? job.created);
    if (now - beat > STALE_MS) return "dead";
  }
  return "alive";
}

/** How long a caller waits for another one to finish the same dead worker's job before answering. */
export const FINISH_WAIT_MS = 60_000;

/**
 * Marked interrupted, but its leftovers not yet killed, its files not yet put back, no result
 * stored: the caller that was doing it is still at it, or was killed (Ctrl-C, the Bash call's end).
 */
const unfinished = (j: Job): boolean => j.status === "interrupted" && j.result === null;
const toFinish = (j: Job, seen: (pid: number) => Probe): boolean => unfinished(j) || (isActive(j) && judge(j, seen) === "dead");

/**
 * Brings a job whose worker died up to date: its leftover processes (a test command outlives a
 * SIGKILLed parent) are killed, the files of its unfinished run are put back, and it is marked
 * `interrupted` (or `cancelled` if that was asked) with a result saying so. Safe to call from any
 * number of `status` and `jobs` calls at once: one finishes it under the job's finish lock, the
 * others wait and return the result it stored. A finisher killed halfway leaves the job
 * unfinished and its lock to a dead process: the next caller takes both over and finishes.
 * `signal` (Ctrl-C) ends the wait for another finisher.
 */
export async function reconcile(data: string, root: string, job: Job, signal?: AbortSignal, seen: (pid: number) => Probe = probe): Promise<Job> {
  if (!toFinish(job, seen)) return job;
  // Ctrl-C ends the wait (a minute at most): the job is then told as it stands, the other finisher at work.
  const lock = await acquireLock(finishLockFile(data, job.id), { what: `finishing job ${job.id}`, waitMs: FINISH_WAIT_MS, pollMs: 50, signal });
  // Read again (under the lock, when it was got): another caller may have finished it meanwhile.
  const now = readJob(data, job.id);
  if (!lock.ok) return now.ok ? now.value : job;
  try {
    if (!now.ok || !toFinish(now.value, seen)) return now.ok ? now.value : job;
    return await finish(data, root, now.value, seen);
  } finally {
    lock.value();
  }
}

async function finish(data: string, root: string, job: Job, seen: (pid: number) => Probe): Promise<Job> {
  // Marked first, so that no worker write (a live one misjudged, a late heartbeat) undoes the verdict.
  const stopped = await updateJob(data, job.id, (cur) => {
    if (unfinished(cur) || !isActive(cur) || cur.pid !== job.pid || judge(cur, seen) === "alive") return null;
    return { ...cur, status: "interrupted", ended: isoNow() };
  });
  if (!stopped.ok) return job;
  const cur = stopped.value;
  if (!unfinished(cur)) return cur; // ended by itself meanwhile, or alive after all

  // Stopped, and gone, before the job's files are put back: a leftover could write into them.
  killUntilGone(() => jobProcesses(cur.id, null));
  const report = cur.pid !== null ? await undoJobRuns(root, data, jobRuns(data, cur.pid, cur.created, null, cur.proc), { committed: false }) : { restored: [], kept: [], problems: [] };
  const cancelled = cur.cancel_requested;
  const result = jobEnd({
    job: cur.id,
    status: cancelled ? "cancelled" : "interrupted",
    ...(cancelled ? {} : { error: `the worker (pid ${cur.pid ?? "?"}) stopped before the job finished: killed, out of memory, or the machine restarted` }),
    ...(cur.progress ? { progress: `${cur.progress.done}/${cur.progress.total}` } : {}),
    restored: report.restored,
    ...(report.problems.length ? { not_restored: report.problems } : {}),
    ...(cancelled ? {} : { hint: `run it again: local-delegate ${cur.argv.join(" ")}` }),
  });
  const done = await updateJob(data, cur.id, (j) => (j.result ? null : { ...j, status: cancelled ? "cancelled" : "interrupted", result, exit_code: cancelled ? 130 : 1 }));
  return done.ok ? done.value : cur;
}
