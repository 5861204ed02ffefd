import { hostname } from "node:os";
import { withoutCredentials } from "../util/model-id.js";
import { HEARTBEAT_MS, judge } from "./liveness.js";
import { before, isActive, type Job } from "./schema.js";
import type { SlotHolder } from "./slots.js";
import { listJobs } from "./store.js";

/**
 * The project's jobs for `server` that were submitted before `job` (or all of them, with no job)
 * and whose workers are alive but have not yet taken a slot. Slots alone are first come, first
 * served among workers, and a worker takes a moment to start: without this, a job submitted a
 * moment after another could overtake it and would first say "running" while it was not.
 */
export function waitingAhead(data: string, server: string, job?: Pick<Job, "created" | "id">, holding: readonly SlotHolder[] = []): Job[] {
  const host = hostname();
  const holders = new Set(holding.map((h) => h.pid));
  return (
    listJobs(data)
      // Only this machine's jobs: the slots are this machine's, and another machine's job cannot be
      // judged dead from here, so it would hold the queue for ever. A job that already holds a
      // slot but has not yet written `started` is counted once, as a holder.
      .jobs.filter((j) => j.server === server && j.host === host && isActive(j) && j.started === null && !(j.pid !== null && holders.has(j.pid)))
      .filter((j) => (!job || (j.id !== job.id && before(j, job))) && (beatRecently(j) || judge(j) === "alive"))
      .reverse() // listJobs gives newest first
  );
}

/**
 * The slots taken, or promised to the jobs `ahead` (submitted earlier, not started). A slot whose
 * lock is still being written names no holder yet: most likely one of those jobs, so the two are
 * not added (the second of two jobs on two slots read as queued, and a queued worker waited a turn).
 */
export function slotsTaken(held: readonly SlotHolder[], ahead: number): number {
  const named = held.filter((h) => h.pid !== null).length;
  return named + Math.max(held.length - named, ahead);
}

/**
 * A worker writes a heartbeat every HEARTBEAT_MS, queued or not. Outside Linux, judging a job runs
 * `ps`, and every queued worker asks about every job ahead of it several times a second: a recent
 * beat is taken as alive there instead. A worker that dies is judged once its beat is old.
 */
export function beatRecently(j: Pick<Job, "heartbeat">, now = Date.now(), platform: NodeJS.Platform = process.platform): boolean {
  return platform !== "linux" && j.heartbeat !== null && now - Date.parse(j.heartbeat) < 3 * HEARTBEAT_MS;
}

export const describeJob = (j: Pick<Job, "id" | "kind" | "label">, root: string): string => `job ${j.id} (${j.kind}${j.label ? ` ${j.label}` : ""}) in ${root}`;

/** The server a job queues on: the first of several endpoints (the one tried first), else base_url. */
export function jobServer(config: { base_url: string; endpoints?: readonly { base_url: string }[] | undefined }): string {
  // The backend's id, as the run names it: its generation slots are keyed by it.
  return withoutCredentials(config.endpoints?.[0]?.base_url ?? config.base_url);
}
