// A ledger that grew for years (700 MB in the field) made `report` show 0 tasks without a word: the
// whole file was read into one string, which V8 refuses past 512 MB, and the failure was swallowed.
// The report now reads the ledger a chunk at a time, at most its last REPORT_MAX_BYTES, and says
// what it left out, on stderr and in --json's `warnings`. So does a ledger it cannot read at all.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLedger, REPORT_MAX_BYTES } from "../../src/ledger/store.js";
import { builtCli } from "../support/dist.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { ledgerPath } from "../../src/ledger/store.js";

const run = (task: string, status = "success") => JSON.stringify({ v: 1, ts: "2026-11-25T10:00:00.000Z", event: "run", task_id: task, kind: "code", file: `src/${task}.ts`, status, attempts: 1 });
const MB = 1024 * 1024;

let proj: TempProject;
let ledger: string;
beforeEach(() => {
  proj = tempProject();
  ledger = ledgerPath(proj.data);
  mkdirSync(proj.data, { recursive: true });
});
afterEach(() => proj.cleanup());

/** A 600 MB ledger that costs no disk: old lines, a sparse hole, then the recent lines. */
function hugeLedger(recent: string[]): void {
  writeFileSync(ledger, `${run("old-1")}\n${run("old-2")}\n`);
  truncateSync(ledger, 600 * MB - 4096);
  appendFileSync(ledger, `\n${recent.join("\n")}\n`);
}

describe("report on a ledger too large to read whole", () => {
  it("counts the tasks of its last part, and warns on stderr and in --json that the rest was left out", async () => {
    hugeLedger([run("a"), run("b", "escalated"), run("c"), "not json"]);
    const r = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.json.totals).toMatchObject({ tasks: 3, delegated: 3, outcomes: { success: 2, escalated: 1 } });
    expect(r.json.ledger_bytes).toEqual({ size: statSync(ledger).size, read: REPORT_MAX_BYTES });
    expect(r.json.warnings[0]).toBe(`${ledger} is 600 MB: the report reads its last 64 MB only; the 536 MB before are left out (move the file aside to start a new ledger)`);
    expect(r.json.warnings[1]).toMatch(/^skipped line \d+ \(counted from where reading began\) of .*: not JSON/);
    expect(r.stderr.trim().split("\n")).toEqual(r.json.warnings.map((w: string) => `local-delegate: warning: ${w}`));

    const terminal = await runCli(["report"], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });
    expect(terminal.stderr).toContain("is 600 MB: the report reads its last 64 MB only");
    expect(terminal.stdout).toMatch(/^total\s+3\s+3\s/m);

    const compact = await runCli(["report", "--compact"], { cwd: proj.root, home: proj.home });
    expect(compact.stderr).toBe("");
    expect(compact.stdout).toContain("local-delegate: 3 code-writing tasks");
    expect(compact.stdout).toContain("(the ledger is 600 MB: only its last 64 MB was read)");
  });

  it("in bounded memory: the built CLI reads it within a 150 MB heap", () => {
    hugeLedger([run("a")]);
    const r = spawnSync(process.execPath, ["--max-old-space-size=150", builtCli(), "report", "--json"], { cwd: proj.root, env: { PATH: process.env.PATH, HOME: proj.home }, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(out.totals.tasks).toBe(1);
    expect(out.warnings[0]).toContain("is 600 MB");
  });
});

describe("report on a ledger it cannot read", () => {
  it("says so instead of showing an empty report as if nothing was recorded", async () => {
    mkdirSync(ledger); // a folder where the file should be: opens, but cannot be read
    const r = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.json.totals.tasks).toBe(0);
    expect(r.json.warnings).toEqual([expect.stringMatching(/^could not read .*ledger\.jsonl: .*EISDIR.*; the report has no figures from it$/)]);
    expect(r.stderr).toMatch(/^local-delegate: warning: could not read /);
    const compact = await runCli(["report", "--compact"], { cwd: proj.root, home: proj.home });
    expect(compact.stdout).toMatch(/\(the ledger could not be read: .*EISDIR/);
  });

  it("a missing ledger is an empty one: no warning", async () => {
    const r = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.json.warnings).toEqual([]);
    expect(r.stderr).toBe("");
  });
});

describe("the report's reader, a chunk at a time", () => {
  it("reads lines across chunk boundaries whole, in order", () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => run(`t${i}`)); // ~5 MB: several 1 MB chunks
    writeFileSync(ledger, `${lines.join("\n")}\n`);
    const r = readLedger(ledger);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => ("task_id" in e ? e.task_id : null))).toEqual(lines.map((_, i) => `t${i}`));
    expect(r.from).toBe(0);
  });

  it("a tail keeps its first line when it starts right after a newline, drops it when it starts mid-line", () => {
    writeFileSync(ledger, `${run("a")}\n${run("b")}\n${run("c")}\n`);
    const whole = Buffer.byteLength(`${run("b")}\n${run("c")}\n`);
    expect(readLedger(ledger, whole).entries.map((e) => ("task_id" in e ? e.task_id : null))).toEqual(["b", "c"]);
    expect(readLedger(ledger, whole - 1).entries.map((e) => ("task_id" in e ? e.task_id : null))).toEqual(["c"]);
  });

  it("a run of NUL bytes with no newline (a crash) is one skipped line, not held in memory; the lines after it are read", () => {
    writeFileSync(ledger, `${run("a")}\n`);
    appendFileSync(ledger, Buffer.alloc(3 * MB));
    appendFileSync(ledger, `\n${run("b")}\n`);
    const r = readLedger(ledger);
    expect(r.entries.map((e) => ("task_id" in e ? e.task_id : null))).toEqual(["a", "b"]);
    expect(r.problems).toEqual([{ line: 2, reason: "longer than 1 MB (not a line the ledger writes)" }]);
  });
});
