import * as z from "zod";

// Tolerant schemas for what OpenAI-compatible servers send. Only what the engine uses is read;
// everything is nullish because llama.cpp, LM Studio, Ollama and vLLM each leave out or null
// different fields (llama.cpp's first delta has `content: null`).

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
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
  timings: z.looseObject({ predicted_per_second: z.number().nullish() }).nullish(),
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

export type Usage = { prompt_tokens: number; completion_tokens: number };
