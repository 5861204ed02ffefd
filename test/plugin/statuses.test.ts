// Claude reads one JSON line back from each command it runs and does what the command's text (or
// the agent's prompt) says for its `status`. A status the text never names leaves Claude guessing:
// re-running a cancelled task, writing the file of a task the model could not reach, leaving a
// blocked task unrun. Every status the CLI can print must be named there, in backticks. The
// Records below fail to compile when a status is added to the types and not here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/engine/result.js";
import type { JobState } from "../../src/jobs/schema.js";
import { isDone, type PlanStatus, type StepStatus } from "../../src/plan/summary.js";

/** What `status JOB` says of a job that has not ended, or ended without its command's own line. */
type JobStatus = Exclude<JobState, "done">;

const RUN: Record<RunStatus | JobStatus, true> = { success: true, failed: true, escalated: true, unavailable: true, invalid: true, cancelled: true, queued: true, running: true, interrupted: true };
const STEP: Record<StepStatus, true> = { success: true, failed: true, escalated: true, unavailable: true, invalid: true, cancelled: true, unchanged: true, taken_over: true, skipped: true, blocked: true };
const PLAN: Record<PlanStatus | JobStatus, true> = { success: true, waiting: true, failed: true, unavailable: true, cancelled: true, queued: true, running: true, interrupted: true };

const named = (text: string, statuses: string[]) => statuses.filter((s) => !text.includes(`\`${s}\``));

describe("every status Claude can read back is named where it is told what to do", () => {
  it("in each command that runs a task", () => {
    for (const cmd of ["local-code", "local-test", "local-doc", "local-refactor"]) {
      const text = readFileSync(`commands/${cmd}.md`, "utf8");
      expect(named(text, Object.keys(RUN)), `commands/${cmd}.md does not name`).toEqual([]);
    }
  });

  it("in the local-delegator agent, for the plan and for each of its tasks", () => {
    const text = readFileSync("agents/local-delegator.md", "utf8");
    const open = Object.keys(STEP).filter((s) => !isDone(s as StepStatus));
    expect(named(text, [...open, ...Object.keys(PLAN).filter((s) => s !== "success")]), "agents/local-delegator.md does not name").toEqual([]);
  });
});
