import { fail, ok, type Failure, type Result } from "../errors.js";
import { startDeadline } from "./deadline.js";
import { callFailure, httpFailure, readErrorBody, redirectFailure } from "./failures.js";
import { ERROR_BODY_BYTES, joinUrl, MAX_LIST_BYTES, originOf, readBody, send, type HttpResponse, type ServerEndpoint } from "./http.js";
import { withoutCredentials } from "../util/model-id.js";
import { LlamaPropsSchema, LmStudioModelsSchema, ModelsListSchema, OllamaPsSchema, type OllamaPs } from "./wire.js";

export type ServerFlavor = "lmstudio" | "llamacpp" | "ollama" | "openai" | "embedded";

export interface ModelInfo {
  id: string;
  /** true/false where the server says; null where it cannot tell (vLLM, Ollama's /v1). */
  loaded: boolean | null;
  /** The context the model is loaded with, where the server says. */
  contextLength: number | null;
}

export interface ServerInfo {
  flavor: ServerFlavor;
  models: ModelInfo[];
}

/**
 * What the server runs: its kind, its models, which are loaded and with what context.
 * LM Studio's native /api/v0/models is the richest; llama.cpp reports status in /v1/models and
 * the context in /props; vLLM lists its context as `max_model_len`; Ollama its loaded models' in
 * /api/ps; others only list ids. Each GET (at most four) has `timeoutMs` (`connect_timeout_ms`)
 * from connection to last byte: a server that cannot list its models in a few seconds is not
 * going to write a file.
 */
export async function discoverServer(ep: ServerEndpoint, timeoutMs: number, signal?: AbortSignal): Promise<Result<ServerInfo>> {
  const get = async (url: string): Promise<Result<{ status: number; body: string; location: string }>> => {
    // Ctrl-C ends the wait at once: three GETs of up to connect_timeout_ms each are minutes at most.
    const deadline = startDeadline(timeoutMs, "connect_timeout_ms", signal);
    let res: HttpResponse | null = null;
    try {
      // The deadline is the connect bound as well: a second timer would only blur the message.
      res = await send({ baseUrl: ep.baseUrl, apiKey: ep.apiKey }, "GET", url, deadline);
      const { text, over } = await readBody(res, res.status >= 400 ? ERROR_BODY_BYTES : MAX_LIST_BYTES);
      if (over && res.status < 400) return fail("MODEL_ERROR", `${withoutCredentials(url)} sent more than ${MAX_LIST_BYTES / 1024 / 1024} MB; that is no model list`);
      return ok({ status: res.status, body: text, location: res.header("location") });
    } catch (e) {
      return callFailure(ep.baseUrl, e, deadline, `GET ${new URL(url).pathname}`);
    } finally {
      res?.close();
      deadline.dispose();
    }
  };

  const list = await get(joinUrl(ep.baseUrl, "models"));
  if (!list.ok) return list;
  if (list.value.status >= 300 && list.value.status < 400) return redirectFailure(ep.baseUrl, "models", list.value.status, list.value.location);
  // A 404 for the list names no model: the list is not where base_url says.
  if (list.value.status === 404) return noModelList(ep.baseUrl, `HTTP 404: ${readErrorBody(list.value.body).message ?? "not found"}`, "MODEL_UNAVAILABLE");
  if (list.value.status >= 400) return httpFailure(ep.baseUrl, list.value.status, "", list.value.body);
  const parsed = ModelsListSchema.safeParse(safeJson(list.value.body));
  if (!parsed.success) return noModelList(ep.baseUrl, "no model list", "MODEL_ERROR");
  const base: ModelInfo[] = parsed.data.data.map((m) => ({
    id: m.id,
    loaded: typeof m.status === "object" && m.status?.value ? m.status.value === "loaded" : typeof m.status === "string" ? m.status === "loaded" : null,
    contextLength: m.meta?.n_ctx ?? m.context_length ?? m.max_model_len ?? null,
  }));
  const origin = originOf(ep.baseUrl);
  const ownedBy = parsed.data.data[0]?.owned_by;
  if (ownedBy === "llamacpp") {
    // Single mode reports `meta.n_ctx` and router mode `context_length`; a build that reports
    // neither still has /props (a router's says 0, which means "per model", not a size).
    if (base.every((m) => m.contextLength !== null)) return ok({ flavor: "llamacpp", models: base });
    const props = await get(`${origin}/props`);
    const p = props.ok && props.value.status === 200 ? LlamaPropsSchema.safeParse(safeJson(props.value.body)) : null;
    const nCtx = (p?.success && (p.data.default_generation_settings?.n_ctx ?? p.data.n_ctx)) || null;
    return ok({ flavor: "llamacpp", models: base.map((m) => ({ ...m, contextLength: m.contextLength ?? (m.loaded === false ? null : nCtx) })) });
  }

  const lms = await get(`${origin}/api/v0/models`);
  if (lms.ok && lms.value.status === 200) {
    const native = LmStudioModelsSchema.safeParse(safeJson(lms.value.body));
    if (native.success) {
      const models = native.data.data
        .filter((m) => m.type !== "embeddings")
        .map((m) => ({
          id: m.id,
          loaded: m.state ? m.state === "loaded" : null,
          contextLength: m.loaded_context_length ?? (m.state === "loaded" ? m.max_context_length ?? null : null),
        }));
      return ok({ flavor: "lmstudio", models });
    }
  }

  const props = await get(`${origin}/props`);
  if (props.ok && props.value.status === 200) {
    const p = LlamaPropsSchema.safeParse(safeJson(props.value.body));
    if (p.success) {
      const nCtx = p.data.default_generation_settings?.n_ctx ?? p.data.n_ctx ?? null;
      // In router mode /props describes no single model; its context applies to the loaded one.
      return ok({ flavor: "llamacpp", models: base.map((m) => ({ ...m, contextLength: m.loaded === false ? null : nCtx })) });
    }
  }
  // Ollama's /v1 says no context; its /api/ps lists the loaded models with the context each was
  // loaded with (0.6 and later), which differs by version and machine (2k, 4k, 32k, or set by hand).
  // Asked of any server left: `owned_by` is "library" only for Ollama's own models (one from
  // hf.co/bartowski/… is bartowski's), and a container or proxy moves it off port 11434.
  const ps = await get(`${origin}/api/ps`);
  const running = ps.ok && ps.value.status === 200 ? OllamaPsSchema.safeParse(safeJson(ps.value.body)) : null;
  const ollama = running?.success || ownedBy === "library" || new URL(ep.baseUrl).port === "11434";
  if (!ollama) return ok({ flavor: "openai", models: base });
  if (!running?.success) return ok({ flavor: "ollama", models: base });
  return ok({ flavor: "ollama", models: base.map((m) => withOllamaRunning(m, running.data.models)) });
}

/**
 * No model list at `base_url`/models. Most often base_url lacks its /v1 (Ollama and vLLM answer
 * 404, LM Studio 200 with an error) or holds the whole chat path: told as "no usable model", the
 * user was sent to load a model that was there all along.
 */
function noModelList(url: string, said: string, code: "MODEL_UNAVAILABLE" | "MODEL_ERROR"): { ok: false; error: Failure } {
  const baseUrl = withoutCredentials(url);
  const u = new URL(baseUrl);
  const given = u.pathname.replace(/\/+$/, "");
  const path = given.replace(/\/(chat\/completions|models)$/, "");
  const likely = !/\/v1$/.test(path) ? `${u.origin}${path}/v1` : path !== given ? `${u.origin}${path}` : null;
  const message = `${joinUrl(baseUrl, "models")} answered ${said}, so no model can be chosen there`;
  if (!likely) return fail(code, `${message}; is this an OpenAI-compatible server?`, { hint: "set base_url to the server's OpenAI-compatible URL, ending in /v1 (LM Studio http://localhost:1234/v1, Ollama http://localhost:11434/v1)" });
  return fail(code, `${message}: base_url ${baseUrl} does not end in /v1`, { hint: `set base_url to ${likely} (LOCAL_DELEGATE_BASE_URL, or base_url in .claude/local-delegate.yaml)` });
}

/** A model /api/ps lists is loaded, with its context where it says; one it does not list loads on demand. */
function withOllamaRunning(m: ModelInfo, running: OllamaPs["models"]): ModelInfo {
  const r = running.find((x) => x.name === m.id || x.model === m.id);
  return r ? { id: m.id, loaded: true, contextLength: r.context_length || null } : m;
}

export interface ModelChoice {
  model: string;
  contextLength: number | null;
  /** Why this model, for `doctor` and the log. */
  reason: string;
}

/** The configured model when there is one, else the first loaded one, else the only one listed. */
export function chooseModel(info: ServerInfo, wanted: string | undefined, baseUrl: string): Result<ModelChoice> {
  if (wanted) {
    const m = info.models.find((x) => x.id === wanted) ?? info.models.find((x) => x.id.toLowerCase().includes(wanted.toLowerCase()));
    // LM Studio and llama.cpp's router load a listed model on demand; an unlisted one may still
    // exist (Ollama lists only pulled models), so the request is made and the server decides.
    return ok({ model: m?.id ?? wanted, contextLength: m?.contextLength ?? null, reason: m ? "configured" : "configured (not listed by the server)" });
  }
  const loaded = info.models.find((m) => m.loaded === true);
  if (loaded) return ok({ model: loaded.id, contextLength: loaded.contextLength, reason: "first loaded model" });
  const unknown = info.models.filter((m) => m.loaded === null);
  if (unknown.length >= 1) return ok({ model: unknown[0]!.id, contextLength: unknown[0]!.contextLength, reason: "first listed model" });
  if (info.models.length) {
    return fail("MODEL_UNAVAILABLE", `no model is loaded on ${baseUrl} (${info.models.length} available: ${info.models.slice(0, 3).map((m) => m.id).join(", ")})`, {
      hint: `load one (LM Studio: \`lms load ${info.models[0]!.id}\`) or set \`model\` in .claude/local-delegate.yaml`,
    });
  }
  return fail("MODEL_UNAVAILABLE", `the model server at ${baseUrl} has no models`, {
    hint: "download and load a coder model, e.g. `lms get qwen2.5-coder-7b-instruct && lms load qwen2.5-coder-7b-instruct`",
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
