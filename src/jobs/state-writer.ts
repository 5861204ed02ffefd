import { HEARTBEAT_MS } from "./liveness.js";
import { probe } from "./proc.js";
import { isActive, isoNow, type Job } from "./schema.js";
import { updateJob } from "./store.js";

export interface StateWriter {
  /** What the next write changes; a field set here is written by the next `flush`. */
  pending: Partial<Job>;
  /** Writes what is pending now, after the writes before it; resolves when written. */
  flush: () => Promise<unknown>;
  /** Writes within `progressMs`: a token stream must not become a write storm. */
  soon: () => void;
  /** The first write (the worker records its pid and identity), then a heartbeat every `heartbeatMs`. */
  start: () => Promise<unknown>;
  /** No more heartbeats; resolves when every queued write is done. */
  close: () => Promise<unknown>;
}

/**
 * The worker's writes to its job's state, one after another under the job's lock. Each write
 * checks the job is still active and still this process's: if not, or if a cancel was asked,
 * `stop` is called.
 */
export function stateWriter(data: string, id: string, log: (line: string) => void, stop: () => void, opts: { heartbeatMs?: number | undefined; progressMs?: number | undefined }): StateWriter {
  const self = probe(process.pid);
  const pending: Partial<Job> = {};
  let chain: Promise<unknown> = Promise.resolve();
  const flush = () => {
    chain = chain.then(async () => {
      const change = { ...pending };
      const r = await updateJob(data, id, (j) => {
        if (!isActive(j) || (j.pid !== null && j.pid !== process.pid)) return null;
        return { ...j, ...change, pid: process.pid, proc: self.alive ? self.identity : j.proc, heartbeat: isoNow() };
      });
      if (!r.ok) return log(`worker: cannot update the job state: ${r.error.message}`);
      if (!isActive(r.value) || r.value.pid !== process.pid || r.value.cancel_requested) stop();
    });
    return chain;
  };
  let timer: NodeJS.Timeout | null = null;
  let beat: NodeJS.Timeout | null = null;
  return {
    pending,
    flush,
    soon: () => {
      timer ??= setTimeout(() => {
        timer = null;
        void flush();
      }, opts.progressMs ?? 1_000);
    },
    start: async () => {
      await flush();
      beat = setInterval(() => void flush(), opts.heartbeatMs ?? HEARTBEAT_MS);
      beat.unref();
    },
    close: () => {
      if (beat) clearInterval(beat);
      if (timer) clearTimeout(timer);
      return chain;
    },
  };
}
