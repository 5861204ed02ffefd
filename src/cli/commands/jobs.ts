import { listJobs } from "../../jobs/store.js";
import { reconcile } from "../../jobs/liveness.js";
import { isActive } from "../../jobs/schema.js";
import { parse } from "../args.js";
import { commandContext } from "../context.js";
import { jobRow, jobsTable } from "../job-view.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate jobs [--json] [--compact]";

/** Finished jobs `--compact` shows besides the active ones: enough for /local-status. */
const COMPACT_RECENT = 5;

/**
 * `jobs`: this project's background jobs, newest first. A job whose worker died is reported
 * `interrupted` here, never left `running`. The hidden `jobs --worker ID` is the worker itself.
 */
export async function jobsCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === "--worker") return worker(argv[1], io);
  const args = parse(argv, { json: { type: "boolean" }, compact: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (!args.ok) {
    io.stderr(`local-delegate: ${args.error.message}\nusage: ${usage}\n`);
    return 2;
  }
  if (args.value.values.help) {
    io.stdout(`${usage}\n  --json     one JSON line with every job\n  --compact  one JSON line: running and queued jobs, and the last ${COMPACT_RECENT} finished\n`);
    return 0;
  }
  if (args.value.positionals.length) {
    io.stderr(`local-delegate: jobs takes no arguments\nusage: ${usage}\n`);
    return 2;
  }
  const ctx = commandContext(io);
  const listed = listJobs(ctx.data);
  const jobs = [];
  for (const j of listed.jobs) jobs.push(await reconcile(ctx.data, ctx.root, j, io.signal));

  if (args.value.values.compact) {
    const active = jobs.filter(isActive);
    const recent = jobs.filter((j) => !isActive(j)).slice(0, COMPACT_RECENT);
    // Fields with nothing to say are left out: this is what /local-status shows Claude.
    const rows = [...active, ...recent].map(jobRow).map((r) => ({ id: r.id, kind: r.kind, ...(r.label ? { label: r.label } : {}), started: r.started, status: r.status, ...(r.progress ? { progress: r.progress } : {}) }));
    printJson(io, { jobs: rows, ...(jobs.length > rows.length ? { more: jobs.length - rows.length } : {}) });
    return 0;
  }
  if (args.value.values.json) {
    printJson(io, { jobs: jobs.map(jobRow), ...(listed.unreadable ? { unreadable: listed.unreadable } : {}) });
    return 0;
  }
  io.stdout(jobsTable(jobs.map(jobRow)));
  if (listed.unreadable) io.stderr(`local-delegate: ${listed.unreadable} job file(s) could not be read\n`);
  return 0;
}

async function worker(id: string | undefined, io: CliIO): Promise<number> {
  if (!id) {
    io.stderr("local-delegate: jobs --worker needs a job id\n");
    return 2;
  }
  const [{ runWorker }, { JOB_HANDLERS }] = await Promise.all([import("../../jobs/worker.js"), import("../../jobs/handlers.js")]);
  return runWorker(id, { cwd: io.cwd, env: io.env, log: io.stderr, signal: io.signal }, { handlers: JOB_HANDLERS });
}
