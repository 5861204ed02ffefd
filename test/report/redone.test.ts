import { describe, expect, it } from "vitest";
import { parseLedgerText } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";

// A file the local model wrote that Claude then wrote again whole saved Claude nothing: Claude paid
// for the spec and for the file. The report must not count the delegation's savings for it.
const est = (spent: number, would_have: number | null) => ({ spent, would_have, saved: would_have === null ? -spent : would_have - spent, saved_ratio: null, spec: spent - 20, result: 20, file: null, reread: null, tokenizer: "cl100k_base", factor: 1.2 });
const run = (ts: string, status: string, claude: ReturnType<typeof est>, file = "src/x.ts") => ({ v: 1, ts, event: "run", task_id: "x", kind: "code", file, status, attempts: 1, claude });
const hook = (ts: string, decision: string, file = "src/x.ts") => ({ v: 1, ts, event: "hook", decision, category: "code", mode: "nudge", file, session_id: "s1" });

const report = (lines: object[]) => buildReport(parseLedgerText(lines.map((l) => `${JSON.stringify(l)}\n`).join("")).entries, { now: new Date("2026-11-25T12:00:00.000Z") }).totals;
const success = run("2026-11-25T10:00:00.000Z", "success", est(200, 1000));

describe("a delegated file Claude then wrote again", () => {
  it.each(["flagged", "not-delegable", "allowed-server-down"])("after a %s Write of it: one task, nothing kept, nothing saved", (decision) => {
    const t = report([success, hook("2026-11-25T10:10:00.000Z", decision)]);
    expect(t).toMatchObject({ tasks: 1, delegated: 1, claude_written: 0, local_written: 0 });
    expect(t.claude).toMatchObject({ spent: 200, would_have: 0, saved: -200 });
  });

  it("near miss: a denied Write (Claude's Write did not happen) keeps the savings", () => {
    expect(report([success, hook("2026-11-25T10:10:00.000Z", "denied")]).claude).toMatchObject({ would_have: 1000, saved: 800 });
  });

  it("near miss: a Write of another file keeps the savings, and is a task of its own", () => {
    const t = report([success, hook("2026-11-25T10:10:00.000Z", "flagged", "src/y.ts")]);
    expect(t).toMatchObject({ tasks: 2, claude_written: 1, local_written: 1 });
    expect(t.claude.saved).toBe(800);
  });

  it("near miss: the task delegated again after the Write, and succeeding, keeps the savings of its last run", () => {
    const t = report([run("2026-11-25T09:00:00.000Z", "success", est(100, 1000)), hook("2026-11-25T09:10:00.000Z", "flagged"), success]);
    expect(t).toMatchObject({ tasks: 1, local_written: 1 });
    expect(t.claude).toMatchObject({ spent: 300, would_have: 1000, saved: 700 });
  });

  it("near miss: a Write before the run (the one the hook flagged, then delegated) is not a redo", () => {
    const t = report([hook("2026-11-25T09:50:00.000Z", "flagged"), success]);
    expect(t).toMatchObject({ tasks: 1, prompted_by_hook: 1, local_written: 1 });
    expect(t.claude.saved).toBe(800);
  });
});
