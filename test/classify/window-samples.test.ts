import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recordFromLedger, recordReason } from "../../src/classify/adaptive.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// route_window caps how many attempts a kind's record holds; route_min_samples is how many it
// needs before its rate counts. With the window under the minimum (`route_window: 3`, to judge on
// the last three attempts only, beside the default minimum of 4) no kind could ever be judged:
// a model failing every task kept getting them, "too few to judge", for good.

const M = "qwen2.5-coder-7b-instruct";
const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.cleanup();
});

function ledger(proj: TempProject, lines: object[]): void {
  const file = join(proj.data, "ledger.jsonl");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
}
const escalated = (i: number) => ({ v: 1, ts: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), event: "run", task_id: `t${i}`, kind: "code", status: "escalated", model: M, attempts: 2, file: `src/f${i}.ts` });

describe("a window smaller than the minimum of attempts", () => {
  it("judges a kind once the window is full", async () => {
    const proj = tempProject({ ".claude/local-delegate.yaml": `model: ${M}\nroute_window: 3\n` });
    projects.push(proj);
    ledger(proj, Array.from({ length: 6 }, (_, i) => escalated(i)));
    const r = await runCli(["classify", "--description", "Write a pure utility function that formats a byte count", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.json).toMatchObject({ verdict: "claude", record: { samples: 3, first_pass: 0 } });
    expect(r.json.reasons).toContainEqual({ criterion: "record", ok: false, detail: `code: 0/3 first-pass for ${M} (< 50%)` });
  });

  it("near miss: fewer attempts than the window holds are still too few", () => {
    const T = { minFirstPass: 0.5, minSamples: 4, window: 3 };
    const record = recordFromLedger([escalated(0), escalated(1)], M, T.window);
    expect(recordReason(record, "code", T)).toEqual({ criterion: "record", ok: true, detail: `code: 0/2 first-pass for ${M} (too few to judge: 3 needed)` });
    // And with the window over the minimum, the minimum stands.
    const wide = { ...T, window: 20 };
    const three = recordFromLedger([escalated(0), escalated(1), escalated(2)], M, wide.window);
    expect(recordReason(three, "code", wide)?.detail).toBe(`code: 0/3 first-pass for ${M} (too few to judge: 4 needed)`);
  });
});
