// The report as one self-contained HTML page: inline CSS and inline SVG, no script, no fonts or
// images from the network, so it opens the same from a file anywhere.
import type { Report, Row } from "./aggregate.js";
import { pct, promptCacheText, reasonsText, recordText, tokens, unmeasuredText } from "./format.js";
import { barChart, esc, lineChart } from "./svg.js";

const GREEN = "#2e8b57";
const BLUE = "#2f6db5";
const ORANGE = "#d98e04";
const GREY = "#8a8a8a";

/** `unread`: what the report could not read of the ledger (ledgerWarnings), said on the page, which is read away from the terminal that printed it. */
export function htmlReport(r: Report, opts: { project: string; unread?: readonly string[] }): string {
  const weeks = r.weeks.map((w) => w.week);
  const savings = barChart(
    { name: "Claude tokens saved", values: r.weeks.map((w) => w.claude.saved), color: GREEN },
    { id: "chart-savings", title: "Claude tokens saved per week", labels: weeks, format: tokens },
  );
  const rates = lineChart(
    [
      { name: "first-pass success", values: r.weeks.map((w) => w.first_pass.rate), color: BLUE },
      { name: "delegation rate", values: r.weeks.map((w) => w.delegation_rate), color: ORANGE },
      { name: "savings rate", values: r.weeks.map((w) => w.claude.savings_rate), color: GREEN },
    ],
    {
      id: "chart-success",
      title: "Success, delegation and savings per week",
      labels: weeks,
      max: 1,
      format: (v) => pct(v),
      targets: [{ value: 0.8, label: "first-pass target 80%", color: GREY }],
    },
  );
  const targetRows = r.targets
    .map((t) => `<tr class="${t.met === null ? "" : t.met ? "met" : "missed"}"><td>${esc(t.name)}</td><td>≥ ${pct(t.target)}</td><td>${pct(t.actual)}</td><td>${t.met === null ? "–" : t.met ? "✓" : "✗"}</td><td>${esc(t.detail ?? "")}</td></tr>`)
    .join("");
  const kindRows = [...r.kinds.map((k) => rowHtml(k.kind, k)), rowHtml("total", r.totals, true)].join("");
  const weekRows = r.weeks.map((w) => rowHtml(w.week, w)).join("");
  const t = r.totals;
  const unmeasured = unmeasuredText(t);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>local-delegate report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:24px 0 8px}
.sub{color:#666;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:22px}.card span{color:#666;font-size:12px}
table{border-collapse:collapse;margin:4px 0}th,td{padding:4px 10px;text-align:right;border-bottom:1px solid #eee}
th:first-child,td:first-child{text-align:left}th{font-weight:600;background:#fafafa}
tr.total td{font-weight:600}#targets td:last-child{text-align:left;color:#666}tr.met td:nth-child(3){color:${GREEN}}tr.missed td:nth-child(3){color:#c0392b}
.charts{display:flex;gap:24px;flex-wrap:wrap}.chart{border:1px solid #eee;border-radius:8px;background:#fff}
</style></head><body>
<h1>local-delegate report</h1>
<p class="sub">${esc(opts.project)} · generated ${esc(r.generated_at)}</p>
${opts.unread?.length ? `<div id="unread"><p>Not read, and left out of every figure below:</p><ul>${opts.unread.map((w) => `<li>${esc(w)}</li>`).join("")}</ul></div>\n` : ""}<div class="cards">
<div class="card"><b>${t.delegated}/${t.tasks}</b><span>tasks delegated (${pct(t.delegation_rate)})</span></div>
<div class="card"><b>${pct(t.first_pass.rate)}</b><span>first-pass success</span></div>
<div class="card"><b>${tokens(t.claude.saved)}</b><span>Claude tokens saved (${pct(t.claude.savings_rate)})</span></div>
<div class="card"><b>${t.local_tokens.runs_measured ? tokens(t.local_tokens.prompt + t.local_tokens.completion) : "–"}</b><span>local tokens used</span></div>
</div>
${unmeasured ? `<p id="unmeasured">Not measured: ${esc(unmeasured)}.</p>\n` : ""}<h2>Over time</h2>
<div class="charts">${savings}${rates}</div>
<h2>Targets</h2>
<table id="targets"><tr><th>figure</th><th>target</th><th>actual</th><th></th><th></th></tr>${targetRows}</table>
<h2>By kind</h2>
<table id="kinds">${HEAD}${kindRows}</table>
<h2>Why tasks went back to Claude</h2>
<p>Escalated: ${t.escalations.total ? esc(reasonsText(t.escalations.reasons)) : "none"}. Failed: ${t.failures.total ? esc(reasonsText(t.failures.reasons)) : "none"}.${t.command_faults ? ` Test command could not run: ${t.command_faults} (not counted against the model).` : ""} Claude wrote itself: ${t.claude_written ? esc(recordText(t.claude_written_by)) : "none"}.${t.rolled_back ? ` Rolled back: ${t.rolled_back}.` : ""}</p>
${t.prompt_cache.attempts_measured ? `<h2>Local prompt cache</h2>\n<p id="prompt-cache">${esc(promptCacheText(t.prompt_cache))}, where the server reported it.</p>\n` : ""}<h2>By week</h2>
<table id="weeks">${HEAD}${weekRows}</table>
<p class="sub">Claude-side figures are estimates: cl100k_base token counts × 1.2 (see docs/savings.md, "How savings are counted", in the plugin's folder).</p>
</body></html>
`;
}

const HEAD = "<tr><th></th><th>tasks</th><th>delegated</th><th>rate</th><th>first-pass</th><th>escalated</th><th>local tokens in/out</th><th>Claude spent</th><th>saved</th><th>savings</th></tr>";

function rowHtml(label: string, r: Row, total = false): string {
  const cells = [
    r.tasks,
    r.delegated,
    pct(r.delegation_rate),
    r.first_pass.of ? `${r.first_pass.passed}/${r.first_pass.of} (${pct(r.first_pass.rate)})` : "–",
    r.escalations.total,
    r.local_tokens.runs_measured ? `${tokens(r.local_tokens.prompt)}/${tokens(r.local_tokens.completion)}` : "–",
    tokens(r.claude.spent),
    tokens(r.claude.saved),
    pct(r.claude.savings_rate),
  ];
  return `<tr${total ? ' class="total"' : ""}><td>${esc(label)}</td>${cells.map((c) => `<td>${esc(String(c))}</td>`).join("")}</tr>`;
}
