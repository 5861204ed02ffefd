import * as z from "zod";
import { DEFAULT_BASE_URL, DEFAULT_HOOK_MODE, HOOK_MODES } from "./defaults.js";

const ms = (min: number, max: number) => z.number().int().min(min).max(max);
const kinds = z
  .strictObject({
    code: z.string().min(1).optional(),
    test: z.string().min(1).optional(),
    refactor: z.string().min(1).optional(),
    doc: z.string().min(1).optional(),
  })
  .optional();

/** One model server of several (`endpoints`): tried in order, each with its own key and models. */
export const EndpointSchema = z.strictObject({
  base_url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://gpu-box:1234/v1" }),
  /** Sent to this server only; the top-level api_key is not passed on to other servers. */
  api_key: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  models: kinds,
  /** Generations this server runs at once; the top-level max_parallel otherwise. */
  max_parallel: z.number().int().min(1).max(16).optional(),
});

/**
 * Every setting, flat and snake_case so that each has an obvious environment override:
 * `timeout_ms` is `LOCAL_DELEGATE_TIMEOUT_MS`.
 */
export const ConfigSchema = z.strictObject({
  /** OpenAI-compatible base URL, ending in /v1. LM Studio's default. */
  base_url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:1234/v1" }).default(DEFAULT_BASE_URL),
  /** Given beside a base_url, that server's alone: a later layer's other server does not get it (key-server.ts). */
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
  hook_mode: z.enum(HOOK_MODES).default(DEFAULT_HOOK_MODE),
  /** How long a run waits for another run holding the same file or server. */
  lock_wait_ms: ms(0, 3_600_000).default(600_000),
  /** Adaptive routing: a task kind whose recent first-pass rate (0–1) for the model is under this goes to Claude. */
  route_min_first_pass: z.number().min(0).max(1).default(0.5),
  /** Attempts of a kind on record before its rate can overrule the static criteria (the qualify suite has 4 per kind). */
  route_min_samples: z.number().int().min(1).max(1000).default(4),
  /** The most recent attempts per kind that count towards its rate. */
  route_window: z.number().int().min(1).max(1000).default(20),
  /** Several servers, tried in order with failover (a shared GPU box, then a laptop); replaces base_url. */
  endpoints: z.array(EndpointSchema).min(1).max(16).optional(),
  /** Generations at once per server, so a plan runs that many independent tasks side by side. */
  max_parallel: z.number().int().min(1).max(16).default(1),
  /** `server`: OpenAI-compatible servers; `embedded`: the GGUF at model_path, run in process (node-llama-cpp). */
  backend: z.enum(["server", "embedded"]).default("server"),
  /** The GGUF model file for `backend: embedded`; relative paths start at the project root. */
  model_path: z.string().min(1).optional(),
  /** Days the backups of a task are kept after its last run, for `rollback`; 0 keeps them for ever. */
  keep_backups_days: z.number().int().min(0).max(3650).default(30),
  /** Background jobs running at once per model server, across projects; more wait queued. Default 1. */
  max_jobs_per_server: z.number().int().min(1).max(16).optional(),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape);
