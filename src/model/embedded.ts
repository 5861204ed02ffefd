import { existsSync } from "node:fs";
import { basename } from "node:path";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import type { ChatMessage } from "../prompt/build.js";
import type { ModelBackend } from "./backend.js";
import type { ChatOutcome, ChatRequest } from "./chat.js";
import { startDeadline, unlessCancelled, type Deadline } from "./deadline.js";
import { loadNodeLlamaCpp, type NlcChat, type NlcContext, type NlcHistoryItem, type NlcLlama, type NlcModel, type NlcSequence, type NodeLlamaCpp } from "./embedded-load.js";

export interface EmbeddedConfig {
  /** Absolute path of the GGUF file. */
  modelPath: string;
  /** The context to allocate; capped by the model's training context. */
  contextLength?: number | undefined;
  maxParallel: 1;
}

export interface EmbeddedDeps {
  /** Replaces the import of node-llama-cpp (tests). */
  load?: () => Promise<Result<NodeLlamaCpp>>;
}

/** A model's KV cache grows with its context; 8k holds a task's prompt and file on a laptop. */
const DEFAULT_CONTEXT = 8192;
/** Lines of node-llama-cpp's own log kept for an error message. */
const LOG_LINES = 5;

interface Loaded {
  llama: NlcLlama;
  model: NlcModel;
  context: NlcContext;
  sequence: NlcSequence;
  chat: NlcChat;
}

/** node-llama-cpp's own log, kept for error messages: stdout belongs to the one result line. */
const logs: string[] = [];

// One native runtime per process, whatever the number of models: starting it tests the native
// build in a child process, which takes a second or more.
const runtimes = new WeakMap<NodeLlamaCpp, Promise<NlcLlama>>();
function runtime(lib: NodeLlamaCpp): Promise<NlcLlama> {
  let r = runtimes.get(lib);
  if (!r) {
    // build: "never" and skipDownload: a missing native build is an error to report, never a
    // compile or a download started behind the user's back.
    r = lib.getLlama({
      gpu: "auto",
      build: "never",
      skipDownload: true,
      progressLogs: false,
      logLevel: "warn",
      logger: (_level, message) => {
        logs.push(message.trim());
        if (logs.length > LOG_LINES) logs.shift();
      },
    });
    // A runtime that failed to start is not kept: the next backend tries again.
    r.catch(() => runtimes.delete(lib));
    runtimes.set(lib, r);
  }
  return r;
}

/**
 * A GGUF model run in this process through node-llama-cpp, for users with no model server. It
 * loads on first use and stays loaded for the process (a plan's tasks share it). One generation at
 * a time: the model has one context sequence, cleared before each task so that no task sees
 * another's text and the token counts are each task's own.
 */
export function embeddedBackend(cfg: EmbeddedConfig, deps: EmbeddedDeps = {}): ModelBackend {
  const name = basename(cfg.modelPath).replace(/\.gguf$/i, "");
  let state: Promise<Result<Loaded>> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const open = async (): Promise<Result<Loaded>> => {
    if (!existsSync(cfg.modelPath)) return fail("CONFIG_INVALID", `no such file: ${cfg.modelPath}`, { field: "model_path", hint: "give the path of a GGUF model file" });
    const mod = await (deps.load ?? (() => loadNodeLlamaCpp()))();
    if (!mod.ok) return mod;
    let model: NlcModel | null = null;
    try {
      const llama = await runtime(mod.value);
      model = await llama.loadModel({ modelPath: cfg.modelPath });
      // One thread per core that does math: node-llama-cpp's default is twice that, and on a busy
      // machine the extra spinning threads made a 7-token answer take seconds instead of 0.1 s.
      const context = await model.createContext({
        contextSize: Math.min(model.trainContextSize, cfg.contextLength ?? DEFAULT_CONTEXT),
        sequences: 1,
        threads: Math.max(1, llama.cpuMathCores),
      });
      const sequence = context.getSequence();
      return ok({ llama, model, context, sequence, chat: new mod.value.LlamaChat({ contextSequence: sequence }) });
    } catch (e) {
      await model?.dispose().catch(() => {});
      const log = logs.length ? ` (log: ${logs.join(" | ").slice(0, 300)})` : "";
      return fail("MODEL_UNAVAILABLE", `cannot load ${cfg.modelPath} in process: ${describeThrown(e).split("\n")[0]}${log}`, {
        hint: "check that it is a GGUF model llama.cpp can read and that it fits in memory, or set a smaller context_length",
      });
    }
  };
  const load = () => (state ??= open());

  return {
    id: `embedded:${cfg.modelPath}`,
    type: "embedded",
    maxParallel: 1,
    modelFor: () => undefined,
    async describe(signal) {
      // Loading a big model takes a while: Ctrl-C stops the wait, the load goes on for the next caller.
      const l = await unlessCancelled(load(), signal);
      if (!l) return fail("CANCELLED", "cancelled while the model was loading");
      if (!l.ok) return l;
      return ok({ flavor: "embedded", models: [{ id: name, loaded: true, contextLength: l.value.context.contextSize }] });
    },
    async chat(req) {
      // The deadline starts now: waiting for the one sequence counts, as a server's queue would.
      const deadline = startDeadline(req.timeoutMs, "timeout_ms", req.signal);
      const tokens = { n: 0 };
      try {
        const l = await deadline.race(load());
        if (!l.ok) return l;
        // A plan may ask twice at once; the one sequence answers one request at a time. The queue
        // follows the generation itself, not the race below: the next one starts when it stops.
        const work = queue.then(() => generate(l.value, req, name, deadline, tokens));
        queue = work.catch(() => {});
        return await deadline.race(work);
      } catch (e) {
        if (deadline.ended === "cancelled") return fail("CANCELLED", "cancelled");
        if (deadline.ended === "expired") {
          return fail("MODEL_UNAVAILABLE", `the embedded model did not finish within ${Math.round(req.timeoutMs / 100) / 10} s (timeout_ms: ${tokens.n} tokens)`, {
            hint: "raise timeout_ms (LOCAL_DELEGATE_TIMEOUT_MS), or use a smaller model on this machine",
          });
        }
        return fail("MODEL_ERROR", `the embedded model failed: ${describeThrown(e).split("\n")[0]}`);
      } finally {
        deadline.dispose();
      }
    },
    async dispose() {
      const l = state ? await state : null;
      state = null;
      if (l?.ok) await l.value.model.dispose().catch(() => {});
    },
  };
}

/**
 * One generation, stopped by `deadline.signal` (node-llama-cpp checks it between tokens). Throws
 * what the library throws; the caller, which also races this against the deadline, says why.
 */
async function generate(l: Loaded, req: ChatRequest, name: string, deadline: Deadline, tokens: { n: number }): Promise<Result<ChatOutcome>> {
  const started = Date.now();
  if (deadline.ended) throw deadline.signal.reason;
  await l.sequence.clearHistory();
  const before = l.sequence.tokenMeter.getState();
  const grammar = req.responseSchema ? await l.llama.createGrammarForJsonSchema(req.responseSchema) : undefined;
  const r = await l.chat.generateResponse(toHistory(req.messages), {
    maxTokens: req.maxTokens,
    temperature: req.temperature,
    signal: deadline.signal,
    ...(grammar ? { grammar } : {}),
    onToken: (t) => {
      tokens.n += t.length;
      const elapsedMs = Date.now() - started;
      req.onProgress?.({ tokens: tokens.n, elapsedMs, tokensPerSecond: elapsedMs > 0 ? (tokens.n * 1000) / elapsedMs : 0 });
    },
  });
  const after = l.sequence.tokenMeter.getState();
  const completion = after.usedOutputTokens - before.usedOutputTokens;
  const elapsedMs = Date.now() - started;
  return ok({
    text: r.response,
    finishReason: r.metadata.stopReason === "maxTokens" ? "length" : "stop",
    usage: { prompt_tokens: after.usedInputTokens - before.usedInputTokens, completion_tokens: completion },
    model: name,
    elapsedMs,
    tokensPerSecond: elapsedMs > 0 ? (completion * 1000) / elapsedMs : null,
    // Not measured here: the token meter does not tell prompt tokens reused from those processed.
    promptCache: null,
  });
}

/** The chat as node-llama-cpp wants it: ending in a model turn for it to write (or continue). */
export function toHistory(messages: ChatMessage[]): NlcHistoryItem[] {
  const out: NlcHistoryItem[] = messages.map((m) =>
    m.role === "assistant" ? { type: "model", response: [m.content] } : { type: m.role, text: m.content },
  );
  if (out.at(-1)?.type !== "model") out.push({ type: "model", response: [] });
  return out;
}
