// The report for Claude (`/local-status`): a few short lines, because every character here is an
// input token in Claude's context. Figures only; no table, no colour.
import type { Report } from "./aggregate.js";
import { pct, reasonsText, tokens, unmeasuredText } from "./format.js";

export function compactReport(r: Report): string {
  const t = r.totals;
  if (t.tasks === 0) return "local-delegate: no code-writing tasks recorded yet in this project.\n";
  const target = (name: string) => r.targets.find((x) => x.name === name)!;
  const mark = (name: string) => {
    const x = target(name);
    return x.met === null ? "" : x.met ? " ok" : ` below ${pct(x.target)}`;
  };
  const lines = [
    `local-delegate: ${t.tasks} code-writing tasks, ${t.delegated} delegated (${pct(t.delegation_rate)}${mark("delegation rate")}), first-pass ${t.first_pass.passed}/${t.first_pass.of} (${pct(t.first_pass.rate)}${mark("first-pass success")}), Claude tokens saved ${tokens(t.claude.saved)} of ${tokens(t.claude.would_have)} (${pct(t.claude.savings_rate)}${mark("Claude token savings")}).`,
  ];
  const extra: string[] = [];
  if (t.escalations.total) extra.push(`escalated ${t.escalations.total} (${reasonsText(t.escalations.reasons)})`);
  if (t.failures.total) extra.push(`failed ${t.failures.total} (${reasonsText(t.failures.reasons)})`);
  if (t.command_faults) extra.push(`test command could not run ${t.command_faults}`);
  if (t.claude_written) extra.push(`Claude wrote ${t.claude_written} itself`);
  if (t.rolled_back) extra.push(`rolled back ${t.rolled_back}`);
  const unmeasured = unmeasuredText(t, true);
  if (unmeasured) extra.push(`not measured: ${unmeasured}`);
  extra.push(`today ${r.today.delegated} delegated, ${tokens(r.today.claude_saved)} saved`);
  lines.push(`${extra.join("; ")}.`);
  return `${lines.join("\n")}\n`;
}
