import { isAbsolute, join } from "node:path";
import { pc } from "../../util/colors.js";
import type { Failure } from "../../errors.js";
import { jobServer } from "../../jobs/queue.js";
import { INPUT_TOKEN } from "../../jobs/start.js";
import { ledgerPath } from "../../ledger/store.js";
import { checkPlan, type PlanCheck } from "../../plan/check.js";
import { MAX_PLAN_BYTES, readPlanFile } from "../../plan/load.js";
import { planProgress } from "../../plan/progress.js";
import { routerFor } from "../../plan/route.js";
import { recordPlace } from "../../requests/model-record.js";
import { refusal } from "../../requests/io.js";
import { executePlan, preparePlan } from "../../requests/plan.js";
import { parse } from "../args.js";
import { isHelpFlag } from "../command-names.js";
import { startInBackground } from "../background.js";
import { commandContext } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = `local-delegate plan check PLAN [--json]    classify every task; list the local ones that break the atomic criteria
local-delegate plan run PLAN [--background]  run the local tasks in dependency order; one JSON summary
PLAN is a YAML (or JSON) file, or - to read it from stdin.`;

/** `plan check` and `plan run`: a whole decomposition in one call, one line back. */
export async function planCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (isHelpFlag(sub) || sub === "help") {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (sub !== "check" && sub !== "run") return invalid(io, { code: "USAGE", message: `expected \`plan check\` or \`plan run\`; usage:\n${usage}` });
  const args = parse(rest, { json: { type: "boolean" }, background: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (!args.ok) return invalid(io, args.error);
  if (args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const [path, ...extra] = args.value.positionals;
  if (!path || extra.length) return invalid(io, { code: "USAGE", message: `expected one plan file; usage:\n${usage}` });
  if (sub === "check" && args.value.values.background) return invalid(io, { code: "USAGE", message: "--background is for `plan run`" });

  const ctx = commandContext(io);
  const text = path === "-" ? await io.readStdin({ what: "plan", maxBytes: MAX_PLAN_BYTES }) : readPlanFile(isAbsolute(path) ? path : join(io.cwd, path));
  if (!text.ok) return invalid(io, text.error);
  const prepared = preparePlan(text.value, ctx, io.env, sub);
  if (!prepared.ok) return invalid(io, prepared.error);
  const { loaded, config } = prepared.value;

  if (sub === "check") {
    const result = checkPlan(loaded.plan, ctx.root, routerFor(config, ledgerPath(ctx.data), recordPlace(config, ctx)));
    if (args.value.values.json) printJson(io, result);
    else printCheck(io, loaded.plan.request, result);
    return result.status === "ok" ? 0 : 1;
  }

  if (args.value.values.background) {
    return startInBackground(io, ctx, { request: { kind: "plan", plan: text.value }, label: loaded.id, argv: ["plan", "run", INPUT_TOKEN], server: jobServer(config), maxJobsPerServer: config.max_jobs_per_server ?? 1 });
  }
  const total = loaded.plan.tasks.filter((t) => t.owner === "local").length;
  const progress = io.stderrIsTTY ? planProgress(io.stderr, total) : null;
  const done = await executePlan(prepared.value, ctx, {
    signal: io.signal,
    warn: (m) => io.stderr(`local-delegate: warning: ${m}\n`),
    onStart: progress?.onStart,
    onTaskEvent: progress?.onEvent,
    onFinish: progress?.onFinish,
  });
  progress?.done();
  printJson(io, done.value);
  return done.exitCode;
}

function printCheck(io: CliIO, request: string, r: PlanCheck): void {
  const line = request.split("\n")[0]!;
  const head = line.length > 80 ? `${line.slice(0, 79).replace(/\s+\S*$/, "")}…` : line;
  io.stdout(`${pc.bold("plan")}: ${head}\n${r.tasks.length} tasks: ${r.totals.local} local, ${r.totals.claude} for Claude\n`);
  const width = Math.max(...r.tasks.map((t) => t.id.length));
  for (const t of r.tasks) {
    const mark = t.fix ? pc.red("✗") : t.note ? pc.yellow("!") : t.owner === "local" ? pc.green("✓") : pc.dim("·");
    io.stdout(`${mark} ${t.id.padEnd(width)}  ${t.owner.padEnd(6)}  ${t.category}${t.note ? pc.dim(`  ${t.note}`) : ""}\n`);
    for (const b of t.breaks ?? []) io.stdout(`    ${t.fix ? pc.red(b) : pc.dim(b)}\n`);
  }
  io.stdout(
    r.status === "ok"
      ? `${pc.green("✓")} every local task meets the atomic criteria\n`
      : `${pc.red("✗")} ${r.totals.breaking} local task${r.totals.breaking === 1 ? "" : "s"} break the atomic criteria: split them or make them owner: claude\n`,
  );
}

function invalid(io: CliIO, f: Failure): number {
  // Ctrl-C while the plan was read from stdin: the same line and exit code as a plan cancelled mid-run.
  if (f.code === "CANCELLED") {
    printJson(io, { status: "cancelled", error: f.message });
    return 130;
  }
  const done = refusal(f);
  printJson(io, done.value);
  return done.exitCode;
}
