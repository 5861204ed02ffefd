import { z } from "zod";

/** Claude-side token figures for one task: what delegating cost against what writing would have. */
export const ClaudeTokensSchema = z.object({
  /** Tokens Claude spent to delegate: the spec it wrote (output) and the result line it read (input). */
  spent: z.number(),
  /** Tokens Claude would have spent writing the file itself: its content as output, plus rereading. */
  would_have: z.number(),
  saved: z.number(),
  /** Which counter produced the figures. */
  tokenizer: z.string(),
});

export const LedgerEntrySchema = z.looseObject({
  v: z.literal(1),
  ts: z.string(),
  event: z.enum(["run", "hook", "rollback", "plan-step", "qualify"]),
  task_id: z.string().nullable(),
  kind: z.string().nullable(),
  file: z.string().nullable(),
  status: z.string(),
  model: z.string().nullish(),
  server: z.string().nullish(),
  attempts: z.number().nullish(),
  tests: z.string().nullish(),
  well_formed: z.boolean().nullish(),
  failure_kind: z.string().nullish(),
  code: z.string().nullish(),
  error: z.string().nullish(),
  local: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
  wall_ms: z.number().nullish(),
  lines_written: z.number().nullish(),
  claude: ClaudeTokensSchema.nullish(),
});

export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
export type ClaudeTokens = z.infer<typeof ClaudeTokensSchema>;
