import { z } from "zod";

const ms = (min: number, max: number) => z.number().int().min(min).max(max);
const kinds = z
  .strictObject({
    code: z.string().min(1).optional(),
    test: z.string().min(1).optional(),
    refactor: z.string().min(1).optional(),
    doc: z.string().min(1).optional(),
  })
  .optional();

/**
 * Every setting, flat and snake_case so that each has an obvious environment override:
 * `timeout_ms` is `LOCAL_DELEGATE_TIMEOUT_MS`.
 */
export const ConfigSchema = z.strictObject({
  /** OpenAI-compatible base URL, ending in /v1. LM Studio's default. */
  base_url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:1234/v1" }).default("http://localhost:1234/v1"),
  api_key: z.string().min(1).optional(),
  /** Model id; when absent, the first model the server reports as loaded. */
  model: z.string().min(1).optional(),
  /** A model per task kind, e.g. a coder model for code and tests and a fast one for docs. */
  models: kinds,
  /** Used when the server does not report the loaded context length. */
  context_length: z.number().int().min(256).max(10_000_000).optional(),
  connect_timeout_ms: ms(100, 120_000).default(3_000),
  /** The whole model call, from request to last token. Slow laptops need minutes. */
  timeout_ms: ms(1_000, 3_600_000).default(600_000),
  test_timeout_ms: ms(1_000, 3_600_000).default(120_000),
  /** Tokens of context files injected into the prompt before they are cut to signatures. */
  context_budget: z.number().int().min(0).max(1_000_000).default(6_000),
  max_output_tokens: z.number().int().min(64).max(200_000).default(4_096),
  /** Attempts after the first, each with the previous error fed back. */
  retries: z.number().int().min(0).max(3).default(1),
  temperature: z.number().min(0).max(2).default(0.2),
  /** What the PreToolUse hook does with a Write that a local model should have written. */
  hook_mode: z.enum(["nudge", "enforce", "off"]).default("nudge"),
  /** How long a run waits for another run holding the same file or server. */
  lock_wait_ms: ms(0, 3_600_000).default(600_000),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape);
