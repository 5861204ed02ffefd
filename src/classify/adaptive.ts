import { isJudged } from "../ledger/user-record.js";
import { normalizeModel, sameModel, serverKey, withoutCredentials } from "../util/model-id.js";
import { COUNTED_EVENTS, elsewhereEntries, readRecordEntries, recordedModel, type RecordEntry, type UserRecordSource } from "./record-source.js";

export { normalizeModel, sameModel };
export { elsewhereEntries, readRecordEntries, recordedModel, recordEntries, type RecordEntry, type UserRecordSource } from "./record-source.js";
import type { Category, Reason, Verdict } from "./criteria.js";

// Adaptive routing: the static criteria say whether a task is the sort a local model can do; the
// ledger says how THIS model has actually done on THIS kind of task, from `qualify` and from real
// runs. A kind whose recent first-pass rate is under the threshold goes to Claude, with the figure.
//
// The PreToolUse hook calls this on every Write, so the module stays light: node:fs and types
// only (no zod, no tokenizer, no parser), and the ledger is read from its tail.

export type RouteKind = "code" | "test" | "refactor" | "doc";

export interface RouteThresholds {
  /** A kind whose first-pass rate is under this (0–1) is routed to Claude. */
  minFirstPass: number;
  /** Fewer attempts than this say nothing yet: the static verdict stands. */
  minSamples: number;
  /** The most recent attempts per kind that count. */
  window: number;
}

export const DEFAULT_THRESHOLDS: RouteThresholds = { minFirstPass: 0.5, minSamples: 4, window: 20 };

/** The config keys, read structurally so the hook need not load the config schema's module. */
export function thresholdsFromConfig(c: { route_min_first_pass?: number; route_min_samples?: number; route_window?: number }): RouteThresholds {
  return {
    minFirstPass: c.route_min_first_pass ?? DEFAULT_THRESHOLDS.minFirstPass,
    minSamples: c.route_min_samples ?? DEFAULT_THRESHOLDS.minSamples,
    window: c.route_window ?? DEFAULT_THRESHOLDS.window,
  };
}

export interface KindRecord {
  kind: string;
  /** Attempts counted (the last `window` of them). */
  samples: number;
  firstPass: number;
  /** Passed on the first or a later try. */
  passed: number;
  /** How many of the samples came from `qualify`. */
  fromQualify: number;
  /** How many came from this project's ledger; the rest are the user's record from elsewhere. */
  fromProject: number;
}

export interface ModelRecord {
  model: string;
  kinds: Record<string, KindRecord>;
}



interface Attempt {
  first: boolean;
  passed: boolean;
  qualify: boolean;
}

/** The judged attempts of one model per kind, in the order written; on `server` only, when it is given. */
function attemptsByKind(entries: readonly RecordEntry[], model: string, server: string | null = null): Map<string, Attempt[]> {
  const perKind = new Map<string, Attempt[]>();
  // The same name on another server may be another quantization or build: its record is not this
  // one's. A judged line always names its server; one that names none (hand-written) is kept.
  const key = server === null ? null : serverKey(server);
  for (const e of entries) {
    if (key !== null && typeof e.server === "string" && serverKey(e.server) !== key) continue;
    if (!COUNTED_EVENTS.has(String(e.event)) || typeof e.kind !== "string" || typeof e.status !== "string") continue;
    // Only where the model answered and its answer was judged: a server that was down, a cancel or
    // a context that was too small says nothing about what the model can do.
    if (!isJudged(e) || typeof e.model !== "string" || !sameModel(e.model, model)) continue;
    const attempts = e.attempts as number;
    const q = e.qualify && typeof e.qualify === "object" ? (e.qualify as { first_pass?: unknown }) : null;
    const first = typeof q?.first_pass === "boolean" ? q.first_pass : e.status === "success" && attempts === 1;
    const list = perKind.get(e.kind) ?? [];
    list.push({ first, passed: e.status === "success", qualify: e.event === "qualify" });
    perKind.set(e.kind, list);
  }
  return perKind;
}

/**
 * The recent record of one model per task kind: the project's own attempts (its ledger's lines, in
 * the order written) first, then, while the window has room, the most recent of the user's other
 * ones (`elsewhere`: the model's per-user record, from qualification and other projects). Pure.
 * `server`: the one tasks go to; the project's attempts on other servers are left out (the user's
 * record is kept per server already). Null when the config names none: then every server's count.
 */
export function recordFromLedger(entries: readonly RecordEntry[], model: string, window = DEFAULT_THRESHOLDS.window, elsewhere: readonly RecordEntry[] = [], server: string | null = null): ModelRecord {
  const own = attemptsByKind(entries, model, server);
  const other = attemptsByKind(elsewhere, model);
  const size = Math.max(1, window);
  const kinds: Record<string, KindRecord> = {};
  for (const kind of new Set([...own.keys(), ...other.keys()])) {
    const mine = (own.get(kind) ?? []).slice(-size);
    const theirs = other.get(kind) ?? [];
    const recent = [...theirs.slice(theirs.length - (size - mine.length)), ...mine];
    kinds[kind] = {
      kind,
      samples: recent.length,
      firstPass: recent.filter((r) => r.first).length,
      passed: recent.filter((r) => r.passed).length,
      fromQualify: recent.filter((r) => r.qualify).length,
      fromProject: mine.length,
    };
  }
  return { model, kinds };
}

/**
 * The task kind a verdict's record is looked up under: the spec's kind when the caller knows it
 * (plans, `classify --kind`), else what the category implies (the hook sees only a file).
 */
export function routeKindFor(category: Category, specKind?: string | null): RouteKind {
  if (specKind === "code" || specKind === "test" || specKind === "refactor" || specKind === "doc") return specKind;
  if (category === "test") return "test";
  if (category === "doc") return "doc";
  return "code";
}

const KIND_LABEL: Record<string, string> = { code: "code", test: "tests", refactor: "refactors", doc: "docs" };

/** The record's reason for a kind, or null when there is no attempt on record. */
export function recordReason(record: ModelRecord | null, kind: string, t: RouteThresholds): Reason | null {
  const k = record?.kinds[kind];
  if (!record || !k || k.samples === 0) return null;
  const pct = Math.round(t.minFirstPass * 100);
  const head = `${KIND_LABEL[kind] ?? kind}: ${k.firstPass}/${k.samples} first-pass for ${record.model}`;
  // A window smaller than the minimum (`route_window: 3` beside the default 4) never holds enough:
  // a model failing every task would keep them for good. A full window is enough then.
  const needed = Math.min(t.minSamples, t.window);
  if (k.samples < needed) return { criterion: "record", ok: true, detail: `${head} (too few to judge: ${needed} needed)` };
  const ok = k.firstPass / k.samples >= t.minFirstPass;
  return { criterion: "record", ok, detail: `${head} (${ok ? "≥" : "<"} ${pct}%)` };
}

/**
 * The static verdict, overruled when this model's record on the kind is poor. The record only
 * ever sends a task to Claude: a good record cannot make a stateful hook atomic.
 */
export function adaptiveVerdict(staticVerdict: Verdict, record: ModelRecord | null, thresholds: RouteThresholds = DEFAULT_THRESHOLDS, opts: { kind?: string | null } = {}): Verdict {
  const kind = routeKindFor(staticVerdict.category, opts.kind);
  const reason = recordReason(record, kind, thresholds);
  if (!reason) return staticVerdict;
  // Applied twice (a verdict that already holds a record reason), the older figure gives way.
  const rest = staticVerdict.reasons.filter((r) => r.criterion !== "record");
  const base = rest.length === staticVerdict.reasons.length ? staticVerdict.verdict : rest.every((r) => r.ok) ? "local" : "claude";
  return { verdict: base === "local" && reason.ok ? "local" : "claude", category: staticVerdict.category, reasons: [...rest, reason] };
}

/** The parts of the config that name a model, read structurally (no config module for the hook). */
export interface ModelConfig {
  model?: string | undefined;
  models?: Partial<Record<string, string | undefined>> | undefined;
  endpoints?: readonly { base_url?: string | undefined; model?: string | undefined; models?: Partial<Record<string, string | undefined>> | undefined }[] | undefined;
  backend?: string | undefined;
  model_path?: string | undefined;
}

/**
 * The model a task of this kind would run on, as the config names it: the first endpoint's (the
 * one tried first), else the top level's; for the embedded backend, the GGUF's file name. Null
 * when the config leaves it to the server (then the ledger's latest model stands in).
 */
export function configuredModel(config: ModelConfig, kind: string): string | null {
  if (config.backend === "embedded") return config.model_path ? (config.model_path.split(/[\\/]/).pop() ?? "").replace(/\.gguf$/i, "") || null : null;
  const ep = config.endpoints?.[0];
  return ep?.models?.[kind] ?? ep?.model ?? config.models?.[kind] ?? config.model ?? null;
}

/** The server a task goes to first, as the config names it (the record of a model is kept per server): `embedded` for a GGUF run in process. */
export function configuredServer(config: ModelConfig & { base_url?: string | undefined }): string | null {
  if (config.backend === "embedded") return "embedded";
  const url = config.endpoints?.[0]?.base_url ?? config.base_url;
  // As the run's backend names it: shown (doctor, qualify) and recorded, so never with a password.
  return url ? withoutCredentials(url) : null;
}

/** The model of the most recent judged attempt, for when the config names none. */
export function latestModel(entries: readonly RecordEntry[]): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (COUNTED_EVENTS.has(String(e.event)) && typeof e.model === "string" && e.model) return e.model;
  }
  return null;
}

/** The source for a project under a config: its first server's records; null when the config names no server. */
export function userRecordSource(config: ModelConfig & { base_url?: string | undefined }, dir: string, project: string): UserRecordSource | null {
  const server = configuredServer(config);
  return server ? { dir, server, project } : null;
}

/** The record of a model from a ledger file and the user's record: what `qualify` shows. */
export function recordFromLedgerFile(path: string, model: string, window = DEFAULT_THRESHOLDS.window, user?: UserRecordSource | null): ModelRecord {
  return recordFromLedger(readRecordEntries(path), model, window, elsewhereEntries(user, model), user?.server ?? null);
}

export interface RoutedVerdict {
  verdict: Verdict;
  /** The model judged: the one given, else the server's, else the latest in the ledger, else `fallbackModel`; null when none. */
  model: string | null;
  kind: RouteKind;
  record: KindRecord | null;
}

/**
 * The whole adaptive step in one call, for the hook, `classify` and `plan check`: reads the
 * ledger's tail (unless the caller already did: `entries`), picks the model (given, else the one
 * the server reports loaded, else the one the latest run used, else the fallback), reads that model's per-user record (`user`) and
 * overrules the static verdict when the model's record on the kind is poor: the project's recent
 * attempts first, the user's from elsewhere after them.
 */
export function routeWithLedger(
  staticVerdict: Verdict,
  opts: {
    ledgerFile: string;
    /** The ledger's entries when the caller has read them (`readRecordEntries`); the file is then not read. */
    entries?: readonly RecordEntry[] | undefined;
    model?: string | null | undefined;
    /**
     * The model the server last reported loaded: what a run uses when the config names none, so it
     * comes before the ledger's latest (which may be a model tried with `qualify --model`).
     */
    serverModel?: string | null | undefined;
    /** The model when neither the caller, the server nor the ledger names one: the user's latest on that server. */
    fallbackModel?: string | null | undefined;
    kind?: string | null | undefined;
    thresholds?: RouteThresholds | undefined;
    /** The user's record of the model; none read when absent. */
    user?: UserRecordSource | null | undefined;
  },
): RoutedVerdict {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const kind = routeKindFor(staticVerdict.category, opts.kind);
  const entries = opts.entries ?? readRecordEntries(opts.ledgerFile);
  const named = opts.model || opts.serverModel || latestModel(entries) || opts.fallbackModel;
  if (!named) return { verdict: staticVerdict, model: null, kind, record: null };
  const model = recordedModel(named, entries, opts.user);
  const record = recordFromLedger(entries, model, thresholds.window, elsewhereEntries(opts.user, model), opts.user?.server ?? null);
  return { verdict: adaptiveVerdict(staticVerdict, record, thresholds, { kind }), model, kind, record: record.kinds[kind] ?? null };
}
