import { createHash } from "node:crypto";
import { join } from "node:path";
import { fail, type Result } from "../errors.js";
import { acquireLock, lockState, type Release } from "../util/lock.js";
import { sleep } from "./proc.js";

/**
 * Background jobs per model server, across every project on this machine (the server is shared,
 * so the slots live in the user's state folder). A slot is a lock file: a worker that dies frees
 * its slot, because a lock whose process is gone (or whose pid another process reuses) is taken over.
 */
export function slotPaths(stateDir: string, server: string, max: number): string[] {
  const h = createHash("sha256").update(server).digest("hex").slice(0, 16);
  return Array.from({ length: Math.max(1, max) }, (_, i) => join(stateDir, "locks", `jobs-${h}-${i}.lock`));
}

export interface SlotHolder {
  /** "job 260101-… (run slugify) in /proj" */
  what: string;
  /** Null when the lock does not say (being written) or cannot be read. */
  pid: number | null;
}

/** Who holds each busy slot, judged as the lock itself judges it: a slot the next taker would take over is free. */
export function heldSlots(paths: readonly string[]): SlotHolder[] {
  const holders: SlotHolder[] = [];
  for (const p of paths) {
    const s = lockState(p);
    // Unreadable, it is no free slot either: the taker that tries it is told why (`acquireLock`).
    if (s.state === "unreadable" || (s.state === "held" && !s.holder)) holders.push({ what: "another job", pid: null });
    else if (s.state === "held" && s.holder) holders.push({ what: s.holder.what, pid: s.holder.pid });
  }
  return holders;
}

/** What holds the busy slots, or [] when one is free. */
export function slotHolders(paths: readonly string[]): string[] {
  const held = heldSlots(paths);
  return held.length >= paths.length ? held.map((h) => h.what) : [];
}

/**
 * Waits for a free slot. `onQueued` hears what the job waits for, each time that changes.
 * Stops when `signal` aborts (the job was cancelled while queued).
 */
export async function waitForSlot(paths: readonly string[], what: string, opts: { signal: AbortSignal; onQueued: (waitingFor: string) => void; pollMs?: number }): Promise<Result<Release>> {
  let told = "";
  for (;;) {
    for (const p of paths) {
      const got = await acquireLock(p, { what, waitMs: 0 });
      // Busy means wait; a lock that cannot be written at all (disk full) never frees up.
      if (got.ok || got.error.code !== "LOCKED") return got;
    }
    if (opts.signal.aborted) return fail("CANCELLED", "cancelled while queued");
    const holders = slotHolders(paths);
    const now = holders.join("; ") || "another job";
    if (now !== told) {
      told = now;
      opts.onQueued(now);
    }
    await sleep(opts.pollMs ?? 300);
  }
}
