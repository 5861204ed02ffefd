import type { PlanTask } from "./schema.js";
import { isDone, type StepResult } from "./summary.js";

export type Gate = { kind: "ready" } | { kind: "wait" } | { kind: "end"; status: "skipped" | "blocked" | "cancelled"; why: string };

/** A Claude task, as this run sees it: `wait` while local tasks it depends on have not ended. */
export type ClaudeState = "done" | "wait" | "open";

/**
 * Whether a local task can start: every local task it depends on done, every Claude task it
 * depends on written. A failed dependency skips it; a Claude task not yet done blocks it. Pure.
 */
export function gate(t: PlanTask, byId: ReadonlyMap<string, PlanTask>, results: ReadonlyMap<string, StepResult>, claude: (id: string) => ClaudeState): Gate {
  let waiting = false;
  let blockedBy: string | null = null;
  for (const d of t.depends_on) {
    const dep = byId.get(d)!;
    if (dep.owner === "claude") {
      const c = claude(d);
      if (c === "wait") waiting = true;
      else if (c === "open") blockedBy ??= `waits for Claude's task "${d}"`;
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
