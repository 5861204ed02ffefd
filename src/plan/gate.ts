import type { PlanTask } from "./schema.js";
import { isDone, type StepResult } from "./summary.js";

export type Gate = { kind: "ready" } | { kind: "wait" } | { kind: "end"; status: "skipped" | "blocked" | "cancelled"; why: string };

/**
 * Whether a local task can start: every local task it depends on done, every Claude task it
 * depends on written. A failed dependency skips it; a Claude task not yet done blocks it. Pure.
 */
export function gate(t: PlanTask, byId: ReadonlyMap<string, PlanTask>, results: ReadonlyMap<string, StepResult>, claudeDone: (id: string) => boolean): Gate {
  let waiting = false;
  let blockedBy: string | null = null;
  for (const d of t.depends_on) {
    const dep = byId.get(d)!;
    if (dep.owner === "claude") {
      if (!claudeDone(d)) blockedBy ??= `waits for Claude's task "${d}"`;
      continue;
    }
    const r = results.get(d);
    if (!r) waiting = true;
    else if (r.status === "blocked") blockedBy ??= r.error ?? `waits for "${d}"`;
    else if (!isDone(r.status)) return { kind: "end", status: "skipped", why: `not run: its dependency "${d}" ${r.status === "skipped" ? "was skipped" : `ended ${r.status}`}` };
  }
  if (waiting) return { kind: "wait" };
  return blockedBy ? { kind: "end", status: "blocked", why: blockedBy } : { kind: "ready" };
}
