// Figures a ledger line does not carry (a server that reported no token counts, a line with no
// Claude-token estimate) are unknown, not zero: the report leaves them out of its sums and says
// how many it left out, rather than showing the sum of the others as the whole.
import { describe, expect, it } from "vitest";
import { parseLedgerText } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";
import { compactReport } from "../../src/report/compact.js";
import { htmlReport } from "../../src/report/html.js";
import { terminalReport } from "../../src/report/terminal.js";

const est = (spent: number, would_have: number | null) => ({ spent, would_have, saved: would_have === null ? -spent : would_have - spent, spec: spent - 20, result: 20, tokenizer: "cl100k_base", factor: 1.2 });
const run = (task_id: string, status: string, attempts: number, extra: Record<string, unknown> = {}) => ({ v: 1, ts: "2026-11-25T09:00:00.000Z", event: "run", task_id, kind: "code", file: `src/${task_id}.ts`, status, attempts, ...extra });
const build = (lines: object[]) => buildReport(parseLedgerText(lines.map((e) => JSON.stringify(e)).join("\n") + "\n").entries, { now: new Date("2026-11-25T12:00:00.000Z") });

const MIXED = [
  run("a", "success", 1, { local: { prompt_tokens: 1000, completion_tokens: 400 }, claude: est(200, 1000) }),
  // The server answered twice and reported no token counts: unknown, not 0.
  run("b", "escalated", 2, { local: null, claude: est(300, null) }),
  // A line with no Claude-side estimate (the token table could not be read): its task is not in the savings.
  run("c", "success", 1, { local: { prompt_tokens: 500, completion_tokens: 100 }, claude: null }),
  // Never reached the model: no tokens were used, nothing is unknown.
  run("d", "unavailable", 0, { code: "MODEL_UNAVAILABLE", local: null, claude: est(90, null) }),
];

describe("figures the ledger does not have", () => {
  it("are counted as unknown, apart from the measured sums", () => {
    const t = build(MIXED).totals;
    expect(t.local_tokens).toEqual({ prompt: 1500, completion: 500, runs_measured: 2, runs_unmeasured: 1 });
    expect(t.claude).toMatchObject({ spent: 590, would_have: 1000, saved: 410, tasks_counted: 3, tasks_unmeasured: 1 });
  });

  it("are said in every form of the report, next to the sums that leave them out", () => {
    const r = build(MIXED);
    const term = terminalReport(r, { ledger: "ledger.jsonl" });
    expect(term).toContain("Not measured  local tokens of 1 of 3 runs that reached the model (the server reported none); Claude tokens of 1 of 4 tasks (no estimate on the line): the sums above leave them out");
    expect(compactReport(r)).toContain("not measured: local tokens of 1 of 3 runs, Claude tokens of 1 of 4 tasks");
    expect(htmlReport(r, { project: "/p" })).toContain("Not measured: local tokens of 1 of 3 runs that reached the model (the server reported none); Claude tokens of 1 of 4 tasks (no estimate on the line): the sums above leave them out.");
  });

  it("shows no local token figure at all, rather than 0, when no run's was reported", () => {
    const r = build([run("b", "escalated", 2, { local: null, claude: est(300, null) })]);
    const html = htmlReport(r, { project: "/p" });
    expect(html).toContain("<b>–</b><span>local tokens used</span>");
    expect(html).not.toContain("<td>0/0</td>");
    expect(html).toContain("<td>–</td>");
  });

  it("says nothing more when every figure is there", () => {
    const r = build([MIXED[0]!, MIXED[3]!]);
    expect(r.totals.local_tokens.runs_unmeasured).toBe(0);
    expect(r.totals.claude.tasks_unmeasured).toBe(0);
    expect(terminalReport(r, { ledger: "ledger.jsonl" })).not.toContain("Not measured");
    expect(compactReport(r)).not.toContain("not measured");
    expect(htmlReport(r, { project: "/p" })).not.toContain("Not measured");
  });
});

describe("Claude's real output against the estimate", () => {
  const measured = { source: "transcript", output_tokens: 500, responses: 1, session_id: "s" };
  it("compares the same runs: a measured run with no estimate is not an estimate of 0", () => {
    const r = build([run("a", "success", 1, { claude: est(200, 1000), claude_measured: measured }), run("b", "success", 1, { claude: null, claude_measured: measured })]);
    expect(r.totals.measured).toEqual({ runs: 1, output_tokens: 500, estimated_output_tokens: 180 });
  });
});
