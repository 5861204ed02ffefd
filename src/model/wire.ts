import * as z from "zod";

// Tolerant schemas for what OpenAI-compatible servers send. Only what the engine uses is read;
// everything is nullish because llama.cpp, LM Studio, Ollama and vLLM each leave out or null
// different fields (llama.cpp's first delta has `content: null`).

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  // OpenAI's convention (llama.cpp, vLLM with --enable-prompt-tokens-details): the part of
  // `prompt_tokens` taken from the server's prompt cache.
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
});

/** llama.cpp's own figures: `prompt_n` prompt tokens processed by this request, `cache_n` taken from the slot's cache. */
const TimingsSchema = z.looseObject({
  predicted_per_second: z.number().nullish(),
  prompt_n: z.number().nullish(),
  cache_n: z.number().nullish(),
});

export const ChunkSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: UsageSchema.nullish(),
  timings: TimingsSchema.nullish(),
  error: z.unknown().optional(),
});

export const CompletionSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      message: z.looseObject({ content: z.string().nullish(), reasoning_content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: UsageSchema.nullish(),
  timings: TimingsSchema.nullish(),
});

/** `{error: "..."}` (LM Studio), `{error: {message, type, code}}` (OpenAI, llama.cpp, vLLM), `{detail}` or `{message}`. */
export const ErrorBodySchema = z.union([
  z.looseObject({
    error: z.union([
      z.string(),
      z.looseObject({
        message: z.string().nullish(),
        type: z.string().nullish(),
        code: z.union([z.string(), z.number()]).nullish(),
        n_prompt_tokens: z.number().nullish(),
        n_ctx: z.number().nullish(),
      }),
    ]),
  }),
  z.looseObject({ detail: z.string() }),
  z.looseObject({ message: z.string() }),
]);

export const ModelsListSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      // llama.cpp router mode: {"status": {"value": "loaded" | "unloaded" | "loading"}}
      status: z.union([z.string(), z.looseObject({ value: z.string().nullish() })]).nullish(),
      owned_by: z.string().nullish(),
      // llama.cpp: `meta.n_ctx` while loaded; router mode also lists `context_length` for every model.
      meta: z.looseObject({ n_ctx: z.number().nullish(), n_ctx_train: z.number().nullish() }).nullish(),
      context_length: z.number().nullish(),
      // vLLM: the most prompt plus max_tokens a request may ask for; over it, HTTP 400.
      max_model_len: z.number().nullish(),
    }),
  ),
});

/** LM Studio's native `/api/v0/models`. */
export const LmStudioModelsSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      type: z.string().nullish(),
      state: z.string().nullish(),
      max_context_length: z.number().nullish(),
      loaded_context_length: z.number().nullish(),
    }),
  ),
});

/** llama.cpp's `/props`. LM Studio answers unknown routes 200 with an error body, so a field must be there. */
export const LlamaPropsSchema = z
  .looseObject({
    default_generation_settings: z.looseObject({ n_ctx: z.number().nullish() }).nullish(),
    n_ctx: z.number().nullish(),
  })
  .refine((p) => p.default_generation_settings != null || p.n_ctx != null, "not llama.cpp's /props");

/** Ollama's /api/ps: the loaded models; `context_length` from 0.6 on. */
export const OllamaPsSchema = z.looseObject({
  models: z.array(z.looseObject({ name: z.string().nullish(), model: z.string().nullish(), context_length: z.number().nullish() })),
});
export type OllamaPs = z.output<typeof OllamaPsSchema>;

export type Usage = { prompt_tokens: number; completion_tokens: number };

/** The server's token counts, or null unless it gave both: a count left out is unknown, not 0. */
export function usageOf(u: z.output<typeof UsageSchema> | null | undefined): Usage | null {
  return typeof u?.prompt_tokens === "number" && typeof u.completion_tokens === "number" ? { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens } : null;
}

/** How much of one request's prompt the server processed afresh, and how much it took from its cache. */
export type PromptCacheUse = { prompt_n: number; cache_n: number };

/**
 * What the server says of its prompt cache for one request: llama.cpp's `timings`, else OpenAI's
 * `prompt_tokens_details.cached_tokens` (processed = prompt − cached). Null when it says neither:
 * a server that reports nothing has not reported zero.
 */
export function promptCacheUse(
  timings: z.output<typeof TimingsSchema> | null | undefined,
  usage: z.output<typeof UsageSchema> | null | undefined,
): PromptCacheUse | null {
  if (typeof timings?.prompt_n === "number" && typeof timings.cache_n === "number") return { prompt_n: timings.prompt_n, cache_n: timings.cache_n };
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  const prompt = usage?.prompt_tokens;
  if (typeof cached === "number" && typeof prompt === "number" && cached <= prompt) return { prompt_n: prompt - cached, cache_n: cached };
  return null;
}
