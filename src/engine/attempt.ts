import { ok, type Failure, type Result } from "../errors.js";
import { extractFile } from "../extract/extract.js";
import { generate, type GenerateEvent } from "../model/failover.js";
import type { BackendPool } from "../model/pool.js";
import type { Prompt } from "../prompt/build.js";
import type { TaskSpec } from "../spec/load.js";
import { checkSyntax } from "../lang/syntax.js";
import { matchFinalNewline, matchLineEndings } from "../write/eol.js";
import { encodingClash } from "../write/encoding.js";
import type { Transaction } from "../write/transaction.js";
import { runChecks, type CheckFailure, type CommandCheck } from "./checks.js";
import type { EngineEvent } from "./events.js";
import { contextFilled, fitOutput, promptCut } from "./fit.js";
import { MAX_INPUT_FILE_BYTES, type TaskInputs } from "./read-inputs.js";
import { applyRename } from "./rename-step.js";
import type { RunLocks } from "./run-locks.js";
import type { EngineDeps } from "./deps.js";
import { promiseBreach, type PromiseGate } from "./promise-step.js";
import { RUN_ENV } from "./leftovers.js";
import { addPromptCache, addUsage, type RunState } from "./state.js";

/** What one attempt needs: the task, the backends, the open transaction and the run's record. */
export interface AttemptContext {
  spec: TaskSpec;
  deps: EngineDeps;
  pool: BackendPool;
  txn: Transaction;
  /** The run's file locks: a rename writes its importers under them. */
  locks: RunLocks;
  inputs: TaskInputs;
  checks: CommandCheck[];
  promises: PromiseGate;
  state: RunState;
  emit: (e: EngineEvent) => void;
  onGenerate: (e: GenerateEvent) => void;
}

export type AttemptResult =
  /** The file is written and passed every check. */
  | { type: "passed" }
  /** The model's answer failed a check: worth another attempt with the failure fed back. */
  | { type: "failed"; failure: CheckFailure; answer: string }
  /** The run cannot go on (server, disk, cancel): the files go back as they were. */
  | { type: "fatal"; failure: Failure }
  /** The retry prompt could not be sent (it does not fit): no attempt was made. */
  | { type: "unsent"; failure: Failure };

/** One attempt: one generation, the file taken from it and checked, written, and verified. */
export async function attempt(ctx: AttemptContext, prompt: Prompt): Promise<AttemptResult> {
  const { spec, state } = ctx;
  const gen = await askModel(ctx, prompt);
  if (!gen.ok) {
    const { sent: _sent, ...f } = gen.error;
    // A retry that does not fit the context, found before sending or said by the server: the last
    // answer's failure is what the run ends on, not the context.
    return f.code === "CONTEXT_OVERFLOW" && state.attempts > 0 ? { type: "unsent", failure: f } : { type: "fatal", failure: f };
  }
  const { answer, maxTokens } = gen.value;
  const retried = state.attempts > 0;
  state.attempts++;
  state.notes.push(...gen.value.failovers);
  state.server = gen.value.backend;
  state.model = answer.model || gen.value.model;
  addUsage(state, answer.usage);
  addPromptCache(state, answer.promptCache);
  if (state.cutAt !== null) state.notes.push(`the last answer was cut off at ${state.cutAt} tokens: this one could use up to ${maxTokens}`);
  state.cutAt = answer.finishReason === "length" ? maxTokens : null;
  // A prompt or answer the context could not hold: a retry's prompt is longer still, so a retry
  // cut so is one that did not fit, and the last answer's failure is what the run ends on.
  const cut = promptCut(prompt.estimatedTokens, answer.usage, answer.promptCache) ?? contextFilled(answer.finishReason, answer.usage, maxTokens);
  if (cut) return retried ? { type: "unsent", failure: cut } : { type: "fatal", failure: cut };

  const thought = onlyReasoning(answer);
  if (thought) state.wellFormed = false;
  const file = thought ?? (await fileFromAnswer(ctx, answer.text, answer.finishReason));
  if (!file.ok) return { type: "failed", failure: file.error, answer: answer.text };

  ctx.emit({ type: "write", file: spec.output.rel });
  // Over what the prompt was built from, or what the last attempt wrote: never over an edit made since.
  const w = ctx.txn.write(spec.output, file.value, ctx.inputs.existingSha256);
  if (!w.ok) return { type: "fatal", failure: w.error };
  state.content = file.value;
  if (spec.rename) {
    const r = await applyRename(spec, ctx.txn, ctx.locks);
    if (!r.ok) return { type: "fatal", failure: r.error };
    // Every file the run changed besides its own: a retry finds the importers renamed already.
    state.updated = [...new Set([...r.value, ...ctx.txn.files.map((f) => f.rel).filter((rel) => rel !== spec.output.rel)])];
  }

  // Tagged with the run, so that if this process is killed the next run finds and stops them.
  const { failure, testsRead } = await runChecks(ctx.checks, spec.root, ctx.deps.config.test_timeout_ms, ctx.deps.signal, (step) => ctx.emit({ type: "verify", step }), { [RUN_ENV]: ctx.txn.runId }, spec.output.rel);
  if (ctx.deps.signal?.aborted) return { type: "fatal", failure: { code: "CANCELLED", message: "cancelled" } };
  // The check could not run at all: no retry, and nothing on the model's record (`invalid`).
  if (failure?.fault) return { type: "fatal", failure: failure.fault };
  // Tests that passed without reading the file did not check it: the result must not say they did.
  state.testsUnread = !failure && testsRead === false;
  if (state.testsUnread && state.checked) state.checked = { ...state.checked, commands: ctx.checks.some((k) => k.kind === "lint") };
  // A retry would be refused to write over a file changed meanwhile: say now who likely did it.
  const retry = state.attempts < 1 + ctx.deps.config.retries;
  if (failure && retry && ctx.txn.changedSinceWrite(spec.output)) return { type: "fatal", failure: rewrittenByChecks(spec.output.rel, ctx.checks) };
  return failure ? { type: "failed", failure, answer: answer.text } : { type: "passed" };
}

/** The model's file changed while its checks ran: a `--fix` or a formatter in them, most likely. */
function rewrittenByChecks(rel: string, checks: readonly CommandCheck[]): Failure {
  const fields = [...new Set(checks.map((c) => (c.kind === "lint" ? "lint_command" : "test_command")))].join(" or ");
  return {
    code: "FILE_CHANGED",
    message: `${rel} changed while its checks ran (a --fix, --write or formatter in ${fields}, or an edit by hand): the retry does not write over it`,
    hint: `make ${fields} check without rewriting ${rel} (drop --fix or --write), then run the task again`,
  };
}

/** One generation for `prompt`, with the output limit each backend's context leaves. */
function askModel(ctx: AttemptContext, prompt: Prompt) {
  const { spec, deps } = ctx;
  const config = deps.config;
  return generate(ctx.pool, {
    kind: spec.kind,
    what: `task ${spec.task_id}`,
    signal: deps.signal,
    onEvent: ctx.onGenerate,
    // The prompt must fit the context of whichever backend takes it.
    request: (lease) => {
      const fit = fitOutput({ promptTokens: prompt.estimatedTokens, contextLength: lease.contextLength, maxOutputTokens: config.max_output_tokens, existing: ctx.inputs.existing, cutAt: ctx.state.cutAt });
      if (!fit.ok) return fit;
      return ok({
        messages: prompt.messages,
        maxTokens: fit.value.maxTokens,
        temperature: config.temperature,
        timeoutMs: config.timeout_ms,
        signal: deps.signal,
        onProgress: (p) => ctx.emit({ type: "progress", ...p }),
      });
    },
  });
}

/**
 * An answer whose every piece was reasoning, apart from the text (a template that opened <think>
 * and a model that never closed it): no file, and said so, to the user and to the retry, rather
 * than "empty". One cut off at the output limit is left to the extractor, which gives it more room.
 */
function onlyReasoning(answer: { text: string; finishReason: string | null; reasoning?: number | undefined }): { ok: false; error: CheckFailure } | null {
  if (answer.text.trim() || !answer.reasoning || answer.finishReason === "length") return null;
  return {
    ok: false,
    error: {
      kind: "format",
      message: "answer not usable: it held only the model's reasoning, and no file",
      details: "Your answer held only reasoning, and no file: end your thinking, then write the whole file",
    },
  };
}

/**
 * The file's content from an answer, held to what can be checked before anything is written: a
 * usable file in the answer, its syntax, and the names the spec promised. Pure but for the syntax
 * gate's lazy parser loading.
 */
async function fileFromAnswer(ctx: AttemptContext, text: string, finishReason: string | null): Promise<Result<string, CheckFailure>> {
  const { spec, state } = ctx;
  const extracted = extractFile(text, { outputFile: spec.output.rel, language: spec.language, finishReason });
  if (!extracted.ok) {
    state.wellFormed = false;
    return { ok: false, error: { kind: "format", message: `answer not usable: ${extracted.error.message}`, details: extracted.error.message } };
  }
  state.wellFormed = true;
  state.notes.push(...extracted.value.notes);
  const candidate = matchFinalNewline(matchLineEndings(extracted.value.content, ctx.inputs.existing), ctx.inputs.existing);
  // The next run must be able to read what this one writes, as context or as the file to change.
  const bytes = Buffer.byteLength(candidate);
  if (bytes > MAX_INPUT_FILE_BYTES) {
    state.wellFormed = false;
    const size = `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return { ok: false, error: { kind: "format", message: `answer not usable: the file would be ${size}, over the 1 MB a task may write`, details: `the file would be ${size}; a task writes at most 1 MB. Write a smaller file` } };
  }
  const clash = encodingClash(candidate, spec.language);
  if (clash) {
    const message = `answer not usable: the file declares its encoding as ${clash}, and its non-ASCII characters, written in UTF-8, would read as other characters`;
    return { ok: false, error: { kind: "format", message, details: `${message}. Keep the file ASCII (write each such character as an escape, such as \\xe9), or declare it UTF-8 if the task allows` } };
  }
  const syntax = await checkSyntax(candidate, spec.language, { file: spec.output.rel });
  if (!syntax.ok) {
    return { ok: false, error: { kind: "syntax", message: `syntax error: ${syntax.message.split("\n")[0]}`, details: syntax.message } };
  }
  const breach = await promiseBreach(ctx.promises, candidate, spec.language);
  if (breach) return { ok: false, error: { kind: "spec", message: breach.message, details: breach.details } };
  state.checked = { syntax: syntax.checked, commands: ctx.checks.length > 0 };
  if (syntax.note) state.notes.push(syntax.note);
  return ok(candidate);
}
