import type { RunEntry } from "../ledger/entry.js";
import { runEntry } from "../ledger/record.js";
import { isJudged } from "../ledger/user-record.js";
import { TASK_KINDS } from "../spec/schema.js";
import type { TaskRun } from "./run-suite.js";
import { SUITE_VERSION } from "./suite/index.js";

/** One task's figures: what the table, `--json` and the ledger say about it. */
export interface TaskFigures {
  suite_task: string;
  kind: string;
  category: string;
  language: string;
  status: string;
  /** Whether the model's work was judged (it answered and the checks ran); a server error is not. */
  judged: boolean;
  attempts: number;
  first_pass: boolean;
  second_pass: boolean;
  answers: number;
  well_formed_answers: number;
  failure_kind: string | null;
  error: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  ms: number;
}

export interface KindFigures {
  kind: string;
  /** Tasks run, and of those the ones judged (the rates count only these). */
  tasks: number;
  judged: number;
  first_pass: number;
  second_pass: number;
  answers: number;
  well_formed_answers: number;
  /** Rates in 0–1, or null when nothing was judged. */
  first_pass_rate: number | null;
  second_pass_rate: number | null;
  well_formed_rate: number | null;
  /** Summed over the tasks whose server counted them; null when none did. */
  prompt_tokens: number | null;
  completion_tokens: number | null;
  /** Tasks whose server gave no token counts: left out of the sums, not added as 0. */
  tokens_unknown: number;
  ms: number;
}

export function taskFigures(run: TaskRun): TaskFigures {
  const r = run.outcome.result;
  // As routing counts it: an answer that failed its checks before the server failed the retry was judged.
  const judged = isJudged({ status: r.status, attempts: r.attempts, failure_kind: run.outcome.failureKind });
  return {
    suite_task: run.task.id,
    kind: run.task.kind,
    category: run.task.category,
    language: run.task.language,
    status: r.status,
    judged,
    attempts: r.attempts,
    first_pass: r.status === "success" && r.attempts === 1,
    // The suite runs with exactly one retry, so a success is a pass by the second try.
    second_pass: r.status === "success" && r.attempts <= 2,
    answers: run.answers,
    well_formed_answers: run.wellFormedAnswers,
    failure_kind: run.outcome.failureKind,
    error: r.error ?? null,
    prompt_tokens: run.outcome.usage?.prompt ?? null,
    completion_tokens: run.outcome.usage?.completion ?? null,
    ms: run.outcome.ms,
  };
}

/** Figures per kind, in the spec's order of kinds, then an "all" row. Pure. */
export function kindFigures(tasks: readonly TaskFigures[]): KindFigures[] {
  const rows: KindFigures[] = [];
  for (const kind of TASK_KINDS) {
    const of = tasks.filter((t) => t.kind === kind);
    if (of.length) rows.push(sum(kind, of));
  }
  if (rows.length > 1) rows.push(sum("all", tasks));
  return rows;
}

function sum(kind: string, tasks: readonly TaskFigures[]): KindFigures {
  const judged = tasks.filter((t) => t.judged);
  const count = (f: (t: TaskFigures) => boolean) => judged.filter(f).length;
  const answers = judged.reduce((n, t) => n + t.answers, 0);
  const wellFormed = judged.reduce((n, t) => n + t.well_formed_answers, 0);
  const first = count((t) => t.first_pass);
  const second = count((t) => t.second_pass);
  return {
    kind,
    tasks: tasks.length,
    judged: judged.length,
    first_pass: first,
    second_pass: second,
    answers,
    well_formed_answers: wellFormed,
    first_pass_rate: rate(first, judged.length),
    second_pass_rate: rate(second, judged.length),
    well_formed_rate: rate(wellFormed, answers),
    prompt_tokens: knownSum(tasks.map((t) => t.prompt_tokens)),
    completion_tokens: knownSum(tasks.map((t) => t.completion_tokens)),
    tokens_unknown: tasks.filter((t) => t.prompt_tokens === null || t.completion_tokens === null).length,
    ms: tasks.reduce((n, t) => n + t.ms, 0),
  };
}

function knownSum(counts: readonly (number | null)[]): number | null {
  const known = counts.filter((n): n is number => n !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

function rate(n: number, of: number): number | null {
  return of === 0 ? null : Math.round((n / of) * 1000) / 1000;
}

/** The `qualify` block of a ledger line. */
export interface QualifyFields {
  suite: string;
  /** One id per `qualify` invocation, shared by its lines. */
  session: string;
  suite_task: string;
  kind: string;
  category: string;
  language: string;
  first_pass: boolean;
  second_pass: boolean;
  answers: number;
  well_formed_answers: number;
}

/** A run's ledger line, marked as qualification: the report does not count it as a delegation. */
export type QualifyEntry = Omit<RunEntry, "event"> & { event: "qualify"; qualify: QualifyFields };

export function qualifyEntry(run: TaskRun, session: string, now = new Date()): QualifyEntry {
  const f = taskFigures(run);
  // No Claude-side figures: nobody wrote a spec for these, so there is nothing saved or spent.
  const base = runEntry(run.outcome, now, null, null);
  return {
    ...base,
    event: "qualify",
    qualify: {
      suite: SUITE_VERSION,
      session,
      suite_task: f.suite_task,
      kind: f.kind,
      category: f.category,
      language: f.language,
      first_pass: f.first_pass,
      second_pass: f.second_pass,
      answers: f.answers,
      well_formed_answers: f.well_formed_answers,
    },
  };
}
