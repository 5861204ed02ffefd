import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendJsonLine, MAX_LINE_BYTES } from "../../src/ledger/append.js";
import { recordHookDecision } from "../../src/ledger/hook-decision.js";
import { entriesOf, ledgerPath, readLedger } from "../../src/ledger/store.js";
import { readLedgerTail } from "../../src/ledger/tail.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const good = (task: string, status = "success") => JSON.stringify({ v: 1, ts: "2026-11-25T10:00:00.000Z", event: "run", task_id: task, kind: "code", file: `src/${task}.ts`, status, attempts: 1 });

let proj: TempProject;
let ledger: string;
beforeEach(() => {
  proj = tempProject();
  ledger = ledgerPath(proj.data);
});
afterEach(() => proj.cleanup());

describe("a corrupt ledger line", () => {
  const lines = [
    good("a"),
    '{"v":1,"ts":"2026-11-25T10:01:00.000Z","event":"run","task_id":"torn","ki', // torn by a crash
    "not json at all",
    JSON.stringify({ v: 1, ts: "yesterday-ish", event: "run", task_id: "x", kind: "code", file: null, status: "success" }), // bad time
    JSON.stringify({ v: 1, ts: "2026-11-25T10:02:00.000Z", event: "run", task_id: 7, kind: "code", file: null, status: "success" }), // wrong type
    good("b", "escalated"),
  ];

  it("is skipped with its line number and reason; the others are read", () => {
    proj.write(".claude/local-delegate/ledger.jsonl", `${lines.join("\n")}\n`);
    const r = readLedger(ledger);
    expect(r.entries.map((e) => ("task_id" in e ? e.task_id : null))).toEqual(["a", "b"]);
    expect(r.skipped).toEqual([2, 3, 4, 5]);
    expect(r.problems[0]!.reason).toMatch(/not JSON/);
    expect(r.problems[2]!.reason).toMatch(/^ts: not a time/);
    expect(r.problems[3]!.reason).toMatch(/^task_id/);
  });

  it("never stops the report: a warning on stderr, the figures from the readable lines", async () => {
    proj.write(".claude/local-delegate/ledger.jsonl", `${lines.join("\n")}\n`);
    const r = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: skipped line 2 of");
    expect(r.stderr.trim().split("\n")).toHaveLength(4);
    expect(r.json.skipped_lines).toEqual([2, 3, 4, 5]);
    expect(r.json.totals).toMatchObject({ tasks: 2, delegated: 2, outcomes: { success: 1, escalated: 1 } });
    const compact = await runCli(["report", "--compact"], { cwd: proj.root, home: proj.home });
    expect(compact.code).toBe(0);
    expect(compact.stderr).toBe("");
    expect(compact.stdout).toContain("(4 unreadable ledger lines skipped)");
  });

  it("a torn last line (a crash mid-write, no newline) does not swallow the next append", () => {
    proj.write(".claude/local-delegate/ledger.jsonl", `${good("a")}\n{"v":1,"ts":"2026-11-25T1`);
    recordHookDecision(ledger, { decision: "flagged", category: "code", mode: "nudge", file: "src/y.ts", session_id: null });
    const r = readLedger(ledger);
    expect(r.skipped).toEqual([2]);
    expect(r.entries.map((e) => e.event)).toEqual(["run", "hook"]);
  });
});

describe("appending", () => {
  it("writes the hook's decision in the agreed shape", () => {
    const r = recordHookDecision(ledger, { decision: "denied", category: "code", mode: "enforce", file: "src/x.ts", session_id: "abc", tool: "Write" }, new Date("2026-11-25T10:00:00.000Z"));
    expect(r.ok).toBe(true);
    expect(JSON.parse(readFileSync(ledger, "utf8"))).toEqual({ v: 1, ts: "2026-11-25T10:00:00.000Z", event: "hook", decision: "denied", category: "code", mode: "enforce", file: "src/x.ts", session_id: "abc", tool: "Write" });
    expect(readLedger(ledger).problems).toEqual([]);
  });

  it("clips long strings and refuses a line that would still be too long, writing nothing", () => {
    expect(appendJsonLine(ledger, { v: 1, ts: "2026-11-25T10:00:00.000Z", event: "x", error: "e".repeat(50_000) }).ok).toBe(true);
    expect(readFileSync(ledger, "utf8").length).toBeLessThan(2_200);
    const big = { v: 1, ts: "2026-11-25T10:00:00.000Z", event: "x", many: Array.from({ length: 20 }, () => "y".repeat(1_999)) };
    const r = appendJsonLine(ledger, big);
    expect(r.ok).toBe(false);
    expect(readFileSync(ledger, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
    expect(MAX_LINE_BYTES).toBeGreaterThan(8_000);
  });

  it("reads only the tail of a long ledger, dropping the partial first line", () => {
    const many = Array.from({ length: 2_000 }, (_, i) => good(`t${i}`)).join("\n");
    proj.write(".claude/local-delegate/ledger.jsonl", `${many}\n`);
    const tail = entriesOf(readLedgerTail(ledger, 10_000));
    expect(tail.problems).toEqual([]);
    expect(tail.entries.length).toBeGreaterThan(50);
    expect(tail.entries.length).toBeLessThan(2_000);
    expect(tail.entries.at(-1)).toMatchObject({ task_id: "t1999" });
  });

  it("reads a ledger of exactly the tail's size whole, and one byte more without its first line", () => {
    const text = `${good("first")}\n${good("second")}\n`;
    proj.write(".claude/local-delegate/ledger.jsonl", text);
    const size = Buffer.byteLength(text);
    expect(entriesOf(readLedgerTail(ledger, size)).entries.map((e) => e.task_id)).toEqual(["first", "second"]);
    expect(entriesOf(readLedgerTail(ledger, size - 1)).entries.map((e) => e.task_id)).toEqual(["second"]);
    expect(readLedgerTail(join(proj.data, "none.jsonl"), size)).toEqual({ lines: [], problems: [] });
  });
});
