import { ok, type Failure, type Result } from "../errors.js";
import type { TaskKind } from "../spec/schema.js";
import { isBackendFault, type ModelBackend } from "./backend.js";
import { chooseModel, type ServerFlavor, type ServerInfo } from "./discover.js";
import { isStillLoading } from "./failures.js";
import { trySlot } from "./slots.js";

/** A backend picked for one generation, with a slot held on it until `release`. */
export interface Lease {
  backend: ModelBackend;
  flavor: ServerFlavor;
  model: string;
  /** The context the model runs with: reported by the backend, else configured, else unknown. */
  contextLength: number | null;
  release(): void;
}

export interface Rejection {
  id: string;
  failure: Failure;
}

export interface PoolOptions {
  /** The user's state folder, where slot locks live. */
  stateDir: string;
  /** How long to wait for a slot when every usable backend is busy. */
  lockWaitMs: number;
  /** `context_length` from the config, for backends that do not report one. */
  contextLength?: number | undefined;
}

export interface AcquireOptions {
  kind: TaskKind;
  /** Backends already tried for this generation. */
  exclude: ReadonlySet<string>;
  /** Who holds the slot, shown to whoever waits for it. */
  what: string;
  signal?: AbortSignal | undefined;
  onWait?: ((on: string) => void) | undefined;
}

export interface Acquired {
  lease: Lease | null;
  /** Backends found unusable on the way (down, no model), with why. */
  rejected: Rejection[];
  /** Why there is no lease when no backend was rejected for a reason of its own (busy, cancelled). */
  failure?: Failure;
}

/** A backend that failed is tried after the others for this long; it is never skipped outright. */
const DOWN_MS = 30_000;
/** A backend's model list is read again after this long; a chat failure forgets it at once. */
const DESCRIBE_TTL_MS = 10_000;
const POLL_MS = 150;
/** How often a server loading its model is asked again. */
const LOAD_POLL_MS = 500;

/**
 * The configured backends, in order, with what this process knows of their health. A plan's tasks
 * share one pool, so a server that died for one task is tried last by the next instead of making
 * each task wait for it.
 */
export class BackendPool {
  private readonly down = new Map<string, number>();
  private readonly described = new Map<string, { at: number; info: ServerInfo }>();

  constructor(
    readonly backends: readonly ModelBackend[],
    private readonly opts: PoolOptions,
  ) {}

  /** Generations the pool can run at once: the sum of every backend's slots. */
  get capacity(): number {
    return this.backends.reduce((n, b) => n + b.maxParallel, 0);
  }

  /** A backend failed mid-generation: forget what it said about itself, try the others first. */
  reportFailure(id: string, f: Failure): void {
    this.described.delete(id);
    if (isBackendFault(f.code)) this.down.set(id, Date.now() + DOWN_MS);
  }

  /**
   * The first backend, in config order with the recently failed ones last, that answers its
   * health check, has a model for this kind of task and a free slot. When every usable backend is
   * busy, waits for the first slot to free up on any of them.
   */
  async acquire(o: AcquireOptions): Promise<Acquired> {
    const order = this.ordered(o.exclude);
    const rejected: Rejection[] = [];
    const busy: { backend: ModelBackend; choice: Omit<Lease, "release" | "backend"> }[] = [];
    for (const backend of order) {
      const choice = await this.check(backend, o.kind, o.signal);
      if (!choice.ok) {
        rejected.push({ id: backend.id, failure: choice.error });
        continue;
      }
      const slot = await trySlot(this.opts.stateDir, backend.id, backend.maxParallel, o.what);
      if (!slot.ok) return { lease: null, rejected, failure: slot.error };
      if (slot.value) return { lease: { backend, ...choice.value, release: slot.value }, rejected };
      busy.push({ backend, choice: choice.value });
    }
    if (!busy.length) return { lease: null, rejected };

    o.onWait?.(busy.map((b) => b.backend.id).join(", "));
    const deadline = performance.now() + this.opts.lockWaitMs;
    for (;;) {
      for (const b of busy) {
        const slot = await trySlot(this.opts.stateDir, b.backend.id, b.backend.maxParallel, o.what);
        if (!slot.ok) return { lease: null, rejected, failure: slot.error };
        if (slot.value) return { lease: { backend: b.backend, ...b.choice, release: slot.value }, rejected };
      }
      if (o.signal?.aborted) return { lease: null, rejected, failure: { code: "CANCELLED", message: "cancelled" } };
      if (performance.now() >= deadline) {
        return {
          lease: null,
          rejected,
          failure: {
            code: "LOCKED",
            message: `busy: every usable model server was running other tasks for ${Math.round(this.opts.lockWaitMs / 1000)} s (${busy.map((b) => b.backend.id).join(", ")})`,
            hint: "wait for them to finish, raise max_parallel if the server can take more, or raise lock_wait_ms",
          },
        };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * The first backend that passes its health check and has a model for this kind of task, without
   * taking a slot: a run checks this before it opens a transaction, so "no server" costs nothing.
   */
  async firstUsable(kind: TaskKind, o: { signal?: AbortSignal | undefined; onWait?: ((on: string) => void) | undefined } = {}): Promise<Result<Omit<Lease, "release">>> {
    const rejected: Rejection[] = [];
    for (const backend of this.ordered(new Set())) {
      const c = await this.check(backend, kind, o.signal);
      if (c.ok) return ok({ backend, ...c.value });
      rejected.push({ id: backend.id, failure: c.error });
    }
    // A server still loading its model is up and about to be ready: waited for, as a busy one is.
    const stillLoading = () => this.backends.filter((b) => rejected.some((r) => r.id === b.id && isStillLoading(r.failure)));
    let loading = stillLoading();
    if (loading.length) o.onWait?.(loading.map((b) => b.id).join(", "));
    const deadline = performance.now() + this.opts.lockWaitMs;
    while (loading.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, LOAD_POLL_MS));
      if (o.signal?.aborted) return { ok: false, error: { code: "CANCELLED", message: "cancelled" } };
      for (const backend of loading) {
        const c = await this.check(backend, kind, o.signal);
        if (c.ok) return ok({ backend, ...c.value });
        const r = rejected.find((x) => x.id === backend.id);
        if (r) r.failure = c.error;
      }
      // One that stopped loading and failed otherwise (it crashed, the model would not load) is not waited for.
      loading = stillLoading();
    }
    return { ok: false, error: summarizeRejections(rejected) };
  }

  /** Config order, with the backends that failed lately moved to the end. */
  private ordered(exclude: ReadonlySet<string>): ModelBackend[] {
    const now = Date.now();
    const candidates = this.backends.filter((b) => !exclude.has(b.id));
    const isDown = (b: ModelBackend) => (this.down.get(b.id) ?? 0) > now;
    return [...candidates.filter((b) => !isDown(b)), ...candidates.filter(isDown)];
  }

  /** The health check and the model choice for one backend. */
  async check(backend: ModelBackend, kind: TaskKind, signal?: AbortSignal): Promise<Result<Omit<Lease, "release" | "backend">>> {
    const cached = this.described.get(backend.id);
    let info: ServerInfo;
    if (cached && Date.now() - cached.at < DESCRIBE_TTL_MS) info = cached.info;
    else {
      const d = await backend.describe(signal);
      if (!d.ok) {
        this.reportFailure(backend.id, d.error);
        return d;
      }
      info = d.value;
      this.described.set(backend.id, { at: Date.now(), info });
      this.down.delete(backend.id);
    }
    const choice = chooseModel(info, backend.modelFor(kind), backend.id);
    if (!choice.ok) return choice;
    // Ollama's /api/ps says the context only for a loaded model (0.6 on); its default has been
    // 2k to 32k tokens by version and memory: assume the smallest.
    const contextLength = choice.value.contextLength ?? this.opts.contextLength ?? (info.flavor === "ollama" ? 2048 : null);
    return ok({ flavor: info.flavor, model: choice.value.model, contextLength });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.backends.map((b) => b.dispose?.()));
  }
}

/** One failure for a generation no backend could take: the only one as it is, else all of them. */
export function summarizeRejections(rejected: Rejection[]): Failure {
  if (rejected.length === 1) return rejected[0]!.failure;
  if (!rejected.length) return { code: "MODEL_UNAVAILABLE", message: "no model backend is configured" };
  // A failure that says something about the task (its prompt does not fit) matters more than "down".
  const lead = rejected.find((r) => !isBackendFault(r.failure.code)) ?? rejected[0]!;
  const all = rejected.map((r) => `${r.id}: ${r.failure.message}`).join("; ");
  return {
    code: lead.failure.code,
    message: `no model server could take the task (${all})`,
    ...(lead.failure.hint ? { hint: lead.failure.hint } : {}),
  };
}
