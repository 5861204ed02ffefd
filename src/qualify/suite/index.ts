import type { TaskKind } from "../../spec/schema.js";
import { CODE_TASKS } from "./code.js";
import { DOC_TASKS } from "./docs.js";
import { GO_TASKS } from "./go.js";
import { PYTHON_CODE_TASKS, PYTHON_TEST_TASKS } from "./python.js";
import { REFACTOR_TASKS } from "./refactors.js";
import { RUST_TASKS } from "./rust.js";
import type { SuiteTask } from "./task.js";
import { TEST_TASKS } from "./tests.js";

/** Bumped when a task or a check changes, so figures from different suites are not mixed up. */
export const SUITE_VERSION = "builtin-2";

/**
 * At least four tasks of each kind: one qualification gives every kind enough attempts to be
 * judged under the default `route_min_samples` (4), even where no Python, Go or Rust is installed.
 */
export const SUITE: readonly SuiteTask[] = [
  ...CODE_TASKS,
  ...PYTHON_CODE_TASKS,
  ...GO_TASKS,
  ...RUST_TASKS,
  ...TEST_TASKS,
  ...PYTHON_TEST_TASKS,
  ...DOC_TASKS,
  ...REFACTOR_TASKS,
];

export function suiteFor(kinds: readonly TaskKind[] | null): SuiteTask[] {
  return SUITE.filter((t) => !kinds || kinds.includes(t.kind));
}

export type { SuiteTask };
