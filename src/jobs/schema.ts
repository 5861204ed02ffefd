import { randomBytes } from "node:crypto";
import { join } from "node:path";
import * as z from "zod";
import { JobRequestSchema, JobResultSchema } from "./request.js";

/**
 * A job's whole state, one JSON file per job (`<data>/jobs/<id>.json`). Every writer holds the
 * job's lock and replaces the file atomically, so a reader sees one complete version or another.
 */
export const JOB_STATES = ["queued", "running", "done", "cancelled", "interrupted"] as const;
export type JobState = (typeof JOB_STATES)[number];

const ProgressSchema = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  current: z.string().nullish(),
});
export type JobProgress = z.infer<typeof ProgressSchema>;

const JobFields = z.object({
  v: z.literal(2),
  id: z.string(),
  /** What it does: `run`, `plan`, `qualify` (the request's kind). */
  kind: z.string(),
  /** What a person recognises it by: the task id or the plan's name. */
  label: z.string().nullable(),
  /** The request the worker runs; null in a state file written before requests were typed. */
  request: JobRequestSchema.nullable(),
  /** The foreground command that does the same, for the log and the "run it again" hint; never run. */
  argv: z.array(z.string()),
  cwd: z.string(),
  host: z.string(),
  /** The model server it queues on; absent in state files written before it was recorded. */
  server: z.string().nullish(),
  created: z.string(),
  /** When it left the queue and the command began. */
  started: z.string().nullable(),
  ended: z.string().nullable(),
  status: z.enum(JOB_STATES),
  /** While queued: what it waits for ("job 260101-… (run slugify) in /proj"). */
  waiting_for: z.string().nullable(),
  pid: z.number().int().nullable(),
  /** The worker's process identity (boot id + start time): a reused pid does not match it. */
  proc: z.string().nullable(),
  heartbeat: z.string().nullable(),
  progress: ProgressSchema.nullable(),
  /** The step of the current task ("running tests"), from the engine's events. */
  step: z.string().nullable(),
  cancel_requested: z.boolean(),
  /** A cancel has put back every file the job changed. */
  undone: z.boolean(),
  /** The typed result: the request's (the object the foreground command prints), or the job's own end. */
  result: JobResultSchema.nullable(),
  exit_code: z.number().int().nullable(),
  log: z.string(),
});

/**
 * Version 1 (before requests and results were typed) is read as version 2: no request, its
 * result kept as it was. Cheap, and `jobs` keeps listing (and pruning) the jobs of an upgrade.
 */
function upgrade(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || (raw as { v?: unknown }).v !== 1) return raw;
  const old = raw as Record<string, unknown>;
  return { ...old, v: 2, request: null, result: old.result ? { kind: "legacy", value: old.result } : null };
}

export const JobSchema = z.preprocess(upgrade, JobFields);
export type Job = z.infer<typeof JobSchema>;

export const ACTIVE: readonly JobState[] = ["queued", "running"];

/** Submission order: `created` (to the millisecond), then the id for two jobs in the same one. */
export const before = (a: Pick<Job, "created" | "id">, b: Pick<Job, "created" | "id">): boolean =>
  a.created < b.created || (a.created === b.created && a.id < b.id);
export const isActive = (j: Pick<Job, "status">): boolean => ACTIVE.includes(j.status);

export function jobsDir(data: string): string {
  return join(data, "jobs");
}

export const jobFile = (data: string, id: string) => join(jobsDir(data), `${id}.json`);
export const logFile = (data: string, id: string) => join(jobsDir(data), `${id}.log`);
export const lockFile = (data: string, id: string) => join(jobsDir(data), `${id}.lock`);
/** Held by whoever finishes a job whose worker died (kill what is left, put its files back, store the result). */
export const finishLockFile = (data: string, id: string) => join(jobsDir(data), `${id}.finish.lock`);
/** A copy of the spec or plan as it was when the job started: Claude may reuse the path for the next task. */
export const inputCopy = (data: string, id: string) => join(jobsDir(data), `${id}.input`);

const ID_RE = /^\d{6}-\d{6}-[0-9a-f]{4}$/;
export const isJobId = (s: string): boolean => ID_RE.test(s);

/** `YYMMDD-HHMMSS-xxxx` (UTC): sorts by start time, short enough to type, unique enough per project. */
export function newJobId(now = new Date()): string {
  const iso = now.toISOString();
  const date = iso.slice(2, 10).replace(/-/g, "");
  const time = iso.slice(11, 19).replace(/:/g, "");
  return `${date}-${time}-${randomBytes(2).toString("hex")}`;
}

/** To the millisecond: jobs submitted in the same second must still sort in the order they came. */
export const isoNow = (now = new Date()): string => now.toISOString();
