// The HTML page is read later, away from the terminal that printed the warnings: what the report
// could not read (torn lines, a ledger too large to read whole) is said on the page itself.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/project.js";

const ok = { v: 1, ts: "2026-11-24T09:00:00.000Z", event: "run", task_id: "a", kind: "code", file: "src/a.ts", status: "success", attempts: 1 };
const projects: ReturnType<typeof tempProject>[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));
const page = async (ledger: string) => {
  const proj = tempProject({ ".claude/local-delegate/ledger.jsonl": ledger });
  projects.push(proj);
  const r = await runCli(["report", "--html", "r.html"], { cwd: proj.root, home: proj.home, env: { NO_COLOR: "1" } });
  expect(r.code).toBe(0);
  return readFileSync(join(proj.root, "r.html"), "utf8");
};

describe("the HTML page and the ledger lines it could not read", () => {
  it("says which lines were skipped and why", async () => {
    const html = await page(`${JSON.stringify(ok)}\n{"v":1,"ts":"2026-11-24T09:\n${JSON.stringify({ ...ok, task_id: "b" })}\n`);
    expect(html).toContain('<div id="unread">');
    expect(html).toMatch(/skipped line 2 of .*ledger\.jsonl: not JSON \(a torn or hand-edited line\)/);
    expect(html).toContain("<b>2/2</b>");
  });

  it("near miss: a ledger read whole says nothing of the sort", async () => {
    const html = await page(`${JSON.stringify(ok)}\n`);
    expect(html).not.toContain('id="unread"');
  });
});
