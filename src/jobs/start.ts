import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fail, ok, type Result } from "../errors.js";
import type { CommandContext } from "../project/context.js";
import { writeFileAtomic } from "../write/atomic.js";
import { JOB_ENV, probe } from "./proc.js";
import { describeJob, slotsTaken, waitingAhead } from "./queue.js";
import { jobEnd, storedRequest, type JobRequest, type Submission } from "./request.js";
import { inputCopy, isoNow, jobFile, jobsDir, logFile, newJobId, type Job } from "./schema.js";
import { heldSlots, slotPaths } from "./slots.js";
import { pruneJobs, updateJob, writeJob } from "./store.js";
import { makeFolders } from "../util/fs.js";

export interface JobSubmission {
  /** What to do. A spec's or plan's text is copied aside: the worker runs the copy, so Claude may reuse the path at once. */
  request: Submission;
  label: string | null;
  /**
   * The foreground command that does the same, for the log and the "run it again" hint (the
   * worker never runs it). The token `{input}` is replaced by the path of the copy.
   */
  argv: string[];
  /** The model server the job will use, for one-job-per-server queueing; null when unknown. */
  server: string | null;
  maxJobsPerServer: number;
}

/** Where the job was asked for: its worker starts there, with that environment (config from env included). */
export interface Caller {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What `--background` prints: the id to ask about, and where the log is. */
export interface StartLine {
  job: string;
  status: "running" | "queued";
  waiting_for?: string;
  log: string;
}

export const INPUT_TOKEN = "{input}";

/**
 * Records the job, starts its worker detached (its own session and process group, so neither the
 * end of this process nor the kill of Claude's Bash call reaches it) and returns at once.
 */
export async function startJob(caller: Caller, ctx: CommandContext, sub: JobSubmission): Promise<Result<StartLine>> {
  const dir = jobsDir(ctx.data);
  try {
    makeFolders(dir);
  } catch (e) {
    return fail("IO", `cannot create ${dir}: ${(e as Error).message}`);
  }
  let id = newJobId();
  while (existsSync(jobFile(ctx.data, id))) id = newJobId();

  const copy = inputCopy(ctx.data, id);
  const { request, input } = storedRequest(sub.request, copy);
  if (input !== null) {
    const w = writeFileAtomic(copy, input, 0o600);
    if (!w.ok) return w;
  }
  // Run again by hand, it is the foreground command: a stray --background would only start another job.
  const argv = sub.argv.filter((a) => a !== "--background").map((a) => (a === INPUT_TOKEN ? shortPath(caller.cwd, copy) : a));
  const job = newJob(id, ctx, caller.cwd, sub, request, argv);
  const saved = writeJob(ctx.data, job);
  if (!saved.ok) return saved;

  const pid = spawnWorker(job, caller);
  if (!pid.ok) {
    await updateJob(ctx.data, id, (j) => ({ ...j, status: "interrupted", ended: isoNow(), result: jobEnd({ job: id, status: "failed", error: "the background worker could not be started" }), exit_code: 1 }));
    return pid;
  }
  // The worker records itself too; whichever comes first, the pid is known from now on.
  const identity = probe(pid.value);
  await updateJob(ctx.data, id, (j) => (j.pid === null ? { ...j, pid: pid.value, proc: identity.alive ? identity.identity : null } : null));
  await pruneJobs(ctx.data);
  return ok({ job: id, status: job.status === "queued" ? "queued" : "running", ...(job.waiting_for ? { waiting_for: job.waiting_for } : {}), log: shortPath(caller.cwd, job.log) });
}

/** The job as first recorded: queued when every slot is taken by a running job or promised to one submitted earlier. */
function newJob(id: string, ctx: CommandContext, cwd: string, sub: JobSubmission, request: JobRequest, argv: string[]): Job {
  const held = sub.server ? heldSlots(slotPaths(ctx.stateDir, sub.server, sub.maxJobsPerServer)) : [];
  const ahead = sub.server ? waitingAhead(ctx.data, sub.server, undefined, held).map((j) => describeJob(j, ctx.root)) : [];
  const busy = slotsTaken(held, ahead.length) >= Math.max(1, sub.maxJobsPerServer) ? [...held.map((h) => h.what), ...ahead] : [];
  return {
    v: 2,
    id,
    kind: request.kind,
    label: sub.label,
    request,
    argv,
    cwd,
    host: hostname(),
    server: sub.server,
    created: isoNow(),
    started: null,
    ended: null,
    status: busy.length ? "queued" : "running",
    waiting_for: busy.length ? busy.join("; ") : null,
    pid: null,
    proc: null,
    heartbeat: null,
    progress: null,
    step: null,
    cancel_requested: false,
    undone: false,
    result: null,
    exit_code: null,
    log: logFile(ctx.data, id),
  };
}

/** `jobs --worker ID`, detached, its output into the job's log; the job's id in its environment marks every process of it. */
function spawnWorker(job: Job, caller: Caller): Result<number> {
  let fd: number;
  try {
    fd = openSync(job.log, "a", 0o600);
    writeSync(fd, `${job.created} job ${job.id}: local-delegate ${job.argv.join(" ")}\n`);
  } catch (e) {
    return fail("IO", `cannot open the job log ${job.log}: ${(e as Error).message}`);
  }
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [cliEntry(), "jobs", "--worker", job.id], {
      cwd: caller.cwd,
      env: { ...caller.env, [JOB_ENV]: job.id },
      detached: true,
      stdio: ["ignore", fd, fd],
      windowsHide: true,
    });
    child.on("error", () => {
      /* reported below through the missing pid, or later as `interrupted` */
    });
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(fd);
  }
  return pid === undefined ? fail("INTERNAL", `cannot start the background worker (${process.execPath} ${cliEntry()})`) : ok(pid);
}

/**
 * The CLI script to start the worker with. In the bundle this module is `dist/cli.js` itself; run
 * from the sources (tests), it is the committed bundle beside them.
 */
export function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".ts") ? resolve(dirname(here), "../../dist/cli.js") : join(dirname(here), "cli.js");
}

/** Relative to where the caller stands when that is shorter and inside it; absolute otherwise. */
function shortPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}
