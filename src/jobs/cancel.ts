import { fail, ok, type Result } from "../errors.js";
import { reconcile } from "./liveness.js";
import { jobProcesses, probe, signalAll, sleep } from "./proc.js";
import { jobEnd } from "./request.js";
import { isActive, isoNow, type Job } from "./schema.js";
import { readJob, updateJob } from "./store.js";
import { jobRuns, undoJobRuns } from "./undo.js";

/** How long the worker gets to stop by itself (kill its test command, restore its run, save state). */
const GRACE_MS = 6_000;
/** After SIGKILL, how long to wait for every process of the job to be gone. */
const KILL_WAIT_MS = 3_000;

/**
 * Stops a job and undoes it: SIGTERM to the worker (its engine kills the test command's process
 * group and restores the current run), then SIGKILL to whatever of the job is left, then every
 * file the job's runs changed, finished tasks included, is put back. Idempotent: a cancel that was
 * itself interrupted is finished by the next one. `signal` (Ctrl-C) ends only the wait before it starts.
 */
export async function cancelJob(data: string, root: string, id: string, signal?: AbortSignal): Promise<Result<Job>> {
  const read = readJob(data, id);
  if (!read.ok) return read;
  let job = await reconcile(data, root, read.value, signal);
  // Ctrl-C while another caller finishes the job: stopped before anything, undoing nothing beside it.
  if (signal?.aborted) return fail("CANCELLED", `interrupted before job ${id} was stopped: nothing was done`, { hint: `run it again: local-delegate cancel ${id}` });
  // An interrupted job is undone too (that is what cancel asks), and a cancel cut short is finished.
  const undoable = isActive(job) || job.status === "interrupted" || (job.status === "cancelled" && !job.undone);
  if (!undoable) {
    return fail("USAGE", `job ${id} is not running: it is ${job.status === "done" ? String(job.result?.value.status ?? "done") : job.status}`, {
      hint: job.status === "done" ? "to undo a finished task's files: local-delegate rollback TASK_ID" : "nothing to stop",
    });
  }
  const marked = await updateJob(data, id, (j) => ({ ...j, cancel_requested: true }));
  if (!marked.ok) return marked;
  job = marked.value;

  const pid = job.pid;
  const mine = pid !== null && isOurWorker(job);
  // Taken before the worker goes: where only `ps` can tell (not Linux), its orphans are found no more.
  const before = mine ? jobProcesses(id, pid) : [];
  if (mine) signalAll([pid], "SIGTERM");
  const deadline = performance.now() + GRACE_MS;
  while (mine && performance.now() < deadline && isOurWorker(job) && stillActive(data, id)) await sleep(100);

  // Whatever is left (a worker that ignored SIGTERM, a test command's grandchildren) gets SIGKILL.
  let left = [...new Set([...before.filter((p) => probe(p).alive), ...jobProcesses(id, isOurWorker(job) ? pid : null)])];
  if (left.length) signalAll(left, "SIGKILL");
  const killDeadline = performance.now() + KILL_WAIT_MS;
  while (left.length && performance.now() < killDeadline) {
    await sleep(50);
    left = left.filter((p) => probe(p).alive);
  }

  const now = readJob(data, id);
  const cur = now.ok ? now.value : job;
  // The worker's own runs: those its pid made later (or, with no identity to tell, after the job's
  // end) are another process's, which got the pid since, never the job's to undo.
  const report = pid !== null ? await undoJobRuns(root, data, jobRuns(data, pid, cur.created, cur.ended, cur.proc), { committed: true }) : { restored: [], kept: [], problems: [] };
  const result = jobEnd({
    job: id,
    status: "cancelled",
    ...(cur.progress ? { progress: `${cur.progress.done}/${cur.progress.total}` } : {}),
    restored: report.restored,
    ...(report.kept.length ? { kept: report.kept } : {}),
    ...(report.problems.length ? { not_restored: report.problems } : {}),
    ...(left.length ? { error: `processes still alive after SIGKILL: ${left.join(", ")}` } : {}),
  });
  const saved = await updateJob(data, id, (j) => ({ ...j, status: "cancelled", ended: j.ended ?? isoNow(), step: null, waiting_for: null, result, exit_code: 130, undone: true }));
  return saved.ok ? ok(saved.value) : saved;
}

/** The worker saves its final state after its own cleanup; from then on it only has to exit. */
function stillActive(data: string, id: string): boolean {
  const j = readJob(data, id);
  return j.ok && isActive(j.value);
}

function isOurWorker(job: Job): boolean {
  if (job.pid === null) return false;
  const p = probe(job.pid);
  return p.alive && (!job.proc || !p.identity || p.identity === job.proc);
}
