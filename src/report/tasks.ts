// From ledger lines to code-writing tasks. Pure. The rules (also in the README):
// - Every run (or plan step that ran) belongs to a delegated task, keyed by task_id; several runs
//   of one task_id are one task.
// - A hook entry is one code-writing task Claude was about to do itself, unless it is absorbed
//   into a delegated task: a `flagged` or `denied` Write followed within CONVERT_WINDOW_MS by a run
//   for the same file was delegated after all (the hook prompted it); an `allowed-escalated` Write
//   preceded within the window by a run for the same file is Claude taking over that task.
// - A Write that went ahead (flagged, not-delegable, allowed-server-down) of a file whose task last
//   succeeded within the window, after that run, is Claude redoing that task: its file was not kept.
// - A rollback marks the task's earlier runs as rolled back: their file was not kept.
import { isHookEntry, isRollbackEntry, isRunEntry, type ParsedEntry, type ParsedHookEntry, type ParsedRunEntry } from "../ledger/entry.js";

export const CONVERT_WINDOW_MS = 2 * 60 * 60_000;

export interface DelegatedTask {
  key: string;
  task_id: string | null;
  kind: string;
  file: string | null;
  /** ms since epoch of the first run. */
  first: number;
  runs: ParsedRunEntry[];
  /** True when the last rollback came after the last run: nothing this task wrote is kept. */
  rolled_back: boolean;
  /** Hook entries that led to this delegation (a flagged or denied Write of the same file). */
  prompted_by_hook: number;
  /** Claude wrote the file itself after the task escalated (an `allowed-escalated` hook entry). */
  taken_over: boolean;
  /** Claude wrote the whole file again after the task's last run succeeded: the local model's file was not kept. */
  redone: boolean;
}

export interface ClaudeWrittenTask {
  kind: string;
  file: string | null;
  at: number;
  decision: string;
}

export interface Tasks {
  delegated: DelegatedTask[];
  claudeWritten: ClaudeWrittenTask[];
  /** Plan steps that never ran. */
  skippedSteps: number;
  rollbacks: number;
}

const CLAUDE_WRITES = new Set(["flagged", "denied", "not-delegable", "allowed-escalated", "allowed-server-down"]);

/** `root` turns a hook's absolute file path into the project-relative one runs use. */
export function deriveTasks(entries: readonly ParsedEntry[], root?: string): Tasks {
  const byKey = new Map<string, DelegatedTask>();
  const runsByFile = new Map<string, { at: number; task: DelegatedTask }[]>();
  const hooks: ParsedHookEntry[] = [];
  let skippedSteps = 0;
  let rollbacks = 0;
  entries.forEach((e, i) => {
    if (isRunEntry(e)) {
      if (e.status === "skipped") {
        skippedSteps++;
        return;
      }
      const key = e.task_id ?? `#${i}`;
      let t = byKey.get(key);
      if (!t) {
        t = { key, task_id: e.task_id, kind: e.kind ?? "code", file: e.file, first: Date.parse(e.ts), runs: [], rolled_back: false, prompted_by_hook: 0, taken_over: false, redone: false };
        byKey.set(key, t);
      }
      t.runs.push(e);
      t.rolled_back = false;
      if (e.file) {
        const list = runsByFile.get(e.file) ?? [];
        list.push({ at: Date.parse(e.ts), task: t });
        runsByFile.set(e.file, list);
      }
    } else if (isRollbackEntry(e)) {
      if (e.status !== "rolled-back") return;
      rollbacks++;
      const t = byKey.get(e.task_id);
      if (t) t.rolled_back = true;
    } else if (isHookEntry(e)) {
      hooks.push(e);
    }
  });

  const claudeWritten: ClaudeWrittenTask[] = [];
  for (const h of hooks) {
    if (!CLAUDE_WRITES.has(h.decision)) continue;
    const file = relative(h.file, root);
    const at = Date.parse(h.ts);
    const runs = file ? (runsByFile.get(file) ?? []) : [];
    if (h.decision === "flagged" || h.decision === "denied") {
      const later = runs.find((r) => r.at >= at && r.at - at <= CONVERT_WINDOW_MS);
      if (later) {
        later.task.prompted_by_hook++;
        continue;
      }
    } else if (h.decision === "allowed-escalated") {
      const earlier = runs.filter((r) => r.at <= at && at - r.at <= CONVERT_WINDOW_MS).at(-1);
      if (earlier) {
        earlier.task.taken_over = true;
        continue;
      }
    }
    if (h.decision !== "denied" && h.decision !== "allowed-escalated") {
      const task = runs.filter((r) => r.at <= at && at - r.at <= CONVERT_WINDOW_MS).at(-1)?.task;
      const last = task?.runs.at(-1);
      // Only the task's last run counts: a run after this Write is the task delegated again.
      if (task && last?.status === "success" && Date.parse(last.ts) <= at) {
        task.redone = true;
        continue;
      }
    }
    claudeWritten.push({ kind: h.category ?? "unknown", file, at, decision: h.decision });
  }
  return { delegated: [...byKey.values()], claudeWritten, skippedSteps, rollbacks };
}

function relative(file: string | null, root: string | undefined): string | null {
  if (!file || !root) return file;
  const base = root.endsWith("/") ? root : `${root}/`;
  return file.startsWith(base) ? file.slice(base.length) : file;
}
