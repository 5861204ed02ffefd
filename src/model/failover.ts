import { ok, type Failure, type Result } from "../errors.js";
import type { TaskKind } from "../spec/schema.js";
import { isBackendFault } from "./backend.js";
import type { ChatOutcome, ChatRequest } from "./chat.js";
import type { ServerFlavor } from "./discover.js";
import { summarizeRejections, type BackendPool, type Lease, type Rejection } from "./pool.js";

export type GenerateEvent =
  | { type: "model"; backend: string; model: string; flavor: ServerFlavor; contextLength: number | null }
  | { type: "wait"; on: string }
  | { type: "failover"; from: string; reason: string };

export interface GenerateInput {
  kind: TaskKind;
  /** Who holds the backend's slot, shown to whoever waits for it. */
  what: string;
  /**
   * The request for what this backend offers (its model and context). A failure, such as a prompt
   * that does not fit this model's context, moves on to the next backend.
   */
  request: (lease: Omit<Lease, "release">) => Result<Omit<ChatRequest, "model">>;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: GenerateEvent) => void) | undefined;
}

export interface Generation {
  answer: ChatOutcome;
  backend: string;
  model: string;
  /** The output limit the answered request was sent with: an answer cut off was cut off at it. */
  maxTokens: number;
  /** Backends that failed on the way, one line each, for the run's notes. */
  failovers: string[];
}

/** A failure, and whether any backend was sent the request (a retry that never got sent is no attempt). */
export type GenerateFailure = Failure & { sent: boolean };

/**
 * One generation on the first backend that can take it. A backend that is down, has no model,
 * cannot fit the prompt or dies mid-answer is left for the next one, in order. Only one backend
 * works on it at a time, and nothing has been written when a backend fails: the engine writes
 * only a complete answer, so a failover never leaves half a file.
 */
export async function generate(pool: BackendPool, input: GenerateInput): Promise<Result<Generation, GenerateFailure>> {
  const tried = new Set<string>();
  const problems: Rejection[] = [];
  const failovers: string[] = [];
  let sent = false;
  const failed = (f: Failure) => ({ ok: false as const, error: { ...f, sent } });

  for (;;) {
    const got = await pool.acquire({
      kind: input.kind,
      exclude: tried,
      what: input.what,
      signal: input.signal,
      onWait: (on) => input.onEvent?.({ type: "wait", on }),
    });
    for (const r of got.rejected) {
      tried.add(r.id);
      problems.push(r);
    }
    const lease = got.lease;
    if (!lease) return failed(got.failure ?? summarizeRejections(problems));
    tried.add(lease.backend.id);

    const req = input.request(lease);
    if (!req.ok) {
      lease.release();
      problems.push({ id: lease.backend.id, failure: req.error });
      continue;
    }
    input.onEvent?.({ type: "model", backend: lease.backend.id, model: lease.model, flavor: lease.flavor, contextLength: lease.contextLength });
    sent = true;
    let r: Result<ChatOutcome>;
    try {
      r = await lease.backend.chat({ ...req.value, model: lease.model });
    } finally {
      lease.release();
    }
    if (r.ok) return ok({ answer: r.value, backend: lease.backend.id, model: lease.model, maxTokens: req.value.maxTokens, failovers });
    const movable = isBackendFault(r.error.code) || r.error.code === "CONTEXT_OVERFLOW";
    if (!movable || input.signal?.aborted) return failed(r.error);
    pool.reportFailure(lease.backend.id, r.error);
    problems.push({ id: lease.backend.id, failure: r.error });
    failovers.push(`${lease.backend.id} failed mid-task: ${r.error.message}`);
    input.onEvent?.({ type: "failover", from: lease.backend.id, reason: r.error.message });
  }
}
