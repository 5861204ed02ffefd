// A run whose test command could not run (code TEST_COMMAND, status invalid) is not the model's:
// the report shows it on its own, outside the failures and the first-pass figure.
import { describe, expect, it } from "vitest";
import { recordFromLedger } from "../../src/classify/adaptive.js";
import { parseLedgerText } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";
import { compactReport } from "../../src/report/compact.js";
import { terminalReport } from "../../src/report/terminal.js";

const run = (ts: string, task_id: string, status: string, attempts: number, extra: Record<string, unknown> = {}) => ({ v: 1, ts, event: "run", task_id, kind: "code", file: `src/${task_id}.ts`, status, attempts, ...extra });

const LEDGER = [
  // Task a: the model answered, the test file did not parse; fixed, then a first-pass success.
  run("2026-11-25T09:00:00.000Z", "a", "invalid", 1, { code: "TEST_COMMAND", error: "test_command: `node --test t.js` could not run the tests: SyntaxError …" }),
  run("2026-11-25T09:10:00.000Z", "a", "success", 1),
  // Task b: refused before the model was called (no such program).
  run("2026-11-25T09:20:00.000Z", "b", "invalid", 0, { code: "TEST_COMMAND" }),
  // Task c: the server was down: a failure, as before.
  run("2026-11-25T09:30:00.000Z", "c", "unavailable", 0, { code: "MODEL_UNAVAILABLE" }),
];
const text = LEDGER.map((e) => JSON.stringify(e)).join("\n") + "\n";
const report = () => buildReport(parseLedgerText(text).entries, { now: new Date("2026-11-25T12:00:00.000Z") });

describe("test-command faults in the report", () => {
  it("are counted apart, not as failures, and the task's first pass is its first judged run", () => {
    const t = report().totals;
    expect(t.command_faults).toBe(2);
    expect(t.failures).toEqual({ total: 1, reasons: [{ reason: "MODEL_UNAVAILABLE", count: 1 }] });
    expect(t.first_pass).toEqual({ passed: 1, of: 1, rate: 1 });
  });

  it("are shown on their own line", () => {
    expect(terminalReport(report(), { ledger: "ledger.jsonl" })).toMatch(/Test command.* 2 runs could not run their lint or test command \(not counted against the model\)/);
    expect(compactReport(report())).toContain("test command could not run 2");
  });

  it("leave the model's record for adaptive routing untouched", () => {
    const entries = parseLedgerText(text.replaceAll('"kind":"code"', '"kind":"code","model":"m"')).entries as Parameters<typeof recordFromLedger>[0];
    // Only task a's second run (a first-pass success) is a judged sample.
    expect(recordFromLedger(entries, "m").kinds.code).toMatchObject({ samples: 1, firstPass: 1 });
  });
});

describe("a test command that broke after an answer had failed its checks", () => {
  // Task e: the first answer failed its tests; on the retry the test command could not run.
  const lines = [run("2026-11-25T10:00:00.000Z", "e", "invalid", 1, { code: "TEST_COMMAND", failure_kind: "tests" }), run("2026-11-25T10:10:00.000Z", "e", "success", 1)];
  const entries = parseLedgerText(lines.map((e) => JSON.stringify({ ...e, model: "m" })).join("\n") + "\n").entries;

  it("is the task's first pass, and a miss, in the report as on the model's record", () => {
    expect(buildReport(entries, { now: new Date("2026-11-25T12:00:00.000Z") }).totals.first_pass).toEqual({ passed: 0, of: 1, rate: 0 });
    expect(recordFromLedger(entries as Parameters<typeof recordFromLedger>[0], "m").kinds.code).toMatchObject({ samples: 2, firstPass: 1 });
  });
});
