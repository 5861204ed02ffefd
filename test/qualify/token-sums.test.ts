// qualify's token columns: a server that gave no counts for a task leaves it out of the sums and
// says so; adding it as 0 made a model look cheaper than it is.
import { describe, expect, it } from "vitest";
import { renderReport, type QualifyReport } from "../../src/qualify/render.js";
import type { TaskRun } from "../../src/qualify/run-suite.js";
import { kindFigures, taskFigures } from "../../src/qualify/summary.js";

const task = (usage: { prompt: number; completion: number } | null) =>
  taskFigures({
    task: { id: "t", kind: "code", category: "utility", language: "typescript" },
    outcome: { result: { status: "success", attempts: 1 }, failureKind: null, usage, ms: 1000 },
    answers: 1,
    wellFormedAnswers: 1,
  } as unknown as TaskRun);

const report = (kinds: QualifyReport["kinds"]): string =>
  renderReport({ status: "done", model: "m", server: null, suite: "s", tasks: 2, ms: 2000, kinds, routing: [], results: [], skipped: [] });

describe("qualify's token sums", () => {
  it("leave out a task without counts, and say how many", () => {
    const [row] = kindFigures([task({ prompt: 1200, completion: 300 }), task(null)]);
    expect(row).toMatchObject({ prompt_tokens: 1200, completion_tokens: 300, tokens_unknown: 1 });
    expect(report([row!])).toContain("1.2k/300 (1 uncounted)");
  });

  it("are unknown, not 0, when no task has counts", () => {
    const [row] = kindFigures([task(null), task(null)]);
    expect(row).toMatchObject({ prompt_tokens: null, completion_tokens: null, tokens_unknown: 2 });
    expect(report([row!])).not.toMatch(/\b0\/0\b/);
  });

  it("near miss: every task counted sums plainly", () => {
    const [row] = kindFigures([task({ prompt: 100, completion: 50 }), task({ prompt: 100, completion: 50 })]);
    expect(row).toMatchObject({ prompt_tokens: 200, completion_tokens: 100, tokens_unknown: 0 });
    expect(report([row!])).toMatch(/ 200\/100 /);
  });
});
