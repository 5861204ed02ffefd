import * as z from "zod";
import type { CompactResult } from "../engine/result.js";
import type { PlanSummary } from "../plan/summary.js";
import type { QualifyReport } from "../qualify/render.js";
import type { Refusal } from "../requests/io.js";
import { QualifyRequestSchema } from "../requests/qualify-request.js";

/**
 * What a job does, as data: the worker hands it to the handler of its kind (`handlers.ts`), never
 * to the CLI. A run or a plan names the copy of its spec or plan taken when the job was submitted.
 */
export const JobRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("run"), spec_file: z.string() }),
  z.object({ kind: z.literal("plan"), plan_file: z.string() }),
  QualifyRequestSchema.extend({ kind: z.literal("qualify") }),
]);
export type JobRequest = z.infer<typeof JobRequestSchema>;
export type JobKind = JobRequest["kind"];

/** What a command submits: the request, with the spec's or plan's text in place of the copy's path. */
export type Submission = { kind: "run"; spec: string } | { kind: "plan"; plan: string } | Extract<JobRequest, { kind: "qualify" }>;

/** The text to copy aside (if any) and the request that names the copy. */
export function storedRequest(s: Submission, copy: string): { request: JobRequest; input: string | null } {
  switch (s.kind) {
    case "run":
      return { request: { kind: "run", spec_file: copy }, input: s.spec };
    case "plan":
      return { request: { kind: "plan", plan_file: copy }, input: s.plan };
    case "qualify":
      return { request: s, input: null };
  }
}

/** The job's own end, not its request's: cancelled, interrupted, or a worker that could not start or failed. */
export const JobEndSchema = z.object({
  job: z.string().optional(),
  status: z.enum(["cancelled", "interrupted", "failed"]),
  progress: z.string().optional(),
  restored: z.array(z.string()).optional(),
  kept: z.array(z.string()).optional(),
  not_restored: z.array(z.string()).optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
});
export type JobEnd = z.infer<typeof JobEndSchema>;

const isLine = (v: unknown): v is Record<string, unknown> & { status: string } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { status?: unknown }).status === "string";
/**
 * A stored result line, read back untouched: the very object, keys in their order, that the
 * foreground command prints. It was written by this program, so its status is what is checked.
 */
const line = <T>() => z.custom<T>(isLine);

/** A job's result, typed by what made it; `status` prints `value`. */
export const JobResultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("run"), value: line<CompactResult>() }),
  z.object({ kind: z.literal("plan"), value: line<PlanSummary | Refusal>() }),
  z.object({ kind: z.literal("qualify"), value: line<QualifyReport | Refusal>() }),
  z.object({ kind: z.literal("job"), value: z.custom<JobEnd>((v) => JobEndSchema.safeParse(v).success) }),
  /** Stored by a version before results were typed: shown as it was. */
  z.object({ kind: z.literal("legacy"), value: line<Record<string, unknown> & { status: string }>() }),
]);
export type JobResult = z.infer<typeof JobResultSchema>;

export const jobEnd = (value: JobEnd): JobResult => ({ kind: "job", value });
