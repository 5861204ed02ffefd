import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunOutcome } from "../../src/engine/result.js";
import { recordPlanStep, recordPlanStepSkipped, recordRollback, recordRun } from "../../src/ledger/record.js";
import { ledgerPath, readLedger } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-record-");
});
afterEach(() => dir.cleanup());

const outcome = (task: string, status: "success" | "escalated"): RunOutcome => ({
  result: { status, task_id: task, file: `src/${task}.ts`, attempts: status === "success" ? 1 : 2, tests: status === "success" ? "passed" : "failed", well_formed: true, ...(status === "success" ? { lines: 1 } : {}) },
  kind: "code",
  code: status === "success" ? null : "VERIFY_FAILED",
  failureKind: status === "success" ? null : "tests",
  server: "http://127.0.0.1:1/v1",
  model: null,
  usage: null,
  promptCache: [],
  ms: 1200,
  notes: [],
  content: status === "success" ? "export const a = 1;\n" : null,
  specText: `{"task_id":"${task}","description":"d","output_file":"src/${task}.ts"}`,
  runId: "20261125T100000Z-1",
});

describe("recording", () => {
  it("records a run whose spec and file hold a special token's text, counted as the text it is", async () => {
    // gpt-tokenizer's default count refuses "<|endoftext|>": the run that wrote the file then
    // ended as an internal error, with no ledger line.
    const path = ledgerPath(dir.path);
    const o = outcome("marker", "success");
    const special = { ...o, specText: o.specText.replace('"d"', '"Strip <|endoftext|> markers"'), content: 'export const END = "<|endoftext|>";\n' };
    expect((await recordRun(path, special)).ok).toBe(true);
    const [entry] = readLedger(path).entries;
    expect(entry).toMatchObject({ task_id: "marker", status: "success" });
    // Counted: more tokens than the same spec without it.
    const plain = { ...o, specText: o.specText.replace('"d"', '"Strip markers"') };
    const plainPath = ledgerPath(`${dir.path}/plain`);
    expect((await recordRun(plainPath, plain)).ok).toBe(true);
    const [p] = readLedger(plainPath).entries;
    expect((entry as { claude: { spec: number } }).claude.spec).toBeGreaterThan((p as { claude: { spec: number } }).claude.spec);
  });

  it("plan steps are runs marked with their plan; skipped steps are not tasks", async () => {
    const path = ledgerPath(dir.path);
    expect((await recordPlanStep(path, outcome("a", "success"), { plan_id: "dark-mode", step: 1 })).ok).toBe(true);
    expect(recordPlanStepSkipped(path, { plan_id: "dark-mode", step: 2, task_id: "b", kind: "code", file: "src/b.ts", reason: "step 1 failed" }).ok).toBe(true);
    expect((await recordRun(path, outcome("c", "escalated"))).ok).toBe(true);
    const read = readLedger(path);
    expect(read.problems).toEqual([]);
    expect(read.entries.map((e) => [e.event, "status" in e ? e.status : null])).toEqual([
      ["plan-step", "success"],
      ["plan-step", "skipped"],
      ["run", "escalated"],
    ]);
    const first = JSON.parse(readFileSync(path, "utf8").split("\n")[0]!);
    expect(first).toMatchObject({ plan_id: "dark-mode", step: 1, task_id: "a", claude: { tokenizer: "cl100k_base", factor: 1.2 }, claude_measured: null });
    expect(first.claude.would_have).toBe(first.claude.file * 2);
    const r = buildReport(read.entries, { now: new Date() });
    expect(r.totals).toMatchObject({ tasks: 2, delegated: 2, escalations: { total: 1 } });
    expect(r.plan_steps_skipped).toBe(1);
  });

  it("an escalated run costs Claude its spec and result, and saves nothing", async () => {
    const path = ledgerPath(dir.path);
    await recordRun(path, outcome("c", "escalated"));
    const line = JSON.parse(readFileSync(path, "utf8"));
    expect(line.claude.would_have).toBeNull();
    expect(line.claude.saved).toBe(-line.claude.spent);
    expect(line.claude.spent).toBe(line.claude.spec + line.claude.result);
  });

  it("rollbacks are recorded with their runs and files", () => {
    const path = ledgerPath(dir.path);
    recordRollback(path, { task_id: "a", status: "rolled-back", files: ["src/a.ts"], runs: ["r1"], forced: false });
    expect(readLedger(path).entries[0]).toMatchObject({ event: "rollback", task_id: "a", status: "rolled-back", files: ["src/a.ts"], runs: ["r1"], forced: false });
  });
});
