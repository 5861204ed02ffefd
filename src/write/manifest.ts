import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { fail, ok, type Result } from "../errors.js";
import { recordablePath } from "../project/safe-path.js";
import { ioReason } from "../util/fs.js";
import { HeldFolder, replaceFile } from "./held.js";

// The record of one run's file changes (`backups/<task_id>/<run_id>/manifest.json`): what each file
// was before the run, so that a failed run, a killed run or `rollback` can put it back.

// Checked as read: recovery and rollback write where a manifest says, and a manifest is a file
// in the project, which a cloned repository may have brought along.
const projectPath = z.string().refine(recordablePath, "must be a path inside the project, not in .git/");

const EntrySchema = z.object({
  rel: projectPath,
  /**
   * The path written, relative to the project's real root, when symlinks inside the project make
   * it differ from `rel`: restoring walks it without following any link.
   */
  real: projectPath.optional(),
  existed: z.boolean(),
  mode: z.number().optional(),
  /** The original's owner, put back by a restore (recorded since the owner-keeping restore). */
  uid: z.number().optional(),
  gid: z.number().optional(),
  sha256: z.string().optional(),
  written_sha256: z.string().optional(),
  /**
   * The content being written, recorded before the rename: after a kill between the rename and the
   * next manifest save, recovery still knows the file on disk is this run's and not an edit since.
   */
  writing_sha256: z.string().optional(),
  /** Folders the run created for a new file (deepest first, real paths), removed again when empty. */
  dirs: z.array(projectPath).optional(),
});

const ManifestSchema = z.object({
  task_id: z.string(),
  run_id: z.string(),
  pid: z.number(),
  /**
   * The process's identity (`util/process-id.ts`): a run left open by a dead process whose pid is
   * reused is still recovered. Absent in older manifests and where the platform has none.
   */
  proc: z.string().optional(),
  created: z.string(),
  state: z.enum(["open", "committed", "restored", "interrupted", "rolled-back"]),
  files: z.array(EntrySchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type BackupEntry = z.infer<typeof EntrySchema>;

export interface StoredRun {
  dir: string;
  manifest: Manifest;
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, "backups");
}

/** Where a run keeps the copy of a file as it was before the run. */
export function backupFileRel(f: Pick<BackupEntry, "rel">): string {
  return `files/${f.rel}`;
}

/** The path a run wrote for this entry, relative to the project's real root. */
export function writtenRel(f: Pick<BackupEntry, "rel" | "real">): string {
  return f.real ?? f.rel;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Every run recorded for a task (or all tasks), oldest first. Unreadable manifests are skipped.
 * A task's folder is asked for its runs of that task only: on macOS and Windows, `Parser/` is
 * also the folder of task `parser`, and holds its runs too.
 */
export function listRuns(dataDir: string, taskId?: string): StoredRun[] {
  const base = backupsDir(dataDir);
  const tasks = taskId ? [taskId] : safeReaddir(base);
  const runs: StoredRun[] = [];
  for (const t of tasks) {
    for (const r of safeReaddir(join(base, t)).sort()) {
      const dir = join(base, t, r);
      const m = readManifest(dir);
      if (m && (taskId === undefined || m.task_id === taskId)) runs.push({ dir, manifest: m });
    }
  }
  return runs;
}

export function readManifest(dir: string): Manifest | null {
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Saves the manifest atomically inside the run's folder (reached as it is; a link there is not followed). */
export function saveManifest(dir: string, m: Manifest): Result<void> {
  let folder: HeldFolder | null = null;
  try {
    folder = HeldFolder.open(dir, "", { create: false });
    replaceFile(folder, "manifest.json", Buffer.from(`${JSON.stringify(m, null, 2)}\n`, "utf8"), { mode: 0o600 });
    return ok(undefined);
  } catch (e) {
    return fail("IO", `cannot save the backup manifest: ${ioReason(e)}`);
  } finally {
    folder?.close();
  }
}

export function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
