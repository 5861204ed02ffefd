// The ledger's line shapes. Writers use the TypeScript types (the hook imports them as types only,
// so its bundle never carries zod); readers parse every line with the zod schemas below, tolerant of
// fields a newer version adds (looseObject) and strict on what the report counts.
import * as z from "zod";
import type { ClaudeFigures } from "./accounting.js";

export const HOOK_DECISIONS = ["flagged", "denied", "not-delegable", "allowed-escalated", "allowed-server-down"] as const;
/**
 * What the PreToolUse hook did with one Write (or Edit) Claude was about to make:
 * - `flagged`: nudge mode; the write went ahead with a suggestion to delegate it.
 * - `denied`: enforce mode; the write was blocked and Claude told to delegate it.
 * - `not-delegable`: the write is not for the local model (config, prose, a one-line fix…).
 * - `allowed-escalated`: a run for this file escalated, so Claude writes it itself.
 * - `allowed-server-down`: the local server is down (or this file's run found it unavailable), so Claude writes it itself.
 * Whether a flagged or denied write was then delegated is not recorded by the hook: it is derived
 * from a later `run` for the same file (see src/report/tasks.ts).
 */
export type HookDecision = (typeof HOOK_DECISIONS)[number];

/** Claude-side figures estimated with the tokenizer (src/ledger/accounting.ts has the formula). */
export interface ClaudeEstimate extends ClaudeFigures {
  tokenizer: string;
  factor: number;
}

/** Claude-side figures read from the session transcript's real API `usage`; never estimated. */
export interface ClaudeMeasured {
  source: "transcript";
  /** Output tokens of the Claude responses that wrote the spec and called `run` (each response counted once). */
  output_tokens: number;
  responses: number;
  session_id: string | null;
}

interface Base {
  v: 1;
  /** ISO time the line was written. */
  ts: string;
}

/** One `run` (event "run"), or one step of a plan (event "plan-step", with plan_id and step). */
export interface RunEntry extends Base {
  event: "run" | "plan-step";
  task_id: string | null;
  kind: string | null;
  /** Project-relative path of the output file. */
  file: string | null;
  /** A run's status (success, escalated, failed, unavailable, invalid, cancelled), or "skipped" for a plan step that never ran. */
  status: string;
  model?: string | null;
  server?: string | null;
  attempts?: number | null;
  tests?: string | null;
  well_formed?: boolean | null;
  failure_kind?: string | null;
  code?: string | null;
  error?: string | null;
  local?: { prompt_tokens: number; completion_tokens: number } | null;
  /**
   * Per attempt whose server reported it (llama.cpp `timings`): the prompt tokens it processed
   * (`prompt_n`) and took from its cache (`cache_n`). Left out when no attempt was measured.
   */
  prompt_cache?: { attempt: number; prompt_n: number; cache_n: number }[];
  wall_ms?: number | null;
  lines_written?: number | null;
  run_id?: string | null;
  notes?: string[];
  claude?: ClaudeEstimate | null;
  claude_measured?: ClaudeMeasured | null;
  plan_id?: string | null;
  step?: number | string | null;
}

export interface HookEntry extends Base {
  event: "hook";
  decision: HookDecision;
  /** The classifier's category for the file (e.g. "code", "test", "config"); null when none. */
  category: string | null;
  /** hook_mode in force: nudge | enforce | off. */
  mode: string;
  /** Project-relative path of the file Claude was writing (absolute paths are accepted and made relative by the report). */
  file: string | null;
  session_id: string | null;
  tool?: string | null;
  transcript_path?: string | null;
}

export interface RollbackEntry extends Base {
  event: "rollback";
  task_id: string;
  status: "rolled-back" | "refused" | "failed";
  files: string[];
  runs: string[];
  forced: boolean;
  error?: string | null;
}

export type LedgerEntry = RunEntry | HookEntry | RollbackEntry;

// ---- reading ----------------------------------------------------------------------------------

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a time");
const count = z.number().finite();

export const ClaudeEstimateSchema = z.looseObject({
  spent: count,
  would_have: count.nullable(),
  saved: count,
  saved_ratio: count.nullable().default(null),
  spec: count.default(0),
  result: count.default(0),
  file: count.nullable().default(null),
  reread: count.nullable().default(null),
  tokenizer: z.string(),
  factor: count.default(1),
});

export const ClaudeMeasuredSchema = z.looseObject({
  source: z.literal("transcript"),
  output_tokens: count,
  responses: count,
  session_id: z.string().nullable().default(null),
});

export const RunEntrySchema = z.looseObject({
  v: z.literal(1),
  ts: isoTime,
  event: z.enum(["run", "plan-step"]),
  task_id: z.string().nullable(),
  kind: z.string().nullable(),
  file: z.string().nullable(),
  status: z.string(),
  model: z.string().nullish(),
  server: z.string().nullish(),
  attempts: count.nullish(),
  tests: z.string().nullish(),
  well_formed: z.boolean().nullish(),
  failure_kind: z.string().nullish(),
  code: z.string().nullish(),
  error: z.string().nullish(),
  local: z.object({ prompt_tokens: count, completion_tokens: count }).nullish(),
  prompt_cache: z.array(z.looseObject({ attempt: count, prompt_n: count, cache_n: count })).nullish(),
  wall_ms: count.nullish(),
  lines_written: count.nullish(),
  run_id: z.string().nullish(),
  claude: ClaudeEstimateSchema.nullish(),
  claude_measured: ClaudeMeasuredSchema.nullish(),
  plan_id: z.string().nullish(),
  step: z.union([count, z.string()]).nullish(),
});

export const HookEntrySchema = z.looseObject({
  v: z.literal(1),
  ts: isoTime,
  event: z.literal("hook"),
  // A decision a newer hook invents is kept (and ignored by the report), not treated as corrupt.
  decision: z.string(),
  category: z.string().nullish().transform((x) => x ?? null),
  mode: z.string().nullish().transform((x) => x ?? ""),
  file: z.string().nullish().transform((x) => x ?? null),
  session_id: z.string().nullish().transform((x) => x ?? null),
  tool: z.string().nullish(),
  transcript_path: z.string().nullish(),
});

export const RollbackEntrySchema = z.looseObject({
  v: z.literal(1),
  ts: isoTime,
  event: z.literal("rollback"),
  task_id: z.string(),
  status: z.enum(["rolled-back", "refused", "failed"]),
  files: z.array(z.string()),
  runs: z.array(z.string()),
  forced: z.boolean(),
  error: z.string().nullish(),
});

/** Lines of events this version does not count (e.g. "qualify", or a newer version's): kept, not corrupt. */
export const OtherEntrySchema = z.looseObject({ v: z.number(), ts: isoTime, event: z.string() });

export type ParsedRunEntry = z.output<typeof RunEntrySchema>;
export type ParsedHookEntry = z.output<typeof HookEntrySchema>;
export type ParsedRollbackEntry = z.output<typeof RollbackEntrySchema>;
export type ParsedOtherEntry = z.output<typeof OtherEntrySchema>;
export type ParsedEntry = ParsedRunEntry | ParsedHookEntry | ParsedRollbackEntry | ParsedOtherEntry;

/** Parses one ledger value: a known event against its schema, any other event loosely. */
export function parseEntry(value: unknown): { ok: true; entry: ParsedEntry } | { ok: false; reason: string } {
  const base = OtherEntrySchema.safeParse(value);
  if (!base.success) return { ok: false, reason: firstIssue(base.error) };
  const schema =
    base.data.event === "run" || base.data.event === "plan-step"
      ? RunEntrySchema
      : base.data.event === "hook"
        ? HookEntrySchema
        : base.data.event === "rollback"
          ? RollbackEntrySchema
          : null;
  if (!schema) return { ok: true, entry: base.data };
  const r = schema.safeParse(value);
  return r.success ? { ok: true, entry: r.data } : { ok: false, reason: firstIssue(r.error) };
}

export function isRunEntry(e: ParsedEntry): e is ParsedRunEntry {
  return e.event === "run" || e.event === "plan-step";
}
export function isHookEntry(e: ParsedEntry): e is ParsedHookEntry {
  return e.event === "hook";
}
export function isRollbackEntry(e: ParsedEntry): e is ParsedRollbackEntry {
  return e.event === "rollback";
}

function firstIssue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join(".") || "line"}: ${i.message}` : "invalid";
}
