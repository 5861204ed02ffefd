// The plan line's local tokens are the server's own figures for the whole plan, or nothing, as a
// run's are for all its attempts: a step that reached the model with no counts makes the total
// unknown, and the other steps' sum must not pass for it.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/schema.js";
import { summarize, type StepResult } from "../../src/plan/summary.js";

const plan = { tasks: [] } as unknown as Plan;
const step = (id: string, status: StepResult["status"], attempts: number, tokens?: { prompt: number; completion: number }): StepResult => ({ id, status, file: `src/${id}.ts`, attempts, tests: "none", ...(tokens ? { tokens } : {}) });

describe("the plan line's local tokens", () => {
  it("are left out when a step the model answered came without counts", () => {
    const s = summarize("p", plan, [step("a", "success", 1, { prompt: 100, completion: 20 }), step("b", "escalated", 2)], () => false, 1);
    expect(s.totals.local_tokens).toBeUndefined();
  });

  it("near miss: steps that never reached the model used none, and leave the sum whole", () => {
    const s = summarize("p", plan, [step("a", "success", 1, { prompt: 100, completion: 20 }), step("b", "skipped", 0), step("c", "unchanged", 0), step("d", "unavailable", 0)], () => false, 1);
    expect(s.totals.local_tokens).toEqual({ prompt: 100, completion: 20 });
  });
});
