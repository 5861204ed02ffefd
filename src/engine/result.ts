import type { ErrorCode, Failure } from "../errors.js";
import type { FailureKind } from "./checks.js";

export type RunStatus = "success" | "failed" | "escalated" | "unavailable" | "invalid" | "cancelled";

/** The one line Claude reads. Short on purpose: every field here costs Claude tokens. */
export interface CompactResult {
  status: RunStatus;
  task_id: string | null;
  file: string | null;
  attempts: number;
  tests: "passed" | "failed" | "none";
  /** Whether the last answer held a usable file (a format problem) apart from whether it worked (a logic problem). */
  well_formed: boolean | null;
  lines?: number;
  /** Other files a rename updated. */
  updated?: string[];
  error?: string;
  hint?: string;
  model?: string;
  local_tokens?: { prompt: number; completion: number };
  ms: number;
}

/** Everything about the run, for the ledger and the log; the compact result is cut from it. */
export interface RunOutcome {
  result: CompactResult;
  kind: string;
  code: ErrorCode | null;
  failureKind: FailureKind | null;
  server: string | null;
  /** Whether the server reported usage; when false the token figures are absent, not zero. */
  usageMeasured: boolean;
  notes: string[];
  content: string | null;
  specText: string;
  /** The backup run (`backups/<task_id>/<run_id>/`) holding what this run changed; null if it changed nothing. */
  runId: string | null;
}

export function statusForFailure(f: Failure): RunStatus {
  switch (f.code) {
    case "SPEC_INVALID":
    case "CONFIG_INVALID":
    case "PATH_ESCAPE":
    case "USAGE":
    case "TEST_COMMAND":
      return "invalid";
    case "MODEL_UNAVAILABLE":
      return "unavailable";
    case "CANCELLED":
      return "cancelled";
    default:
      return "failed";
  }
}

export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case "success":
      return 0;
    case "invalid":
      return 2;
    case "unavailable":
      return 3;
    case "cancelled":
      return 130;
    default:
      return 1;
  }
}
