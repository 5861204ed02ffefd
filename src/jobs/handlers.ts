import type { CommandContext } from "../project/context.js";
import { refusal, type Done, type RequestHooks } from "../requests/io.js";
import type { JobKind, JobRequest, JobResult } from "./request.js";

/** What a handler gets besides its request: where the job works, its environment, and the worker's hooks. */
export interface HandlerRun {
  ctx: CommandContext;
  env: NodeJS.ProcessEnv;
  hooks: RequestHooks;
}

export type Handler<K extends JobKind> = (request: Extract<JobRequest, { kind: K }>, run: HandlerRun) => Promise<Done<JobResult>>;
export type Handlers = { [K in JobKind]: Handler<K> };

/** The handler of the request's kind. */
export function handle(handlers: Handlers, request: JobRequest, run: HandlerRun): Promise<Done<JobResult>> {
  switch (request.kind) {
    case "run":
      return handlers.run(request, run);
    case "plan":
      return handlers.plan(request, run);
    case "qualify":
      return handlers.qualify(request, run);
  }
}

/**
 * Each kind of job runs the same request code as its foreground command (`src/requests/`), and
 * its result is the same typed value the command prints. Each loads only what it runs.
 */
export const JOB_HANDLERS: Handlers = {
  run: async (req, { ctx, env, hooks }) => {
    const [{ readSpecFile }, r] = await Promise.all([import("../spec/load.js"), import("../requests/run.js")]);
    const source = readSpecFile(req.spec_file);
    if (!source.ok) return as("run", r.refusedRun(source.error, null));
    const prepared = r.prepareRun(source.value, ctx, env);
    if (!prepared.ok) return as("run", r.refusedRun(prepared.error, r.specTaskId(source.value.json)));
    return as("run", await r.executeRun(prepared.value, ctx, hooks));
  },
  plan: async (req, { ctx, env, hooks }) => {
    const [{ readPlanFile }, p] = await Promise.all([import("../plan/load.js"), import("../requests/plan.js")]);
    const text = readPlanFile(req.plan_file);
    const prepared = text.ok ? p.preparePlan(text.value, ctx, env, "run") : text;
    if (!prepared.ok) return as("plan", refusal(prepared.error));
    return as("plan", await p.executePlan(prepared.value, ctx, hooks));
  },
  qualify: async (req, { ctx, env, hooks }) => {
    const q = await import("../requests/qualify.js");
    const prepared = q.prepareQualify({ kinds: req.kinds, model: req.model, keep: req.keep }, ctx, env);
    const done = prepared.ok ? await q.executeQualify(prepared.value, ctx, hooks) : prepared;
    return as("qualify", done.ok ? done.value : refusal(done.error));
  },
};

function as<K extends JobResult["kind"]>(kind: K, done: Done<Extract<JobResult, { kind: K }>["value"]>): Done<JobResult> {
  return { value: { kind, value: done.value } as JobResult, exitCode: done.exitCode };
}
