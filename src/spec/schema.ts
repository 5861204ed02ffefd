import * as z from "zod";

export const TASK_KINDS = ["code", "test", "refactor", "doc"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const identifier = z
  .string()
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "must be a JavaScript/TypeScript identifier");

// task_id names a backup folder and a ledger key, so it is kept to safe file-name characters.
const taskId = z
  .string()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may hold only letters, digits, '.', '_' and '-', and start with a letter or digit");

// A stray space or line break at an end of a path is a typo, invisible in a message: kept, it
// names another file ("a.ts " beside a.ts), which would be created and reported as a success.
const path = z
  .string()
  .min(1, "must not be empty")
  .refine((s) => s === s.trim(), "must not start or end with a space or line break");

const command = z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters");

/** The task spec Claude writes: one file, one job. Unknown fields are refused, since they are typos. */
export const TaskSpecSchema = z.strictObject({
  task_id: taskId,
  description: z.string().trim().min(1, "must not be empty").max(8000, "must be at most 8000 characters"),
  output_file: path,
  context_files: z.array(path).max(20, "at most 20 files").default([]),
  constraints: z.array(z.string().trim().min(1, "must not be empty")).max(30, "at most 30 constraints").default([]),
  test_command: command.optional(),
  lint_command: command.optional(),
  kind: z.enum(TASK_KINDS).default("code"),
  language: z.string().trim().min(1).max(40).optional(),
  rename: z.strictObject({ from: identifier, to: identifier }).optional(),
});

export type TaskSpecInput = z.input<typeof TaskSpecSchema>;
export type TaskSpecParsed = z.output<typeof TaskSpecSchema>;

export const SPEC_FIELDS = Object.keys(TaskSpecSchema.shape);
