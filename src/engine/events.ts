/** What a run reports while it works: rendered as a progress line on a TTY, or into a job's log. */
export type EngineEvent =
  | { type: "model"; model: string; flavor: string; contextLength: number | null }
  | { type: "attempt"; n: number; of: number }
  | { type: "progress"; tokens: number; elapsedMs: number; tokensPerSecond: number }
  | { type: "retry"; reason: string }
  | { type: "write"; file: string }
  | { type: "verify"; step: "lint" | "tests" }
  | { type: "wait"; what: string; on: string }
  /** A backend failed mid-task; the attempt goes on with the next one. */
  | { type: "failover"; from: string; reason: string };
