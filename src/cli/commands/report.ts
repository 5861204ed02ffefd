import { isAbsolute, join } from "node:path";
import { readLedger, ledgerPath, ledgerWarnings, type FullLedgerRead } from "../../ledger/store.js";
import { readSessionPointer } from "../../ledger/session.js";
import { buildReport } from "../../report/aggregate.js";
import { compactReport } from "../../report/compact.js";
import { htmlReport } from "../../report/html.js";
import { terminalReport } from "../../report/terminal.js";
import { measureSession, readTranscript, type SessionUsage } from "../../tokens/transcript.js";
import { writeFileAtomic } from "../../write/atomic.js";
import { parse } from "../args.js";
import { formatFailure } from "../../errors.js";
import { modelRecordView, type ModelRecordView } from "../../requests/model-record.js";
import { commandContext, configFor, type CommandContext } from "../context.js";
import { compactRecord, terminalRecord } from "../record-view.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate report [--json | --compact | --html FILE] [--transcript PATH]";

/**
 * Delegation rate, first-pass success, escalations, local and Claude tokens, per kind and per
 * week, from the project's ledger; then the model's record (this project's attempts and the user's
 * from elsewhere), which routing follows. `--compact` is the form `/local-status` shows Claude: a
 * few lines, no colour, and unreadable ledger lines noted on stdout rather than on stderr.
 */
export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { json: { type: "boolean" }, compact: { type: "boolean" }, html: { type: "string" }, transcript: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (!args.ok) {
    io.stderr(`local-delegate: ${args.error.message}\nusage: ${usage}\n`);
    return 2;
  }
  const v = args.value.values;
  if (v.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (args.value.positionals.length || [v.json, v.compact, v.html !== undefined].filter(Boolean).length > 1) {
    io.stderr(`local-delegate: choose one of --json, --compact and --html\nusage: ${usage}\n`);
    return 2;
  }
  const ctx = commandContext(io);
  const path = ledgerPath(ctx.data);
  const read = readLedger(path);
  const report = buildReport(read.entries, { now: new Date(), root: ctx.root });
  const record = recordView(io, ctx);

  if (v.compact) {
    io.stdout(compactReport(report));
    if (record.view) io.stdout(compactRecord(record.view));
    for (const note of [...compactNotes(read), ...(record.problem ? [record.problem] : [])]) io.stdout(`(${note})\n`);
    return 0;
  }
  const unread = ledgerWarnings(path, read);
  const warnings = [...unread, ...(record.problem ? [record.problem] : [])];
  for (const w of warnings) io.stderr(`local-delegate: warning: ${w}\n`);

  const session = await sessionUsage(io, ctx.data, typeof v.transcript === "string" ? v.transcript : undefined);
  if (session && !session.ok) io.stderr(`local-delegate: warning: ${session.message}\n`);
  const usageFigures = session?.ok ? session.value : null;

  if (typeof v.html === "string") {
    const file = isAbsolute(v.html) ? v.html : join(io.cwd, v.html);
    const w = writeFileAtomic(file, htmlReport(report, { project: ctx.root, unread }));
    if (!w.ok) {
      io.stderr(`local-delegate: ${w.error.message}\n`);
      return 1;
    }
    io.stdout(`report written to ${file}\n`);
    return 0;
  }
  if (v.json) {
    printJson(io, { ledger: path, ledger_bytes: { size: read.size, read: read.size - read.from }, skipped_lines: read.skipped, warnings, ...report, session: usageFigures, model_record: record.view });
    return 0;
  }
  io.stdout(terminalReport(report, { ledger: path, session: usageFigures }));
  if (record.view) io.stdout(terminalRecord(record.view));
  return 0;
}

/** The model's record under the config; with a refused config, why it is missing instead. */
function recordView(io: CliIO, ctx: CommandContext): { view: ModelRecordView | null; problem?: string } {
  const cfg = configFor(io, ctx);
  if (!cfg.ok) return { view: null, problem: `the model's record is not shown: ${formatFailure(cfg.error)}` };
  return { view: modelRecordView(cfg.value.config, ctx) };
}

/** For Claude (`/local-status`), on stdout and short: what the figures leave out. */
function compactNotes(read: FullLedgerRead): string[] {
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  return [
    ...(read.error ? [`the ledger could not be read: ${read.error}`] : []),
    ...(read.from > 0 ? [`the ledger is ${mb(read.size)}: only its last ${mb(read.size - read.from)} was read`] : []),
    ...(read.problems.length ? [`${read.problems.length} unreadable ledger lines skipped`] : []),
  ];
}

type Measured = { ok: true; value: SessionUsage } | { ok: false; message: string };

/** `--transcript PATH`, else the session a hook last named for this project; null when neither. */
async function sessionUsage(io: CliIO, data: string, explicit: string | undefined): Promise<Measured | null> {
  const path = explicit !== undefined ? (isAbsolute(explicit) ? explicit : join(io.cwd, explicit)) : readSessionPointer(data)?.transcript_path;
  if (!path) return null;
  const text = readTranscript(path);
  if (!text.ok) return explicit !== undefined ? { ok: false, message: text.error.message } : null;
  return { ok: true, value: await measureSession(text.value) };
}
