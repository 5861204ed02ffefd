// What a plan first saw of its Claude tasks' files. A Claude task that changes a file that was
// there before the plan (wiring a route into App.tsx) is done when that file has changed, not when
// it exists: it always existed, and a local task waiting on the change would otherwise run at once
// on the old file. Written when a plan is first checked or submitted, before Claude's turn, and
// kept while the plan (its name and request) and the task's files stay the same.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveInProject } from "../project/safe-path.js";
import { writeFileAtomic } from "../write/atomic.js";
import type { LoadedPlan } from "./load.js";
import { outputFiles, type PlanTask } from "./schema.js";
import { contentHash, fileHash } from "./state.js";

/** Each file's hash when the plan first saw it, null when it was not there; by project-relative path. */
export type SeenFiles = Readonly<Record<string, string | null>>;

interface Seen {
  plan: string;
  /** The plan's request: a plan of the same name for another request starts afresh. */
  request: string;
  files: SeenFiles;
  at: string;
}

function requestKey(plan: LoadedPlan): string {
  return contentHash(plan.plan.request).slice(0, 16);
}

function seenFile(data: string, taskId: string): string {
  return join(data, "plan-state", "claude", `${taskId}.json`);
}

function pathsOf(t: PlanTask, root: string): { rel: string; abs: string }[] | null {
  const paths: { rel: string; abs: string }[] = [];
  for (const f of outputFiles(t)) {
    const p = resolveInProject(root, f, "output_file");
    if (!p.ok) return null;
    paths.push(p.value);
  }
  return paths;
}

function sameKeys(files: SeenFiles, rels: readonly string[]): boolean {
  const keys = Object.keys(files);
  return keys.length === rels.length && rels.every((r) => r in files);
}

/**
 * The files a Claude task named as this plan first saw them, or null when nothing was recorded
 * for this plan and these files (an older plan state, another plan reusing the task id).
 */
export function readSeen(data: string, plan: LoadedPlan, t: PlanTask, root: string): SeenFiles | null {
  const rels = pathsOf(t, root)?.map((p) => p.rel);
  if (!rels) return null;
  try {
    const s = JSON.parse(readFileSync(seenFile(data, t.task_id), "utf8")) as Partial<Seen>;
    if (s.plan !== plan.id || s.request !== requestKey(plan) || typeof s.files !== "object" || s.files === null) return null;
    const files = s.files as Record<string, unknown>;
    if (!Object.values(files).every((v) => typeof v === "string" || v === null)) return null;
    return sameKeys(files as SeenFiles, rels) ? (files as SeenFiles) : null;
  } catch {
    return null;
  }
}

/**
 * Records, for each Claude task not yet recorded, its files as they are now. Best effort: a
 * state folder that cannot be written leaves the task judged as before (its files exist).
 */
export function noteClaudeTasks(loaded: LoadedPlan, root: string, data: string): void {
  for (const t of loaded.plan.tasks) {
    if (t.owner !== "claude" || readSeen(data, loaded, t, root)) continue;
    const paths = pathsOf(t, root);
    if (!paths?.length) continue;
    const files: Record<string, string | null> = {};
    for (const p of paths) files[p.rel] = fileHash(p.abs);
    const seen: Seen = { plan: loaded.id, request: requestKey(loaded), files, at: new Date().toISOString() };
    writeFileAtomic(seenFile(data, t.task_id), `${JSON.stringify(seen)}\n`, undefined, { link: "replace" });
  }
}
