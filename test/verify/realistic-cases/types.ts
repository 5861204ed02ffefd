// One realistic pair for the spec-promise check: a task's words and a file written for it.

export interface Case {
  /** What the pair is, for the test's name. */
  name: string;
  language: string;
  description: string;
  constraints?: string[];
  file: string;
  /** Names a context file defines. */
  elsewhere?: string[];
  /** Modules of the project (a Python package, a Go module path, a Cargo package): not dependencies. */
  local?: string[];
}

/** A wrong file, and what the refusal must say about it. */
export interface WrongCase extends Case {
  refused: RegExp;
}
