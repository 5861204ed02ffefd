import * as z from "zod";
import { TaskSpecSchema } from "../spec/schema.js";

const id = TaskSpecSchema.shape.task_id;
const path = z.string().min(1, "must not be empty");

/**
 * One task of a plan: a task spec, plus who does it and what it needs first. `output_file` may
 * list several files, which only Claude can do in one task (`plan check` says so), and a Claude
 * task may leave it out. `lines` and `imports` are the planner's guess of the file's size, checked
 * against the atomic limits before anything runs.
 */
export const PlanTaskSchema = TaskSpecSchema.omit({ output_file: true }).extend({
  output_file: z.union([path, z.array(path).min(1, "must name at least one file").max(50, "at most 50 files")]).optional(),
  owner: z.enum(["local", "claude"], { error: 'must be "local" (the local model writes it) or "claude"' }),
  depends_on: z.array(id).max(50, "at most 50 dependencies").default([]),
  reason: z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters").optional(),
  lines: z.number().int().min(0).max(100_000).optional(),
  imports: z.number().int().min(0).max(1_000).optional(),
});

/** A decomposed request: what the user asked for, and the tasks, each owned by the local model or Claude. */
export const PlanSchema = z.strictObject({
  request: z.string().trim().min(1, "must not be empty").max(8000, "must be at most 8000 characters"),
  /** Names the plan in the ledger and in background jobs; a hash of `request` otherwise. */
  name: id.optional(),
  tasks: z.array(PlanTaskSchema).min(1, "must list at least one task").max(200, "at most 200 tasks"),
});

export type PlanTask = z.output<typeof PlanTaskSchema>;
export type Plan = z.output<typeof PlanSchema>;
export const PLAN_FIELDS = Object.keys(PlanSchema.shape);

/** The fields of a plan task that make up its task spec, in the spec's own order. */
export const SPEC_KEYS = ["task_id", "description", "output_file", "context_files", "constraints", "test_command", "lint_command", "kind", "language", "rename"] as const;

/** The files a task writes, as a list (empty for a Claude task that names none). */
export function outputFiles(t: Pick<PlanTask, "output_file">): string[] {
  if (t.output_file === undefined) return [];
  return typeof t.output_file === "string" ? [t.output_file] : t.output_file;
}
