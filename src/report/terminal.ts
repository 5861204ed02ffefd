// The report for a person at a terminal: a table per kind, the design's targets against the
// actual figures, what went back to Claude and why, and the trend per ISO week.
import { pc } from "../util/colors.js";
import type { Report, Row } from "./aggregate.js";
import { pct, promptCacheText, reasonsText, recordText, tokens, unmeasuredText } from "./format.js";
import type { SessionUsage } from "../tokens/transcript.js";

interface Column {
  head: string;
  cell: (r: Row) => string;
}

const COLUMNS: Column[] = [
  { head: "tasks", cell: (r) => String(r.tasks) },
  { head: "delegated", cell: (r) => String(r.delegated) },
  { head: "rate", cell: (r) => pct(r.delegation_rate) },
  { head: "first-pass", cell: (r) => (r.first_pass.of ? `${r.first_pass.passed}/${r.first_pass.of} ${pct(r.first_pass.rate)}` : "–") },
  { head: "escalated", cell: (r) => String(r.escalations.total) },
  { head: "local tok in/out", cell: (r) => (r.local_tokens.runs_measured ? `${tokens(r.local_tokens.prompt)}/${tokens(r.local_tokens.completion)}` : "–") },
  { head: "Claude spent", cell: (r) => tokens(r.claude.spent) },
  { head: "saved", cell: (r) => tokens(r.claude.saved) },
  { head: "savings", cell: (r) => pct(r.claude.savings_rate) },
];

export function terminalReport(r: Report, opts: { ledger: string; session?: SessionUsage | null }): string {
  const out: string[] = [];
  out.push(`${pc.bold("local-delegate report")} ${pc.dim(`· ${opts.ledger}`)}`, "");
  if (r.totals.tasks === 0) {
    out.push("No code-writing tasks recorded yet. Each `local-delegate run` and each Write the hook sees adds one.");
    return `${out.join("\n")}\n`;
  }
  out.push(...table("kind", [...r.kinds.map((k) => ({ label: k.kind, row: k as Row })), { label: "total", row: r.totals }]));
  out.push("", pc.bold("Targets"));
  for (const t of r.targets) {
    const mark = t.met === null ? pc.dim("·") : t.met ? pc.green("✓") : pc.red("✗");
    const actual = t.actual === null ? pc.dim("–") : t.met ? pc.green(pct(t.actual)) : pc.red(pct(t.actual));
    out.push(`  ${mark} ${t.name.padEnd(24)} ≥ ${pct(t.target).padStart(4)}   ${actual.padStart(4)}  ${pc.dim(t.detail ?? "")}`);
  }
  const tot = r.totals;
  out.push("");
  out.push(`${pc.bold("Escalations")}  ${tot.escalations.total ? reasonsText(tot.escalations.reasons) : pc.dim("none")}`);
  out.push(`${pc.bold("Failures")}     ${tot.failures.total ? reasonsText(tot.failures.reasons) : pc.dim("none")}`);
  if (tot.command_faults) out.push(`${pc.bold("Test command")} ${tot.command_faults} run${tot.command_faults === 1 ? "" : "s"} could not run their lint or test command (not counted against the model)`);
  out.push(`${pc.bold("Claude wrote")} ${tot.claude_written ? `${tot.claude_written} itself (${recordText(tot.claude_written_by)})` : pc.dim("nothing itself that the hook saw")}`);
  if (tot.prompted_by_hook) out.push(`${pc.bold("Hook")}         prompted ${tot.prompted_by_hook} of the delegations`);
  if (tot.rolled_back) out.push(`${pc.bold("Rolled back")}  ${tot.rolled_back}`);
  if (tot.measured.runs) out.push(`${pc.bold("Measured")}     Claude's real output on ${tot.measured.runs} delegations: ${tokens(tot.measured.output_tokens)} tokens (the tokenizer estimated ${tokens(tot.measured.estimated_output_tokens)} for their specs)`);
  const unmeasured = unmeasuredText(tot);
  if (unmeasured) out.push(`${pc.bold("Not measured")}  ${unmeasured}`);
  if (tot.prompt_cache.attempts_measured) out.push(`${pc.bold("Prompt cache")} ${promptCacheText(tot.prompt_cache)}`);
  if (opts.session) out.push(...sessionLines(opts.session));
  if (r.weeks.length) {
    out.push("", ...table("week", r.weeks.map((w) => ({ label: w.week, row: w as Row }))));
  }
  out.push("", pc.dim(`today: ${r.today.delegated} delegated, ${tokens(r.today.claude_saved)} Claude tokens saved · figures are cl100k_base counts × 1.2, see docs/savings.md, "How savings are counted"`));
  return `${out.join("\n")}\n`;
}

function sessionLines(s: SessionUsage): string[] {
  const lines = [
    "",
    `${pc.bold("This session")} ${pc.dim("(real API usage from the transcript)")}: ${s.responses} responses, ${tokens(s.output_tokens)} output, ${tokens(s.input_tokens + s.cache_creation_input_tokens + s.cache_read_input_tokens)} input tokens (${tokens(s.cache_read_input_tokens)} from cache)`,
    `  delegating: ${s.delegating.responses} responses, ${tokens(s.delegating.output_tokens)} output · writing files itself: ${s.writing.responses} responses, ${tokens(s.writing.output_tokens)} output`,
  ];
  if (s.calibration) lines.push(`  tokenizer check: Claude counted ${s.calibration.ratio}× cl100k_base on ${s.calibration.samples} Write calls (the estimate uses 1.2×)`);
  return lines;
}

function table(first: string, rows: { label: string; row: Row }[]): string[] {
  const cells = rows.map((r) => [r.label, ...COLUMNS.map((c) => c.cell(r.row))]);
  const heads = [first, ...COLUMNS.map((c) => c.head)];
  const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (cs: string[]) => cs.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    pc.bold(line(heads)),
    ...cells.map((c, i) => {
      const s = line(c);
      return rows[i]!.label === "total" ? pc.bold(s) : s;
    }),
  ];
}
