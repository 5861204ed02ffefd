import { judge } from "./liveness.js";
import { isActive, type Job } from "./schema.js";
import { listJobs } from "./store.js";

/** Submission order: `created` (to the millisecond), then the id for two jobs in the same one. */
export const before = (a: Pick<Job, "created" | "id">, b: Pick<Job, "created" | "id">): boolean =>
  a.created < b.created || (a.created === b.created && a.id < b.id);

/**
 * The project's jobs for `server` that were submitted before `job` (or all of them, with no job)
 * and whose workers are alive but have not yet taken a slot. Slots alone are first come, first
 * served among workers, and a worker takes a moment to start: without this, a job submitted a
 * moment after another could overtake it and would first say "running" while it was not.
 */
export function waitingAhead(data: string, server: string, job?: Pick<Job, "created" | "id">): Job[] {
  return listJobs(data)
    .jobs.filter((j) => j.server === server && isActive(j) && j.started === null && (!job || (j.id !== job.id && before(j, job))) && judge(j) === "alive")
    .sort((a, b) => (before(a, b) ? -1 : 1));
}

export const describeJob = (j: Pick<Job, "id" | "kind" | "label">, root: string): string => `job ${j.id} (${j.kind}${j.label ? ` ${j.label}` : ""}) in ${root}`;
