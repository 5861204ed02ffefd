import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { normalizeModel, sameModel, serverKey } from "../util/model-id.js";
import { safeName } from "../util/safe-name.js";
import { readLedgerTail } from "./tail.js";

// One record per model, per user: every judged attempt of a model (a qualification task, a run, a
// plan step), from whichever project, in one file per server and model under the user's records
// folder (project/records-dir.ts). A project's own ledger stays the source of its savings report;
// routing reads the project's recent attempts first and this record after them
// (classify/adaptive.ts), so a model measured in one project is not routed blind in the next.
//
// This module reads (the hook does, so node:fs and the tail reader only); user-record-append.ts writes.

/** One judged attempt, as a model's record keeps it: what routing counts, and where it was made. */
export interface UserRecordLine {
  v: 1;
  ts: string;
  event: "run" | "plan-step" | "qualify";
  kind: string;
  status: string;
  model: string;
  /** The backend that answered: its base URL, or `embedded:<file>`. */
  server: string;
  attempts: number;
  /** The check an answer failed, when the run then ended on something else (see isJudged). */
  failure_kind?: string;
  /** Qualification's own judgement of the first try (a qualify line). */
  qualify?: { first_pass: boolean; suite: string; suite_task: string };
  /** The project the attempt was made in (its root). */
  project: string;
}

/** Outcomes where the model answered and its answer was judged: a server down or a cancel says nothing about the model. */
const JUDGED_STATUSES: ReadonlySet<string> = new Set(["success", "escalated"]);

/**
 * Whether a line says how the model did: it answered and was judged (JUDGED_STATUSES), or an
 * answer failed its checks (`failure_kind`) before something else ended the run (a retry the
 * server did not answer, a cancel): that first-try miss was judged, and leaving it out would make
 * the model look better than it did.
 */
export function isJudged(e: { status?: unknown; attempts?: unknown; failure_kind?: unknown }): boolean {
  if (typeof e.attempts !== "number" || e.attempts < 1 || typeof e.status !== "string") return false;
  return JUDGED_STATUSES.has(e.status) || (typeof e.failure_kind === "string" && e.failure_kind !== "");
}

/** A ledger line's fields this module reads (a `run`, `plan-step` or `qualify` entry). */
export interface JudgedSource {
  event: string;
  ts: string;
  kind?: string | null;
  status: string;
  model?: string | null;
  server?: string | null;
  attempts?: number | null;
  failure_kind?: string | null;
  qualify?: { first_pass: boolean; suite: string; suite_task: string } | null;
}

/** The record line for a ledger line, or null when the attempt was not judged or names no model or server. */
export function userRecordLine(e: JudgedSource, project: string): UserRecordLine | null {
  if (e.event !== "run" && e.event !== "plan-step" && e.event !== "qualify") return null;
  if (!isJudged(e) || !e.kind || !e.model || !e.server) return null;
  const attempts = e.attempts!;
  const q = e.qualify;
  return {
    v: 1,
    ts: e.ts,
    event: e.event,
    kind: e.kind,
    status: e.status,
    model: e.model,
    server: e.server,
    attempts,
    ...(e.failure_kind ? { failure_kind: e.failure_kind } : {}),
    ...(q ? { qualify: { first_pass: q.first_pass, suite: q.suite, suite_task: q.suite_task } } : {}),
    project,
  };
}

const slug = (s: string) => safeName(s).slice(0, 100) || "x";

/** The record file of a model on a server. */
export function userRecordFile(dir: string, server: string, model: string): string {
  return join(dir, `${slug(serverKey(server))}__${slug(normalizeModel(model))}.jsonl`);
}

/**
 * The model of the latest attempt on record for a server, in any project: the user's model there
 * when nothing else names one. `holding`: of a model whose id holds that name (recordedModel).
 */
export function latestUserModel(dir: string, server: string, holding?: string): string | null {
  const prefix = `${slug(serverKey(server))}__`;
  const part = holding === undefined ? "" : slug(normalizeModel(holding));
  let latest: { file: string; at: number } | null = null;
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith(".jsonl") || !name.slice(prefix.length).includes(part)) continue;
      const at = statSync(join(dir, name)).mtimeMs;
      if (!latest || at > latest.at) latest = { file: join(dir, name), at };
    }
  } catch {
    return null;
  }
  if (!latest) return null;
  const lines = readLedgerTail(latest.file, 16 * 1024).lines;
  const last = lines[lines.length - 1]?.value as Partial<UserRecordLine> | undefined;
  if (typeof last?.model !== "string" || !last.model) return null;
  return holding === undefined || normalizeModel(last.model).includes(normalizeModel(holding)) ? last.model : null;
}

/** Whether any attempt of this model on this server is on record. */
export function hasUserRecord(dir: string, server: string, model: string): boolean {
  try {
    return statSync(userRecordFile(dir, server, model)).size > 0;
  } catch {
    return false;
  }
}

/**
 * A model's record on a server, oldest first: the lines whose server and model are these (a file
 * name can be shared), leaving out the project's own (`except`, a project root: its ledger holds them).
 */
export function readUserRecord(dir: string, server: string, model: string, opts: { except?: string } = {}): UserRecordLine[] {
  const file = userRecordFile(dir, server, model);
  if (!existsSync(file)) return [];
  const key = serverKey(server);
  const out: UserRecordLine[] = [];
  for (const { value } of readLedgerTail(file).lines) {
    const l = value as Partial<UserRecordLine> | null;
    if (!l || typeof l !== "object" || typeof l.model !== "string" || typeof l.server !== "string") continue;
    if (serverKey(l.server) !== key || !sameModel(l.model, model) || (opts.except !== undefined && l.project === opts.except)) continue;
    out.push(l as UserRecordLine);
  }
  return out;
}
