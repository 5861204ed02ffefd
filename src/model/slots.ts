import { createHash } from "node:crypto";
import { join } from "node:path";
import { ok, type Result } from "../errors.js";
import { acquireLock, type Release } from "../util/lock.js";

/**
 * Generation slots: a backend with `max_parallel: N` has N lock files in the user's state folder,
 * shared by every project and process on this machine, so two plans or two terminals never push
 * more generations at one server than it was configured for. Slot 0 keeps the name the one-slot
 * lock always had, so older and newer runs still exclude each other.
 */
export function slotPath(stateDir: string, backendId: string, slot: number): string {
  const key = createHash("sha256").update(backendId).digest("hex").slice(0, 16);
  return join(stateDir, "locks", slot === 0 ? `server-${key}.lock` : `server-${key}-${slot}.lock`);
}

/**
 * A free slot taken now, or null when all are busy. Never waits. A lock that cannot be written at
 * all (a full or read-only state folder) is not "busy": that failure comes back as it is, so the
 * caller reports it instead of waiting for a slot that can never be had.
 */
export async function trySlot(stateDir: string, backendId: string, slots: number, what: string): Promise<Result<Release | null>> {
  for (let i = 0; i < slots; i++) {
    const got = await acquireLock(slotPath(stateDir, backendId, i), { what, waitMs: 0 });
    if (got.ok) return got;
    if (got.error.code !== "LOCKED") return got;
  }
  return ok(null);
}
