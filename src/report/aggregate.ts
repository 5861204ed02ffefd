// The report's figures, from tasks. Pure: the same entries always give the same report, which is
// what the exact-figures test checks. Rates are null when there is nothing to divide by, never 0.
import { PER_TASK_AIM, round4 } from "../ledger/accounting.js";
import type { ParsedEntry, ParsedRunEntry } from "../ledger/entry.js";
import { deriveTasks, type ClaudeWrittenTask, type DelegatedTask } from "./tasks.js";
import { isoWeek, localDay } from "./week.js";

export interface ReasonCount {
  reason: string;
  count: number;
}

export interface Row {
  /** All code-writing tasks: delegated ones plus writes Claude did itself (from hook entries). */
  tasks: number;
  delegated: number;
  /** Delegated tasks that followed a Write the hook flagged or denied. */
  prompted_by_hook: number;
  claude_written: number;
  /** The writes Claude did itself, by the hook's decision. */
  claude_written_by: Record<string, number>;
  delegation_rate: number | null;
  /** Delegated tasks whose file the local model wrote and that were not rolled back. */
  local_written: number;
  first_pass: { passed: number; of: number; rate: number | null };
  outcomes: Record<string, number>;
  /** Tasks with an escalated run, by the reason of the last one. */
  escalations: { total: number; reasons: ReasonCount[] };
  /** Tasks with a run that could not finish, by the error code of the last one. */
  failures: { total: number; reasons: ReasonCount[] };
  /** Runs whose lint or test command could not run (code TEST_COMMAND): not the model's, kept out of `failures` and first pass. */
  command_faults: number;
  rolled_back: number;
  /** Sums over the runs whose server reported its token counts; `runs_unmeasured` reached the model and have none (unknown, not 0). */
  local_tokens: { prompt: number; completion: number; runs_measured: number; runs_unmeasured: number };
  /**
   * Prompt tokens the local server processed afresh and took from its prompt cache, over the
   * attempts whose server reported both (llama.cpp); `cached_rate` is the share taken from cache.
   */
  prompt_cache: { processed: number; cached: number; cached_rate: number | null; attempts_measured: number };
  claude: {
    spent: number;
    would_have: number;
    saved: number;
    savings_rate: number | null;
    /** Tasks whose runs all carry tokenizer figures (older lines may not); the others are left out of the sums, counted in `tasks_unmeasured`. */
    tasks_counted: number;
    tasks_unmeasured: number;
    /** Kept tasks saving at least PER_TASK_AIM of what writing the file would have cost. */
    aim: { met: number; of: number; median_ratio: number | null };
  };
  /** Claude's real output tokens from session transcripts, against the estimate for the same runs (those that have both). */
  measured: { runs: number; output_tokens: number; estimated_output_tokens: number };
}

export interface Target {
  name: string;
  target: number;
  actual: number | null;
  met: boolean | null;
  detail?: string;
}

export interface Report {
  generated_at: string;
  totals: Row;
  kinds: (Row & { kind: string })[];
  weeks: (Row & { week: string })[];
  today: { day: string; delegated: number; claude_saved: number };
  targets: Target[];
  plan_steps_skipped: number;
}

export const TARGETS = { delegation_rate: 0.7, first_pass_rate: 0.8, savings_rate: 0.6, per_task_saved: PER_TASK_AIM } as const;

export function buildReport(entries: readonly ParsedEntry[], opts: { now: Date; root?: string }): Report {
  const t = deriveTasks(entries, opts.root);
  const totals = row(t.delegated, t.claudeWritten);
  const kinds = groupRows(t.delegated, t.claudeWritten, (x) => x.kind).map(([kind, r]) => ({ kind, ...r }));
  const weeks = groupRows(t.delegated, t.claudeWritten, (x) => isoWeek(new Date("first" in x ? x.first : x.at))).map(([week, r]) => ({ week, ...r }));
  return {
    generated_at: opts.now.toISOString(),
    totals,
    kinds,
    weeks,
    today: today(entries, opts.now, opts.root),
    targets: targets(totals),
    plan_steps_skipped: t.skippedSteps,
  };
}

/** Today's delegated tasks and the Claude tokens they saved: what the status line shows. */
export function today(entries: readonly ParsedEntry[], now: Date, root?: string): Report["today"] {
  const day = localDay(now);
  const todays = entries.filter((e) => localDay(new Date(e.ts)) === day);
  const r = row(deriveTasks(todays, root).delegated, []);
  return { day, delegated: r.delegated, claude_saved: r.claude.saved };
}

function groupRows(d: DelegatedTask[], c: ClaudeWrittenTask[], key: (x: DelegatedTask | ClaudeWrittenTask) => string): [string, Row][] {
  const keys = [...new Set([...d.map(key), ...c.map(key)])].sort();
  return keys.map((k) => [k, row(d.filter((x) => key(x) === k), c.filter((x) => key(x) === k))]);
}

export function row(delegated: DelegatedTask[], claudeWritten: ClaudeWrittenTask[]): Row {
  const runs = delegated.flatMap((t) => t.runs);
  const tasks = delegated.length + claudeWritten.length;
  const outcomes = countBy(delegated.map((t) => t.runs.at(-1)!.status));
  // A run that ended `invalid` after the model answered (its test command could not run) judged
  // nothing the model wrote, unless an earlier answer had failed its checks (failure_kind): the
  // task's first pass is its first judged run.
  const judged = (r: ParsedRunEntry) => (r.attempts ?? 0) >= 1 && (r.status !== "invalid" || !!r.failure_kind);
  const firstPass = delegated.map((t) => t.runs.find(judged)).filter((r): r is ParsedRunEntry => r !== undefined);
  const passed = firstPass.filter((r) => r.status === "success" && r.attempts === 1).length;
  // Counted per task, like every other figure: a task re-run after it escalated is still one
  // task that escalated, with the reason of its last escalation.
  const escalated = lastRunsWhere(delegated, (r) => r.status === "escalated");
  const commandFaults = runs.filter((r) => r.code === "TEST_COMMAND");
  const failed = lastRunsWhere(delegated, (r) => FAILED.has(r.status) && r.code !== "TEST_COMMAND");
  const localRuns = runs.filter((r) => r.local);
  // Real against estimated, over the same runs: a run with no estimate is not an estimate of 0.
  const measuredRuns = runs.filter((r) => r.claude_measured && r.claude);
  const cacheFigures = runs.flatMap((r) => r.prompt_cache ?? []);
  const processed = sum(cacheFigures, (a) => a.prompt_n);
  const cached = sum(cacheFigures, (a) => a.cache_n);
  return {
    tasks,
    delegated: delegated.length,
    prompted_by_hook: delegated.filter((t) => t.prompted_by_hook > 0).length,
    claude_written: claudeWritten.length,
    claude_written_by: countBy(claudeWritten.map((c) => c.decision)),
    delegation_rate: rate(delegated.length, tasks),
    local_written: delegated.filter((t) => keptSuccess(t) !== null).length,
    first_pass: { passed, of: firstPass.length, rate: rate(passed, firstPass.length) },
    outcomes,
    escalations: { total: escalated.length, reasons: reasons(escalated.map((r) => r.failure_kind ?? r.code ?? "unknown")) },
    failures: { total: failed.length, reasons: reasons(failed.map((r) => r.code ?? r.status)) },
    command_faults: commandFaults.length,
    rolled_back: delegated.filter((t) => t.rolled_back).length,
    local_tokens: {
      prompt: sum(localRuns, (r) => r.local!.prompt_tokens),
      completion: sum(localRuns, (r) => r.local!.completion_tokens),
      runs_measured: localRuns.length,
      runs_unmeasured: runs.filter((r) => !r.local && (r.attempts ?? 0) >= 1).length,
    },
    prompt_cache: { processed, cached, cached_rate: rate(cached, processed + cached), attempts_measured: cacheFigures.length },
    claude: claude(delegated),
    measured: {
      runs: measuredRuns.length,
      output_tokens: sum(measuredRuns, (r) => r.claude_measured!.output_tokens),
      estimated_output_tokens: sum(measuredRuns, (r) => r.claude!.spec),
    },
  };
}

const FAILED = new Set(["failed", "unavailable", "cancelled", "invalid"]);

/** Per task, its last run that matches: one entry per task that had such a run. */
function lastRunsWhere(delegated: DelegatedTask[], match: (r: ParsedRunEntry) => boolean): ParsedRunEntry[] {
  return delegated.map((t) => t.runs.findLast(match)).filter((r): r is ParsedRunEntry => r !== undefined);
}

/** The last successful run, when its file is still the task's result (not rolled back, not written again by Claude). */
function keptSuccess(t: DelegatedTask): ParsedRunEntry | null {
  if (t.rolled_back || t.redone) return null;
  const last = t.runs.at(-1)!;
  return last.status === "success" ? last : null;
}

// Per task: saved = (would_have of the kept file, if any) − Claude's cost of every run of it. So a
// task re-run after an escalation pays for both specs, and a rolled-back file saves nothing.
function claude(delegated: DelegatedTask[]): Row["claude"] {
  let spent = 0;
  let wouldHave = 0;
  let saved = 0;
  let counted = 0;
  const ratios: number[] = [];
  for (const t of delegated) {
    if (t.runs.some((r) => !r.claude)) continue;
    counted++;
    const cost = sum(t.runs, (r) => r.claude!.spent);
    const kept = keptSuccess(t);
    const wh = kept?.claude?.would_have ?? 0;
    spent += cost;
    wouldHave += wh;
    saved += wh - cost;
    if (kept && wh > 0) ratios.push((wh - cost) / wh);
  }
  return {
    spent,
    would_have: wouldHave,
    saved,
    savings_rate: wouldHave > 0 ? round4(saved / wouldHave) : null,
    tasks_counted: counted,
    tasks_unmeasured: delegated.length - counted,
    aim: { met: ratios.filter((x) => x >= PER_TASK_AIM).length, of: ratios.length, median_ratio: median(ratios) },
  };
}

function targets(r: Row): Target[] {
  const t = (name: string, target: number, actual: number | null, detail?: string): Target => ({ name, target, actual, met: actual === null ? null : actual >= target, ...(detail ? { detail } : {}) });
  return [
    t("delegation rate", TARGETS.delegation_rate, r.delegation_rate, `${r.delegated} of ${r.tasks} code-writing tasks`),
    t("first-pass success", TARGETS.first_pass_rate, r.first_pass.rate, `${r.first_pass.passed} of ${r.first_pass.of} tasks`),
    t("Claude token savings", TARGETS.savings_rate, r.claude.savings_rate, `${r.claude.saved} of ${r.claude.would_have} Claude tokens`),
    t("saved per task (median)", TARGETS.per_task_saved, r.claude.aim.median_ratio, `≥ ${Math.round(PER_TASK_AIM * 100)}% on ${r.claude.aim.met} of ${r.claude.aim.of} tasks`),
  ];
}

function reasons(xs: string[]): ReasonCount[] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function rate(a: number, b: number): number | null {
  return b > 0 ? round4(a / b) : null;
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0);
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return round4(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
}
