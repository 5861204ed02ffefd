import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TaskSpec } from "../spec/load.js";
import { writeFileAtomic } from "../write/atomic.js";
import { SPEC_KEYS } from "./schema.js";

/**
 * What a plan remembers of a task that succeeded, so that a rerun skips it while nothing it
 * depends on has changed: a hash of its spec and its context files' content (the inputs), and a
 * hash of the file as written (the output). Changed inputs (say, a dependency rewrote a context
 * file) mean run it again; an output someone edited since is theirs (`isEditedSince`).
 */
export interface StepState {
  inputs: string;
  output: string;
  /** The hash of the file before the task wrote it, null when it was new (absent from older states). */
  before?: string | null;
  at: string;
}

/** One small file per task, so tasks running side by side never write the same file. */
export function stateFile(data: string, taskId: string): string {
  return join(data, "plan-state", `${taskId}.json`);
}

export function readStepState(data: string, taskId: string): StepState | null {
  try {
    const s = JSON.parse(readFileSync(stateFile(data, taskId), "utf8")) as Partial<StepState>;
    if (typeof s.inputs !== "string" || typeof s.output !== "string") return null;
    const before = typeof s.before === "string" || s.before === null ? { before: s.before } : {};
    return { inputs: s.inputs, output: s.output, ...before, at: String(s.at ?? "") };
  } catch {
    return null;
  }
}

export function writeStepState(data: string, taskId: string, s: StepState | FailedState): boolean {
  return writeFileAtomic(stateFile(data, taskId), `${JSON.stringify(s)}\n`, undefined, { link: "replace" }).ok;
}

/**
 * What a plan remembers of a task whose last run did not succeed: the file as that run left it
 * (put back, or as it was), null when absent. The summary hands such a task to Claude, so a file
 * that differs from this by the next run is Claude's or the user's work, not the model's to write over.
 */
export interface FailedState {
  failed: true;
  /** The file it failed on, as the spec resolved it: a task id reused for another file says nothing of that one (absent from older states). */
  file?: string;
  left: string | null;
  /** The file before that run, null when absent: put back by hand (the run could not), it is no one's new work. */
  before?: string | null;
  at: string;
}

function readFailedState(data: string, taskId: string): FailedState | null {
  try {
    const s = JSON.parse(readFileSync(stateFile(data, taskId), "utf8")) as Partial<FailedState>;
    if (s.failed !== true || !(typeof s.left === "string" || s.left === null)) return null;
    const before = typeof s.before === "string" || s.before === null ? { before: s.before } : {};
    return { failed: true, ...(typeof s.file === "string" ? { file: s.file } : {}), left: s.left, ...before, at: String(s.at ?? "") };
  } catch {
    return null;
  }
}

/**
 * True when the task's last run failed on this very file and it has been written since: someone
 * took the task over. A file deleted since, put back as it was before that run, or as one of the
 * `earlier` tasks (ids) of the plan that write it wrote it, holds no one's new work: the task may run again.
 */
export function isTakenOver(output: { abs: string; rel: string }, data: string, taskId: string, earlier: readonly string[] = []): boolean {
  const failed = readFailedState(data, taskId);
  if (!failed || (failed.file !== undefined && failed.file !== output.rel)) return false;
  const now = fileHash(output.abs);
  if (now === null || now === failed.left || now === failed.before) return false;
  // As an earlier task of the plan that writes it left it (run again since): that task's work, not a takeover.
  return !earlier.some((id) => readStepState(data, id)?.output === now);
}

/**
 * True when the task succeeded before with these very inputs and its file was edited since: it is
 * neither as the task wrote it, nor as it was before (rolled back), nor as a later local task of the
 * plan that writes it left it. Running the task again would write over that edit, someone's work.
 */
export function isEditedSince(spec: TaskSpec, data: string, later: readonly TaskSpec[]): boolean {
  const saved = readStepState(data, spec.task_id);
  if (!saved || saved.inputs !== inputsHash(spec)) return false;
  const now = fileHash(spec.output.abs);
  if (now === null || now === saved.output || now === saved.before) return false;
  return !later.some((l) => (readStepState(data, l.task_id)?.output ?? readFailedState(data, l.task_id)?.left) === now);
}

/** The spec's fields (paths as resolved) and every context file's bytes; null when one cannot be read. */
export function inputsHash(spec: TaskSpec): string | null {
  const h = createHash("sha256");
  const fields: Record<string, unknown> = {};
  for (const k of SPEC_KEYS) fields[k] = (spec as unknown as Record<string, unknown>)[k] ?? null;
  fields.output_file = spec.output.rel;
  fields.context_files = spec.context.map((c) => c.rel);
  h.update(JSON.stringify(fields));
  for (const c of spec.context) {
    try {
      h.update(`\0${c.rel}\0`).update(readFileSync(c.abs));
    } catch {
      return null;
    }
  }
  return h.digest("hex");
}

export function contentHash(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The hash of a file's bytes as they are now, null when it cannot be read (absent). */
export function fileHash(abs: string): string | null {
  try {
    return contentHash(readFileSync(abs));
  } catch {
    return null;
  }
}

/** Tasks of the plan that depend on a task and write its file after it. */
export interface LaterWriters {
  /** Local ones: one vouches for the file when it succeeded after the task, with the inputs it has now, and wrote the file as it is. */
  local: readonly TaskSpec[];
  /** A Claude task: the file is Claude's to change after the task wrote it, so any text but the one it had before will do. */
  claude: boolean;
}

/**
 * True when the task succeeded before with these very inputs, and its file is still as it wrote
 * it, or as a later task of the plan that rewrote it left it: running it again would write over
 * that task's work.
 */
export function isUnchanged(spec: TaskSpec, data: string, later: LaterWriters = { local: [], claude: false }): boolean {
  const saved = readStepState(data, spec.task_id);
  if (!saved || saved.inputs !== inputsHash(spec)) return false;
  const now = fileHash(spec.output.abs);
  if (now === null) return false;
  if (now === saved.output) return true;
  // Back as it was before the task (a rollback, a cancelled job): its work is gone, whatever a later task says.
  if (saved.before !== undefined && now === saved.before) return false;
  if (later.claude && saved.before !== undefined) return true;
  return later.local.some((l) => {
    // A later task that failed on the file and was taken over: the file is whoever took it's.
    if (isTakenOver(l.output, data, l.task_id)) return true;
    const s = readStepState(data, l.task_id);
    return s !== null && s.output === now && s.at >= saved.at && s.inputs === inputsHash(l);
  });
}
