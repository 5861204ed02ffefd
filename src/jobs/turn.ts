import { ok, type Result } from "../errors.js";
import type { CommandContext } from "../project/context.js";
import type { Release } from "../util/lock.js";
import { sleep } from "./proc.js";
import { describeJob, slotsTaken, waitingAhead } from "./queue.js";
import type { Job } from "./schema.js";
import { heldSlots, slotPaths, waitForSlot } from "./slots.js";

export interface TurnOptions {
  signal: AbortSignal;
  /** Hears what the job waits for, each time that changes. */
  onQueued: (waitingFor: string) => void;
  /** How often a queued worker looks again. */
  pollMs?: number | undefined;
}

/**
 * Waits for the job's turn on its model server: first in, first served in this project (while
 * the jobs submitted earlier would take every free slot, they have them), then a free slot.
 * Returns the slot's release, null when the job was cancelled while it waited, or why no slot can
 * be taken (one that cannot be read or written): the job then fails, it does not run beside another.
 */
export async function waitForTurn(job: Job, ctx: CommandContext, server: string, max: number, opts: TurnOptions): Promise<Result<Release | null>> {
  let told = "";
  const onQueued = (waitingFor: string) => {
    if (waitingFor === told) return;
    told = waitingFor;
    opts.onQueued(waitingFor);
  };
  const paths = slotPaths(ctx.stateDir, server, max);
  for (;;) {
    if (opts.signal.aborted) return ok(null);
    const held = heldSlots(paths);
    const ahead = waitingAhead(ctx.data, server, job, held);
    if (!ahead.length || slotsTaken(held, ahead.length) < paths.length) break;
    onQueued([...held.map((h) => h.what), ...ahead.map((j) => describeJob(j, ctx.root))].join("; "));
    await sleep(opts.pollMs ?? 200);
  }
  const slot = await waitForSlot(paths, describeJob(job, ctx.root), { signal: opts.signal, onQueued });
  return slot.ok || slot.error.code === "CANCELLED" ? ok(slot.ok ? slot.value : null) : slot;
}
