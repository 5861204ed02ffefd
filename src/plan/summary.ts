import type { RunStatus } from "../engine/result.js";
import { outputFiles, type Plan } from "./schema.js";

/** A local task's end: a run's status, or why it never ran (`taken_over`: someone wrote its file since it failed, or edited it since it succeeded). */
export type StepStatus = RunStatus | "unchanged" | "taken_over" | "skipped" | "blocked";

/** One local task in the summary: what Claude needs to review or take over, no more. */
export interface StepResult {
  id: string;
  status: StepStatus;
  file: string | null;
  attempts: number;
  tests: "passed" | "failed" | "none";
  error?: string;
  /** As in `run`'s line: the other files a rename updated, what to do next, where someone's edit was kept, a file not put back. */
  updated?: string[];
  hint?: string;
  kept?: string[];
  restored?: false;
  backup?: string;
  /** Internal: local tokens, summed into the totals and left out of the task's line. */
  tokens?: { prompt: number; completion: number };
}

export interface ClaudeItem {
  id: string;
  file?: string | string[];
  /** Tasks it needs that are not done: local ones that did not succeed, Claude's own not written yet. */
  waits_for?: string[];
}

export type PlanStatus = "success" | "waiting" | "failed" | "unavailable" | "cancelled";

/** The one line `plan run` prints. */
export interface PlanSummary {
  /** `waiting`: every local task that could run succeeded; the rest wait for Claude's tasks. */
  status: PlanStatus;
  plan: string;
  tasks: Omit<StepResult, "tokens">[];
  /** Counts by status (only those that occur), local and Claude task counts, local tokens used. */
  totals: Record<string, number | { prompt: number; completion: number }>;
  /** Claude's own tasks, as a checklist. */
  claude: ClaudeItem[];
  ms: number;
}

const DONE = new Set<StepStatus>(["success", "unchanged", "taken_over"]);
export const isDone = (s: StepStatus | undefined): boolean => s !== undefined && DONE.has(s);

export function summarize(planId: string, plan: Plan, steps: StepResult[], claudeDone: (id: string) => boolean, ms: number): PlanSummary {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const totals: PlanSummary["totals"] = { local: steps.length, claude: plan.tasks.length - steps.length };
  for (const s of steps) totals[s.status] = ((totals[s.status] as number | undefined) ?? 0) + 1;
  const tokens = steps.reduce((a, s) => ({ prompt: a.prompt + (s.tokens?.prompt ?? 0), completion: a.completion + (s.tokens?.completion ?? 0) }), { prompt: 0, completion: 0 });
  // As a run's: a step the model answered without counts makes the total unknown (left out), not the others' sum.
  const unknown = steps.some((s) => s.attempts >= 1 && !s.tokens);
  if (!unknown && (tokens.prompt || tokens.completion)) totals.local_tokens = tokens;

  const claude: ClaudeItem[] = plan.tasks
    .filter((t) => t.owner === "claude")
    .map((t) => {
      const files = outputFiles(t);
      const waits = t.depends_on.filter((d) => (byId.has(d) ? !isDone(byId.get(d)!.status) : !claudeDone(d)));
      return { id: t.task_id, ...(files.length ? { file: files.length === 1 ? files[0]! : files } : {}), ...(waits.length ? { waits_for: waits } : {}) };
    });

  return { status: planStatus(steps), plan: planId, tasks: steps.map(({ tokens: _, ...s }) => s), totals, claude, ms };
}

function planStatus(steps: StepResult[]): PlanStatus {
  const open = steps.filter((s) => !isDone(s.status));
  if (!open.length) return "success";
  if (open.some((s) => s.status === "cancelled")) return "cancelled";
  if (open.every((s) => s.status === "blocked")) return "waiting";
  const ran = open.filter((s) => s.status !== "skipped" && s.status !== "blocked");
  if (ran.length && ran.every((s) => s.status === "unavailable")) return "unavailable";
  return "failed";
}

export function exitCodeForPlan(s: PlanStatus): number {
  return { success: 0, waiting: 0, failed: 1, unavailable: 3, cancelled: 130 }[s];
}
