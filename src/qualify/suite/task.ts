import type { TaskKind } from "../../spec/schema.js";

/** The file the hidden check script is written to; the task's `test_command` runs it. */
export const CHECK_FILE = ".qualify/check.mjs";
export const TEST_COMMAND = `node ${CHECK_FILE}`;

/** A program a task's check needs on PATH, working; without it the task is skipped, and counts nowhere. */
export type Toolchain = "python3" | "go" | "rustc";

/**
 * One task of the qualification suite: a spec as Claude would write it, the files of its
 * throwaway project, and a hidden check the model never sees (nothing under `.qualify/` is named
 * in the spec, and the engine puts only the spec's files in the prompt).
 */
export interface SuiteTask {
  /** Stable id: the ledger's `qualify.suite_task`. */
  id: string;
  kind: TaskKind;
  /** What sort of file, for the table: the classifier's categories plus `refactor`. */
  category: "utility" | "constants" | "types" | "test" | "doc" | "refactor";
  language: "javascript" | "typescript" | "markdown" | "python" | "go" | "rust";
  description: string;
  output_file: string;
  constraints?: string[];
  context_files?: string[];
  rename?: { from: string; to: string };
  /** Files of the project the model may see, through context_files or as the file it rewrites. */
  files?: Record<string, string>;
  /** The check script (`check`) and anything else it needs (mutants, built references). */
  check: string;
  /**
   * Where the check is written (default `.qualify/check.mjs`): a `.py` check gets the Python
   * harness beside it, a Go check is a `_test.go` file in the package it tests.
   */
  check_file?: string;
  hidden?: Record<string, string>;
  /** The command that runs the check (default `node .qualify/check.mjs`). */
  test_command?: string;
  /** The toolchain the check needs besides Node: the task is skipped where it is missing or broken. */
  requires?: Toolchain;
  /**
   * TypeScript files turned into JavaScript under `.qualify/ts/` (same path, `.js`) after the
   * answer is written and before the check runs, since Node 20 cannot run TypeScript.
   */
  erase?: string[];
}

// The words every TypeScript task adds, so the answer can be run without a compiler: the same
// subset Node's own type stripping and TypeScript's `erasableSyntaxOnly` accept.
export const ERASABLE_TS = "erasable TypeScript only: no enums, namespaces or constructor parameter properties";
export const NODE_TEST = 'use node:test (`import { test } from "node:test"`) and `node:assert/strict`; no other packages';
