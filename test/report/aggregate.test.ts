import { describe, expect, it } from "vitest";
import { claudeFigures } from "../../src/ledger/accounting.js";
import type { LedgerEntry } from "../../src/ledger/entry.js";
import { parseLedgerText } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";
import { compactReport } from "../../src/report/compact.js";
import { isoWeek } from "../../src/report/week.js";

// A hand-written ledger whose every figure is worked out below, so a change in how tasks, rates or
// savings are counted shows up here as a wrong number.
const est = (spent: number, would_have: number | null) => ({ spent, would_have, saved: would_have === null ? -spent : would_have - spent, saved_ratio: null, spec: spent - 20, result: 20, file: null, reread: null, tokenizer: "cl100k_base", factor: 1.2 });
const run = (ts: string, task_id: string, kind: string, file: string, status: string, attempts: number, extra: Partial<LedgerEntry> & Record<string, unknown> = {}) => ({ v: 1, ts, event: "run", task_id, kind, file, status, attempts, ...extra });
const hook = (ts: string, decision: string, file: string, category: string) => ({ v: 1, ts, event: "hook", decision, category, mode: "nudge", file, session_id: "s1" });

const LEDGER = [
  // W47: task a, prompted by a flagged Write, first-pass success.
  hook("2026-11-18T10:00:00.000Z", "flagged", "src/a.ts", "code"),
  run("2026-11-18T10:05:00.000Z", "a", "code", "src/a.ts", "success", 1, { local: { prompt_tokens: 100, completion_tokens: 50 }, claude: est(200, 1000) }),
  // W47: task b escalates on its tests; Claude then writes it (absorbed, not a new task).
  run("2026-11-19T10:00:00.000Z", "b", "test", "src/b.test.ts", "escalated", 2, { failure_kind: "tests", local: { prompt_tokens: 300, completion_tokens: 120 }, claude: est(150, null) }),
  hook("2026-11-19T10:10:00.000Z", "allowed-escalated", "src/b.test.ts", "test"),
  // W48 (today): task c escalates on syntax, then succeeds on a second run.
  run("2026-11-25T09:00:00.000Z", "c", "code", "src/c.ts", "escalated", 2, { failure_kind: "syntax", local: { prompt_tokens: 200, completion_tokens: 80 }, claude: est(100, null) }),
  run("2026-11-25T09:30:00.000Z", "c", "code", "src/c.ts", "success", 1, { local: { prompt_tokens: 150, completion_tokens: 60 }, claude: est(120, 2000) }),
  // task d: the server was down; never reached the model.
  run("2026-11-25T10:00:00.000Z", "d", "code", "src/d.ts", "unavailable", 0, { code: "MODEL_UNAVAILABLE", claude: est(90, null) }),
  // Three writes Claude did itself.
  hook("2026-11-25T10:30:00.000Z", "not-delegable", "README.md", "doc"),
  hook("2026-11-25T10:40:00.000Z", "flagged", "/proj/src/e.ts", "code"),
  hook("2026-11-25T10:50:00.000Z", "allowed-server-down", "src/f.ts", "code"),
  // task g succeeded, then was rolled back: nothing kept, nothing saved.
  run("2026-11-25T11:00:00.000Z", "g", "code", "src/g.ts", "success", 1, { local: { prompt_tokens: 50, completion_tokens: 20 }, claude: est(100, 400) }),
  { v: 1, ts: "2026-11-25T11:10:00.000Z", event: "rollback", task_id: "g", status: "rolled-back", files: ["src/g.ts"], runs: ["r1"], forced: false },
  { v: 1, ts: "2026-11-25T11:20:00.000Z", event: "plan-step", plan_id: "p", step: 3, task_id: "h", kind: "code", file: "src/h.ts", status: "skipped", error: "step 2 failed" },
  { v: 1, ts: "2026-11-25T11:30:00.000Z", event: "qualify", model: "x" },
];

const text = LEDGER.map((e) => JSON.stringify(e)).join("\n") + "\n";
const report = () => buildReport(parseLedgerText(text).entries, { now: new Date("2026-11-25T12:00:00.000Z"), root: "/proj" });

describe("the report's figures from a scripted ledger", () => {
  it("counts tasks, delegation, first pass, outcomes and reasons exactly", () => {
    const r = report();
    expect(parseLedgerText(text).skipped).toEqual([]);
    const t = r.totals;
    expect(t).toMatchObject({
      tasks: 8,
      delegated: 5,
      prompted_by_hook: 1,
      claude_written: 3,
      claude_written_by: { "not-delegable": 1, flagged: 1, "allowed-server-down": 1 },
      delegation_rate: 0.625,
      local_written: 2,
      first_pass: { passed: 2, of: 4, rate: 0.5 },
      outcomes: { success: 3, escalated: 1, unavailable: 1 },
      escalations: { total: 2, reasons: [{ reason: "syntax", count: 1 }, { reason: "tests", count: 1 }] },
      failures: { total: 1, reasons: [{ reason: "MODEL_UNAVAILABLE", count: 1 }] },
      rolled_back: 1,
      local_tokens: { prompt: 800, completion: 330, runs_measured: 5 },
    });
    expect(r.plan_steps_skipped).toBe(1);
  });

  it("counts Claude tokens per task: both specs of a re-run task, nothing saved on a rolled-back file", () => {
    const c = report().totals.claude;
    // spent 200+150+(100+120)+90+100; would_have 1000+2000; saved 800−150+1780−90−100.
    expect(c).toEqual({ spent: 760, would_have: 3000, saved: 2240, savings_rate: 0.7467, tasks_counted: 5, tasks_unmeasured: 0, aim: { met: 2, of: 2, median_ratio: 0.845 } });
  });

  it("splits rows per kind and per ISO week, and checks the design's targets", () => {
    const r = report();
    expect(r.kinds.map((k) => [k.kind, k.tasks, k.delegated, k.delegation_rate])).toEqual([
      ["code", 6, 4, 0.6667],
      ["doc", 1, 0, 0],
      ["test", 1, 1, 1],
    ]);
    expect(r.weeks.map((w) => [w.week, w.tasks, w.delegated, w.first_pass.rate, w.claude.saved])).toEqual([
      ["2026-W47", 2, 2, 0.5, 650],
      ["2026-W48", 6, 3, 0.5, 1590],
    ]);
    expect(r.targets.map((t) => [t.name, t.target, t.actual, t.met])).toEqual([
      ["delegation rate", 0.7, 0.625, false],
      ["first-pass success", 0.8, 0.5, false],
      ["Claude token savings", 0.6, 0.7467, true],
      ["saved per task (median)", 0.8, 0.845, true],
    ]);
    expect(r.today).toEqual({ day: "2026-11-25", delegated: 3, claude_saved: 1590 });
  });

  it("gives Claude a few short lines", () => {
    const s = compactReport(report());
    expect(s.trim().split("\n")).toHaveLength(2);
    expect(s).toContain("8 code-writing tasks, 5 delegated (63% below 70%)");
    expect(s).toContain("first-pass 2/4 (50% below 80%)");
    expect(s).toContain("Claude tokens saved 2.2k of 3k (75% ok)");
    expect(s).toContain("escalated 2 (syntax 1, tests 1)");
    expect(s.length).toBeLessThan(400);
  });

  it("an empty ledger has no rates rather than zero ones", () => {
    const r = buildReport([], { now: new Date() });
    expect(r.totals.delegation_rate).toBeNull();
    expect(r.targets.every((t) => t.met === null)).toBe(true);
    expect(compactReport(r)).toContain("no code-writing tasks");
  });
});

describe("the accounting formula", () => {
  it("spent = spec + result; would_have = file + one rereading; saved = the difference", () => {
    expect(claudeFigures({ spec: 150, result: 60, file: 1000 })).toEqual({ spent: 210, would_have: 2000, saved: 1790, saved_ratio: 0.895, spec: 150, result: 60, file: 1000, reread: 1000 });
  });
  it("a delegation that wrote nothing only cost Claude", () => {
    expect(claudeFigures({ spec: 150, result: 60, file: null })).toMatchObject({ spent: 210, would_have: null, saved: -210, saved_ratio: null });
  });
});

describe("ISO weeks", () => {
  it("follows ISO 8601 at year ends", () => {
    expect(isoWeek(new Date("2026-01-01T12:00:00Z"))).toBe("2026-W01");
    expect(isoWeek(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2024-12-30T12:00:00Z"))).toBe("2025-W01");
    expect(isoWeek(new Date("2021-01-03T12:00:00Z"))).toBe("2020-W53");
  });
});
