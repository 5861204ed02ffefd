// The report counts tasks, not runs: two tasks that each escalated twice (re-run after the first
// escalation) are "escalated 2", in every rendering the `report` command makes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/project.js";

const run = (ts: string, task_id: string, status: string, extra: Record<string, unknown> = {}) => ({ v: 1, ts, event: "run", task_id, kind: "code", file: `src/${task_id}.ts`, status, attempts: status === "unavailable" ? 0 : 2, ...extra });
const LEDGER = [
  run("2026-11-24T09:00:00.000Z", "a", "escalated", { failure_kind: "syntax" }),
  run("2026-11-24T09:10:00.000Z", "a", "escalated", { failure_kind: "tests" }),
  run("2026-11-24T10:00:00.000Z", "b", "escalated", { failure_kind: "tests" }),
  run("2026-11-24T10:10:00.000Z", "b", "escalated", { failure_kind: "tests" }),
  // c: the server was down twice, then it ran: one task that could not finish, not two.
  run("2026-11-24T11:00:00.000Z", "c", "unavailable", { code: "MODEL_UNAVAILABLE" }),
  run("2026-11-24T11:05:00.000Z", "c", "unavailable", { code: "MODEL_UNAVAILABLE" }),
  run("2026-11-24T11:10:00.000Z", "c", "success", { attempts: 1 }),
];

const proj = tempProject({ ".claude/local-delegate/ledger.jsonl": LEDGER.map((e) => JSON.stringify(e)).join("\n") + "\n" });
afterAll(() => proj.cleanup());
const report = (...args: string[]) => runCli(["report", ...args], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });

describe("report: escalations and failures per task", () => {
  it("--json: 2 tasks escalated, by the reason of each one's last escalation; 1 task failed", async () => {
    const r = await report("--json");
    expect(r.code).toBe(0);
    expect(r.json.totals).toMatchObject({
      tasks: 3,
      delegated: 3,
      escalations: { total: 2, reasons: [{ reason: "tests", count: 2 }] },
      failures: { total: 1, reasons: [{ reason: "MODEL_UNAVAILABLE", count: 1 }] },
    });
    expect(r.json.kinds[0]).toMatchObject({ kind: "code", escalations: { total: 2 } });
    expect(r.json.weeks[0]).toMatchObject({ escalations: { total: 2 } });
  });

  it("--compact says escalated 2, failed 1", async () => {
    const r = await report("--compact");
    expect(r.stdout).toContain("escalated 2 (tests 2)");
    expect(r.stdout).toContain("failed 1 (MODEL_UNAVAILABLE 1)");
  });

  it("the terminal table's escalated column says 2", async () => {
    const r = await report();
    const head = r.stdout.split("\n").find((l) => l.startsWith("kind "))!;
    const total = r.stdout.split("\n").find((l) => l.startsWith("total "))!;
    const col = head.split(/\s{2,}/).indexOf("escalated");
    expect(total.trim().split(/\s{2,}/)[col]).toBe("2");
    expect(r.stdout).toMatch(/Escalations\s+tests 2\n/);
  });

  it("the HTML page's tables say 2", async () => {
    const r = await report("--html", "r.html");
    expect(r.code).toBe(0);
    const html = readFileSync(join(proj.root, "r.html"), "utf8");
    const total = /<tr class="total">(.*?)<\/tr>/.exec(html)![1]!;
    // tasks, delegated, rate, first-pass, escalated …
    expect([...total.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1])[5]).toBe("2");
    expect(html).toContain("Escalated: tests 2.");
  });
});

describe("report: the footer points to where the counting is explained", () => {
  /** Every `see FILE.md, "Section"` in a text: the file must exist and hold that section. */
  function pointers(text: string): { file: string; section: string }[] {
    return [...text.matchAll(/see ([\w./-]+\.md), "([^"]+)"/g)].map((m) => ({ file: m[1]!, section: m[2]! }));
  }
  const holds = (p: { file: string; section: string }) => readFileSync(p.file, "utf8").split("\n").includes(`## ${p.section}`);

  it("in the terminal report and the HTML page", async () => {
    const terminal = (await report()).stdout;
    await report("--html", "r.html");
    const html = readFileSync(join(proj.root, "r.html"), "utf8");
    for (const text of [terminal, html]) {
      const found = pointers(text);
      expect(found.length, text.slice(-300)).toBeGreaterThan(0);
      for (const p of found) expect(holds(p), `${p.file} has no section "${p.section}"`).toBe(true);
    }
  });
});
