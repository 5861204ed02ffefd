// The local server's prompt cache in the report: prompt tokens processed against those taken from
// its cache, summed over the attempts whose server reported both, and nothing where none did.
import { describe, expect, it } from "vitest";
import { parseLedgerText } from "../../src/ledger/store.js";
import { buildReport } from "../../src/report/aggregate.js";
import { htmlReport } from "../../src/report/html.js";
import { terminalReport } from "../../src/report/terminal.js";

const run = (ts: string, task_id: string, status: string, attempts: number, extra: Record<string, unknown> = {}) => ({ v: 1, ts, event: "run", task_id, kind: "code", file: `src/${task_id}.ts`, status, attempts, ...extra });

const LEDGER = [
  // A retry that reused the first prompt: 3,000 processed, then 250 more with 3,050 from cache.
  run("2026-11-25T09:00:00.000Z", "a", "success", 2, { prompt_cache: [{ attempt: 1, prompt_n: 3000, cache_n: 0 }, { attempt: 2, prompt_n: 250, cache_n: 3050 }] }),
  // A plan step whose shared files were cached.
  { ...run("2026-11-25T09:10:00.000Z", "b", "success", 1, { prompt_cache: [{ attempt: 1, prompt_n: 500, cache_n: 2200 }] }), event: "plan-step", plan_id: "p", step: 2 },
  // A server that said nothing of its cache: not counted, neither as processed nor as cached.
  run("2026-11-25T09:20:00.000Z", "c", "success", 1, { local: { prompt_tokens: 900, completion_tokens: 40 } }),
];
const report = (lines: unknown[]) => buildReport(parseLedgerText(lines.map((e) => JSON.stringify(e)).join("\n") + "\n").entries, { now: new Date("2026-11-25T12:00:00.000Z") });

describe("the prompt cache in the report", () => {
  it("sums what was processed and what came from the cache over the measured attempts", () => {
    const r = report(LEDGER);
    expect(r.totals.prompt_cache).toEqual({ processed: 3750, cached: 5250, cached_rate: 0.5833, attempts_measured: 3 });
    expect(r.kinds.find((k) => k.kind === "code")!.prompt_cache.attempts_measured).toBe(3);
  });

  it("is shown where measured, in the terminal and the HTML report", () => {
    const r = report(LEDGER);
    expect(terminalReport(r, { ledger: "ledger.jsonl" })).toMatch(/Prompt cache.* 3\.8k local prompt tokens processed, 5\.3k taken from the server's cache \(58%\) on 3 attempts/);
    expect(htmlReport(r, { project: "/p" })).toContain("3.8k local prompt tokens processed, 5.3k taken from the server&#39;s cache (58%) on 3 attempts");
  });

  it("says nothing, and has no rate, when no server reported it", () => {
    const r = report(LEDGER.slice(2));
    expect(r.totals.prompt_cache).toEqual({ processed: 0, cached: 0, cached_rate: null, attempts_measured: 0 });
    expect(terminalReport(r, { ledger: "ledger.jsonl" })).not.toContain("Prompt cache");
    expect(htmlReport(r, { project: "/p" })).not.toContain("prompt-cache");
  });
});
