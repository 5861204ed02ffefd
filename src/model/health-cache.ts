// The last known state of a model server, shared by the session hook (which checks the server at
// session start) and the status line (which must answer in milliseconds, so it reads this instead
// of asking the server each time). One small JSON file per server in the user state folder
// (`stateDir` in src/project/state-dir.ts): `health-<16 hex of a hash of the server's URL>.json`.
// Node's fs and small helpers only: the hook imports this.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { replaceJsonFile } from "../util/fs.js";
import { sameModel } from "../util/model-id.js";

export interface HealthRecord {
  up: boolean;
  /** The model loaded (or the one tasks will use); null when unknown or the server is down. */
  model: string | null;
  /** ISO time of the check. */
  checked_at: string;
}

export function healthCachePath(stateDir: string, baseUrl: string): string {
  return join(stateDir, `health-${fnv64(baseUrl)}.json`);
}

/**
 * 16 hex digits naming a server's cache file. Not node:crypto: loading it costs the hook (which
 * runs on every Write) several milliseconds, and a file name needs no cryptographic hash.
 */
function fnv64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/** The cached record, or null when there is none or it is unreadable (never throws). */
export function readHealthCache(stateDir: string, baseUrl: string): HealthRecord | null {
  try {
    const v = JSON.parse(readFileSync(healthCachePath(stateDir, baseUrl), "utf8")) as Record<string, unknown>;
    if (typeof v.up !== "boolean" || typeof v.checked_at !== "string" || Number.isNaN(Date.parse(v.checked_at))) return null;
    const model = typeof v.model === "string" && v.model ? v.model : null;
    return { up: v.up, model, checked_at: v.checked_at };
  } catch {
    return null;
  }
}

/** Writes the record atomically (temp file, rename), so a reader never sees half of it. Returns false on failure, never throws. */
export function writeHealthCache(stateDir: string, baseUrl: string, rec: HealthRecord): boolean {
  return replaceJsonFile(stateDir, healthCachePath(stateDir, baseUrl), { up: rec.up, model: rec.model, checked_at: rec.checked_at });
}

/** Whether a record is recent enough to show without asking the server again. */
export function isFresh(rec: HealthRecord, now: Date, maxAgeMs: number): boolean {
  return healthAgeMs(rec, now) <= maxAgeMs;
}

/** How old the record is, in ms (a record from the future counts as infinitely old). */
export function healthAgeMs(rec: HealthRecord, now = new Date()): number {
  const age = now.getTime() - Date.parse(rec.checked_at);
  return age >= 0 ? age : Number.POSITIVE_INFINITY;
}

/**
 * When a warm-up last found the model loaded (or loaded it): `warm-<hash>.json` beside the health
 * record, so a session start does not spawn one again while the model is surely still loaded.
 */
function warmStampPath(stateDir: string, baseUrl: string): string {
  return join(stateDir, `warm-${fnv64(baseUrl)}.json`);
}

/**
 * Held by the warm-up at work for a server: a session start, resume or clear spawns one whenever
 * none has found the model loaded, and against a server that never answers they would pile up.
 */
export function warmLockPath(stateDir: string, baseUrl: string): string {
  return join(stateDir, `warm-${fnv64(baseUrl)}.lock`);
}

/** Notes that `model` is loaded now. Best effort: a missed note costs one more warm-up. */
export function noteWarm(stateDir: string, baseUrl: string, model: string, now = new Date()): void {
  replaceJsonFile(stateDir, warmStampPath(stateDir, baseUrl), { model, warmed_at: now.toISOString() });
}

/**
 * Whether a warm-up found `model` loaded within `maxAgeMs` (a note from the future, or of another
 * model, as after the user switched models, does not count).
 */
export function recentlyWarmed(stateDir: string, baseUrl: string, model: string | null, now: Date, maxAgeMs: number): boolean {
  try {
    const v = JSON.parse(readFileSync(warmStampPath(stateDir, baseUrl), "utf8")) as { model?: unknown; warmed_at?: unknown };
    if (typeof v.warmed_at !== "string" || typeof v.model !== "string" || model === null || !sameModel(v.model, model)) return false;
    const age = now.getTime() - Date.parse(v.warmed_at);
    return age >= 0 && age <= maxAgeMs;
  } catch {
    return false;
  }
}
