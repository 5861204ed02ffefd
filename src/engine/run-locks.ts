import { fail, ok, type Result } from "../errors.js";
import type { TaskSpec } from "../spec/load.js";
import { acquireLock, type LockOwner, type Release } from "../util/lock.js";
import { fileLockPath, lockKeys, spelledAs, type LockedFile } from "../write/file-lock.js";

export interface TakeOptions {
  /** What holds the locks, shown to whoever waits ("task slugify on src/a.ts"). */
  what: string;
  /** For all the locks together, not for each. */
  waitMs: number;
  signal?: AbortSignal | undefined;
  onWait?: ((holder: LockOwner | null) => void) | undefined;
}

/**
 * The per-file locks one run holds to its end: its output's and, for a rename, those of the
 * importers it will write. A file the run writes without its lock can be written by another run at
 * the same time, and this run's restore would then put its original back over that run's success.
 */
export class RunLocks {
  private readonly held = new Map<string, Release>();

  private constructor(
    private readonly data: string,
    private readonly what: string,
  ) {}

  /**
   * Takes every lock, waiting as a run waits for its output's. In sorted key order: two runs that
   * need some of the same files then never each hold one the other waits for.
   */
  static async take(data: string, files: readonly LockedFile[], opts: TakeOptions): Promise<Result<RunLocks>> {
    const locks = new RunLocks(data, opts.what);
    const deadline = performance.now() + opts.waitMs;
    let announced = false;
    for (const key of lockKeys(files)) {
      const l = await acquireLock(fileLockPath(data, { rel: key }), {
        what: opts.what,
        waitMs: Math.max(0, deadline - performance.now()),
        signal: opts.signal,
        // Said once per run, not once per busy file.
        onWait: (h) => {
          if (announced) return;
          announced = true;
          opts.onWait?.(h);
        },
      });
      if (!l.ok) {
        locks.release();
        return l;
      }
      locks.held.set(key, l.value);
    }
    return ok(locks);
  }

  /** The lock keys held (`fileLockKey`). */
  keys(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Adds the locks of files the run found it must write only now (the project changed since it
   * started). Never waits: these come out of sorted order with those held, so a wait could be a
   * deadlock. One busy is `LOCKED`, and none of them is kept.
   */
  async extend(files: readonly LockedFile[]): Promise<Result<void>> {
    const taken: [string, Release][] = [];
    for (const key of lockKeys(files).filter((k) => !this.held.has(k))) {
      const l = await acquireLock(fileLockPath(this.data, { rel: key }), { what: this.what, waitMs: 0 });
      if (!l.ok) {
        for (const [, release] of taken) release();
        return l.error.code === "LOCKED" ? fail("LOCKED", `${spelledAs(files, key)} must be written too, but ${l.error.message}`, { hint: l.error.hint }) : l;
      }
      taken.push([key, l.value]);
    }
    for (const [key, release] of taken) this.held.set(key, release);
    return ok(undefined);
  }

  release(): void {
    for (const release of this.held.values()) release();
    this.held.clear();
  }
}

