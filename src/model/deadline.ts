// One deadline per server call or generation, that holds whatever the garbage collector does.
// `AbortSignal.timeout()` is held weakly by Node: once nothing but a composite signal (ky's
// `AbortSignal.any`, undici's `new Request(…, {signal})`) refers to it, a collection drops it and
// its timer never aborts anything. Here the controller is owned by a ref'd timer (timers are GC
// roots) and by the caller, and `race` ends the wait itself rather than trust a library to
// honour the signal. node:timers only: the hook imports this.

/** The deadline passed: names its length and the setting that sets it, for the message. */
export class DeadlineExceeded extends Error {
  override readonly name = "DeadlineExceeded";
  constructor(
    readonly ms: number,
    readonly setting: string,
  ) {
    super(`no answer within ${ms} ms (${setting})`);
  }
}

/** The caller's signal aborted (Ctrl-C, a job's cancel): not a fault of the server. */
export class Cancelled extends Error {
  override readonly name = "Cancelled";
  constructor() {
    super("cancelled");
  }
}

export interface Deadline {
  readonly ms: number;
  /** The config key that sets it (`timeout_ms`, `connect_timeout_ms`), for messages. */
  readonly setting: string;
  /** Aborted when the deadline passes or the caller cancels, for libraries that take a signal. */
  readonly signal: AbortSignal;
  /** Null while it runs; then why it ended. A deadline disposed of in time stays null. */
  readonly ended: "expired" | "cancelled" | null;
  /** `p`, or a rejection (DeadlineExceeded or Cancelled) the moment the deadline ends. */
  race<T>(p: Promise<T>): Promise<T>;
  /** Runs `f` when the deadline ends (at once if it has): the hard stop, e.g. destroy a socket. Returns an unsubscribe. */
  onEnd(f: (why: Error) => void): () => void;
  /** The call is over: stop the timer and let go of the caller's signal. */
  dispose(): void;
}

/** A deadline `ms` from now, ended early by `parent` aborting. */
export function startDeadline(ms: number, setting: string, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const hooks = new Set<(why: Error) => void>();
  let ended: Deadline["ended"] = null;
  let why: Error | null = null;

  const end = (state: "expired" | "cancelled", reason: Error) => {
    if (ended) return;
    ended = state;
    why = reason;
    release();
    controller.abort(reason);
    for (const f of [...hooks]) f(reason);
    hooks.clear();
  };
  // Ref'd on purpose: the process must live to report the timeout, whatever else lets go.
  const timer = setTimeout(() => end("expired", new DeadlineExceeded(ms, setting)), ms);
  const onParent = () => end("cancelled", new Cancelled());
  const release = () => {
    clearTimeout(timer);
    parent?.removeEventListener("abort", onParent);
  };
  if (parent?.aborted) onParent();
  else parent?.addEventListener("abort", onParent, { once: true });

  const onEnd = (f: (why: Error) => void) => {
    if (why) {
      f(why);
      return () => {};
    }
    hooks.add(f);
    return () => void hooks.delete(f);
  };
  return {
    ms,
    setting,
    signal: controller.signal,
    get ended() {
      return ended;
    },
    race<T>(p: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // One subscription per wait, removed when it settles: a long stream does not pile them up.
        const off = onEnd(reject);
        p.then(
          (v) => {
            off();
            resolve(v);
          },
          (e: unknown) => {
            off();
            reject(e);
          },
        );
      });
    },
    onEnd,
    dispose() {
      release();
      hooks.clear();
    },
  };
}

/**
 * `p`, or null the moment `signal` aborts (at once if it has): for a wait with no deadline of its
 * own, such as loading a model, that the caller must still be able to stop. `p` goes on.
 */
export function unlessCancelled<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | null> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve(null);
  return new Promise<T | null>((resolve, reject) => {
    const onAbort = () => resolve(null);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
