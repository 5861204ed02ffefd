import { readdirSync, readFileSync, unlinkSync } from "node:fs";
import { fail, ok, type Result } from "../errors.js";
import { acquireLock } from "../util/lock.js";
import { writeFileAtomic } from "../write/atomic.js";
import { before, inputCopy, isActive, isJobId, jobFile, jobsDir, lockFile, logFile, JobSchema, type Job } from "./schema.js";

/** Jobs kept when pruning; active ones are kept whatever their number. */
export const KEEP_JOBS = 50;

/** Reads without the lock: the file is only ever replaced whole, so it is complete or absent. */
export function readJob(data: string, id: string): Result<Job> {
  let text: string;
  try {
    text = readFileSync(jobFile(data, id), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return fail("USAGE", `no job ${id} in this project`, { hint: "`local-delegate jobs` lists them" });
    return fail("IO", `cannot read job ${id}: ${(e as Error).message}`);
  }
  try {
    const parsed = JobSchema.safeParse(JSON.parse(text));
    if (parsed.success) return ok(parsed.data);
  } catch {
    /* reported below */
  }
  return fail("IO", `the state file of job ${id} is unreadable`, { hint: `remove ${jobFile(data, id)}` });
}

export function writeJob(data: string, job: Job): Result<void> {
  return writeFileAtomic(jobFile(data, job.id), `${JSON.stringify(job)}\n`, 0o600);
}

/** Every readable job of the project, newest first, and how many files could not be read. */
export function listJobs(data: string): { jobs: Job[]; unreadable: number } {
  const jobs: Job[] = [];
  let unreadable = 0;
  for (const id of jobIds(data)) {
    const j = readJob(data, id);
    if (j.ok) jobs.push(j.value);
    // Pruned between the listing and the read: not a fault.
    else if (j.error.code !== "USAGE") unreadable++;
  }
  jobs.sort((a, b) => (before(b, a) ? -1 : before(a, b) ? 1 : 0));
  return { jobs, unreadable };
}

function jobIds(data: string): string[] {
  let names: string[];
  try {
    names = readdirSync(jobsDir(data));
  } catch {
    return [];
  }
  // Temp files of atomic writes start with a dot and never match.
  return names.filter((n) => n.endsWith(".json") && isJobId(n.slice(0, -5))).map((n) => n.slice(0, -5));
}

/** The job named by a full id or an unambiguous prefix; with no id, the newest job. */
export function resolveJobId(data: string, given: string | undefined): Result<string> {
  const ids = jobIds(data);
  if (!given) {
    const newest = listJobs(data).jobs[0];
    return newest ? ok(newest.id) : fail("USAGE", "no jobs in this project yet");
  }
  if (ids.includes(given)) return ok(given);
  const matches = ids.filter((id) => id.startsWith(given));
  if (matches.length === 1) return ok(matches[0]!);
  if (matches.length > 1) return fail("USAGE", `"${given}" names ${matches.length} jobs; give more of the id`);
  return fail("USAGE", `no job ${given} in this project`, { hint: "`local-delegate jobs` lists them" });
}

/**
 * Read-modify-write under the job's lock. `change` returns the new state, or null to leave the
 * file as it is (a compare-and-set: it sees the state as it is now, not as the caller last read it).
 */
export async function updateJob(data: string, id: string, change: (j: Job) => Job | null): Promise<Result<Job>> {
  const lock = await acquireLock(lockFile(data, id), { what: `state of job ${id}`, waitMs: 10_000, pollMs: 10 });
  if (!lock.ok) return lock;
  try {
    const cur = readJob(data, id);
    if (!cur.ok) return cur;
    const next = change(cur.value);
    if (!next) return cur;
    const w = writeJob(data, next);
    return w.ok ? ok(next) : w;
  } finally {
    lock.value();
  }
}

/**
 * Keeps the newest `keep` jobs. Only finished jobs are removed, each under its lock and only if
 * still finished then: a running or queued job is never deleted, however old.
 */
export async function pruneJobs(data: string, keep = KEEP_JOBS): Promise<string[]> {
  const removed: string[] = [];
  for (const old of listJobs(data).jobs.slice(keep)) {
    if (isActive(old)) continue;
    const lock = await acquireLock(lockFile(data, old.id), { what: `pruning job ${old.id}`, waitMs: 0 });
    if (!lock.ok) continue;
    try {
      const cur = readJob(data, old.id);
      if (!cur.ok || isActive(cur.value)) continue;
      for (const f of [jobFile(data, old.id), logFile(data, old.id), inputCopy(data, old.id)]) unlinkQuietly(f);
      removed.push(old.id);
    } finally {
      lock.value();
    }
  }
  return removed;
}

function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* already gone */
  }
}
