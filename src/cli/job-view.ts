import { STALE_MS } from "../jobs/liveness.js";
import type { JobResult } from "../jobs/request.js";
import { isActive, type Job } from "../jobs/schema.js";

/** `status` exit code while the job is still queued or running: "not finished, ask again" (EX_TEMPFAIL). */
export const EXIT_NOT_FINISHED = 75;

/**
 * What `status` prints. A finished job: its stored result, the very line the foreground command
 * prints. An active one: a short line saying where it is. Every field costs Claude tokens.
 */
export function statusView(job: Job, now = Date.now()): object {
  if (!isActive(job) && job.result) return resultLine(job.result);
  if (!isActive(job)) return { job: job.id, status: job.status };
  const ms = now - Date.parse(job.created);
  if (job.status === "queued") return { job: job.id, status: "queued", waiting_for: job.waiting_for ?? "another job", ms };
  const silent = job.heartbeat ? now - Date.parse(job.heartbeat) : 0;
  return {
    job: job.id,
    status: "running",
    ...(job.progress ? { progress: `${job.progress.done}/${job.progress.total}` } : {}),
    ...(job.progress?.current ? { current: job.progress.current } : {}),
    ...(job.step ? { step: job.step } : {}),
    // Alive (its process is there) but not heard from: stopped, or the machine just woke up.
    ...(silent > STALE_MS / 2 ? { silent_s: Math.round(silent / 1000) } : {}),
    ms,
  };
}

/**
 * The line a finished job's result stands for: what `run`, `plan run` and `qualify --json` print
 * in the foreground, or the job's own end (cancelled, interrupted) as `cancel` prints it.
 */
export function resultLine(r: JobResult): object {
  switch (r.kind) {
    case "run":
    case "plan":
    case "qualify":
    case "job":
    case "legacy":
      return r.value;
  }
}

export function statusExitCode(job: Job): number {
  if (isActive(job)) return EXIT_NOT_FINISHED;
  return job.exit_code ?? 1;
}

/** The status a list shows: a finished job's own result status (`success`, `escalated`…). */
export function shownStatus(job: Job): string {
  if (job.status === "done" && job.result) return job.result.value.status;
  return job.status;
}

export interface JobRow {
  id: string;
  kind: string;
  label: string | null;
  started: string;
  status: string;
  progress: string | null;
}

export function jobRow(job: Job): JobRow {
  return {
    id: job.id,
    kind: job.kind,
    label: job.label,
    started: job.created,
    status: shownStatus(job),
    progress: job.progress ? `${job.progress.done}/${job.progress.total}` : null,
  };
}

/** The table a person reads. */
export function jobsTable(rows: readonly JobRow[]): string {
  if (!rows.length) return "no background jobs in this project\n";
  const head = ["ID", "KIND", "LABEL", "STARTED (UTC)", "STATUS", "PROGRESS"];
  const cells = rows.map((r) => [r.id, r.kind, r.label ?? "", r.started.replace("T", " ").replace("Z", ""), r.status, r.progress ?? ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  return `${[line(head), ...cells.map(line)].join("\n")}\n`;
}
