import * as z from "zod";
import { TASK_KINDS } from "../spec/schema.js";

/**
 * What `qualify` is asked: which kinds (null: all), which model (null: the configured one), keep
 * the throwaway projects. Its own small module: a job's state file holds it, and reading a job
 * (`status`, `jobs`) must not load the suite.
 */
export const QualifyRequestSchema = z.object({
  kinds: z.array(z.enum(TASK_KINDS)).nullable(),
  model: z.string().nullable(),
  keep: z.boolean(),
});
export type QualifyRequest = z.infer<typeof QualifyRequestSchema>;
