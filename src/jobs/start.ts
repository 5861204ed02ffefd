import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fail, ok, type Result } from "../errors.js";
import type { CommandContext } from "../cli/context.js";
import type { CliIO } from "../cli/io.js";
import { writeFileAtomic } from "../write/atomic.js";
import { JOB_ENV, probe } from "./proc.js";
import { inputCopy, isoNow, jobFile, jobsDir, logFile, newJobId, type Job } from "./schema.js";
import { describeJob, waitingAhead } from "./queue.js";
import { heldSlots, slotPaths } from "./slots.js";
import { pruneJobs, updateJob, writeJob } from "./store.js";

export interface JobRequest {
  /** The command: `run`, `plan`… */
  kind: string;
  label: string | null;
  /**
   * The CLI arguments the worker runs, as a foreground call would take them (no `--background`).
   * The token `{input}` is replaced by the path of the copy of `input`.
   */
  argv: string[];
  /** The spec or plan text as read now: the worker reads this copy, so Claude may reuse the path at once. */
  input?: string | undefined;
  /** The model server the job will use, for one-job-per-server queueing; null when unknown. */
  server: string | null;
  maxJobsPerServer: number;
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
export async function startJob(io: CliIO, ctx: CommandContext, req: JobRequest): Promise<Result<StartLine>> {
  const dir = jobsDir(ctx.data);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return fail("IO", `cannot create ${dir}: ${(e as Error).message}`);
  }
  let id = newJobId();
  while (existsSync(jobFile(ctx.data, id))) id = newJobId();

  // The worker runs the command in the foreground; a stray --background would start job after job.
  let argv = req.argv.filter((a) => a !== "--background");
  if (req.input !== undefined) {
    const copy = inputCopy(ctx.data, id);
    const w = writeFileAtomic(copy, req.input, 0o600);
    if (!w.ok) return w;
    argv = argv.map((a) => (a === INPUT_TOKEN ? shortPath(io.cwd, copy) : a));
  }
  // Queued when every slot is taken by a running job or promised to one submitted earlier.
  const held = req.server ? heldSlots(slotPaths(ctx.stateDir, req.server, req.maxJobsPerServer)) : [];
  const ahead = req.server ? waitingAhead(ctx.data, req.server, undefined, held).map((j) => describeJob(j, ctx.root)) : [];
  const busy = held.length + ahead.length >= Math.max(1, req.maxJobsPerServer) ? [...held.map((h) => h.what), ...ahead] : [];
  const log = logFile(ctx.data, id);
  const job: Job = {
    v: 1,
    id,
    kind: req.kind,
    label: req.label,
    argv,
    cwd: io.cwd,
    host: hostname(),
    server: req.server,
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
    log,
  };
  const saved = writeJob(ctx.data, job);
  if (!saved.ok) return saved;

  let fd: number;
  try {
    fd = openSync(log, "a", 0o600);
    writeSync(fd, `${job.created} job ${id}: local-delegate ${argv.join(" ")}\n`);
  } catch (e) {
    return fail("IO", `cannot open the job log ${log}: ${(e as Error).message}`);
  }
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [cliEntry(), "jobs", "--worker", id], {
      cwd: io.cwd,
      env: { ...io.env, [JOB_ENV]: id },
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
  if (pid === undefined) {
    await updateJob(ctx.data, id, (j) => ({ ...j, status: "interrupted", ended: isoNow(), result: { job: id, status: "failed", error: "the background worker could not be started" }, exit_code: 1 }));
    return fail("INTERNAL", `cannot start the background worker (${process.execPath} ${cliEntry()})`);
  }
  // The worker records itself too; whichever comes first, the pid is known from now on.
  const identity = probe(pid);
  await updateJob(ctx.data, id, (j) => (j.pid === null ? { ...j, pid, proc: identity.alive ? identity.identity : null } : null));
  await pruneJobs(ctx.data);
  return ok({ job: id, status: job.status === "queued" ? "queued" : "running", ...(job.waiting_for ? { waiting_for: job.waiting_for } : {}), log: shortPath(io.cwd, log) });
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
