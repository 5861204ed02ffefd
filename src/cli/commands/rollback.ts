import { pc } from "../../util/colors.js";
import { formatFailure, type Failure } from "../../errors.js";
import { recordRollback } from "../../ledger/record.js";
import { applyRollback, planRollback, type RollbackFailure } from "../../ledger/rollback.js";
import { ledgerPath } from "../../ledger/store.js";
import { parse } from "../args.js";
import { commandContext } from "../context.js";
import type { CliIO } from "../io.js";
import { recoverInterrupted } from "../../write/recover.js";
import { stopRunLeftovers } from "../../engine/leftovers.js";
import { printJson } from "../output.js";

export const usage = "local-delegate rollback TASK_ID [--force] [--json]";

const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
/** How long a rollback waits for a run that holds one of its files. */
const LOCK_WAIT_MS = 5_000;

/**
 * Puts back every file a task changed, as it was before the task's first kept run; refuses when
 * one of them was edited since (unless --force, which keeps a copy of the edit) or cannot be put
 * back. Exit 0 rolled back; 2 bad arguments or unknown task; 1 refused or failed, nothing changed —
 * except a failure half way (the disk failed after every check passed), whose result lists the
 * files already put back (`restored`) and those not (`not_restored`); running it again finishes.
 */
export async function rollbackCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { force: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  const json = args.ok && args.value.values.json === true;
  if (args.ok && args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const [taskId, ...extra] = args.ok ? args.value.positionals : [];
  if (!args.ok || !taskId || extra.length || !TASK_ID.test(taskId)) {
    const f: Failure = args.ok ? { code: "USAGE", message: taskId && !extra.length ? `not a task id: ${taskId}` : `expected one task id; usage: ${usage}` } : args.error;
    return report(io, json, "invalid", taskId ?? null, f, 2);
  }
  const force = args.value.values.force === true;
  const ctx = commandContext(io);
  const ledger = ledgerPath(ctx.data);

  // A run killed mid-way is put back first, so rollback starts from a consistent state.
  const recovered = recoverInterrupted(ctx.root, ctx.data, stopRunLeftovers);
  if (!recovered.ok) return report(io, json, "failed", taskId, recovered.error, 1);
  const plan = planRollback(ctx.root, ctx.data, taskId);
  if (!plan.ok) return report(io, json, plan.error.code === "USAGE" ? "invalid" : "refused", taskId, plan.error, plan.error.code === "USAGE" ? 2 : 1);
  const done = await applyRollback(ctx.root, ctx.data, plan.value, { force, lockWaitMs: LOCK_WAIT_MS });
  const files = plan.value.files.map((f) => f.rel);
  const runs = plan.value.runs.map((r) => r.manifest.run_id);
  if (!done.ok) {
    const status = done.error.code === "VERIFY_FAILED" || done.error.code === "LOCKED" ? "refused" : "failed";
    warn(io, recordRollback(ledger, { task_id: taskId, status, files, runs, forced: force, error: done.error.message }));
    return report(io, json, status, taskId, done.error, 1, done.error.partial);
  }
  warn(io, recordRollback(ledger, { task_id: taskId, status: "rolled-back", files, runs, forced: force }));
  if (json) {
    printJson(io, { status: "rolled-back", task_id: taskId, files: done.value.files, runs: done.value.runs, ...(done.value.kept.length ? { kept: done.value.kept } : {}) });
  } else {
    io.stdout(`${pc.green("✓")} rolled back task ${taskId} (${runs.length} run${runs.length === 1 ? "" : "s"})\n`);
    for (const f of done.value.files) io.stdout(`    ${f.action.padEnd(9)} ${f.file}\n`);
    for (const k of done.value.kept) io.stdout(`    ${pc.yellow("kept your edited copy at")} ${k}\n`);
  }
  return 0;
}

/** `partial`: only for a rollback that changed files before it failed. */
function report(io: CliIO, json: boolean, status: string, taskId: string | null, f: Failure, code: number, partial?: RollbackFailure["partial"]): number {
  if (json) printJson(io, { status, task_id: taskId, error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}), ...(partial ?? {}) });
  else io.stderr(`local-delegate: ${formatFailure(f)}\n`);
  return code;
}

function warn(io: CliIO, r: { ok: boolean; error?: Failure }): void {
  if (!r.ok && r.error) io.stderr(`local-delegate: warning: ${r.error.message}\n`);
}
