/** The design's atomic limits for a task a local model can be trusted with. */
export const ATOMIC = {
  maxLines: 50,
  maxImports: 2,
  /**
   * Below this a file is cheaper for Claude to write than to delegate: a spec and the result line
   * cost Claude about 150–250 tokens, what writing (and rereading) a 10-line file costs. Measured
   * with the ledger's accounting on the worked example (8 lines: −48% "saved").
   */
  minLines: 10,
} as const;

export type Category =
  // delegable
  | "utility"
  | "constants"
  | "types"
  | "test"
  | "doc"
  | "component"
  // not delegable
  | "react-hook"
  | "reducer"
  | "state"
  | "concurrency"
  | "integration"
  | "bugfix"
  | "unknown";

export const DELEGABLE: ReadonlySet<Category> = new Set(["utility", "constants", "types", "test", "doc", "component"]);

export interface Reason {
  criterion: "lines" | "imports" | "files" | "stateless" | "test" | "category" | "record";
  ok: boolean;
  detail: string;
}

export interface Verdict {
  verdict: "local" | "claude";
  category: Category;
  reasons: Reason[];
}
