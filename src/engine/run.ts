import { join } from "node:path";
import type { Config } from "../config/schema.js";
import { formatFailure, ok, type Failure } from "../errors.js";
import { extractFile } from "../extract/extract.js";
import type { ChatOutcome } from "../model/chat.js";
import { createBackends } from "../model/endpoints.js";
import { generate, type GenerateEvent } from "../model/failover.js";
import { BackendPool } from "../model/pool.js";
import { buildPrompt, buildRetry, type Prompt } from "../prompt/build.js";
import { dataDir } from "../project/root.js";
import type { TaskSpec } from "../spec/load.js";
import { acquireLock } from "../util/lock.js";
import { fileLockPath } from "../write/file-lock.js";
import { checkSyntax } from "../verify/syntax.js";
import { pruneBackups } from "../write/prune.js";
import { Transaction, type WriteStep } from "../write/transaction.js";
import { listRuns } from "../write/manifest.js";
import { recoverInterrupted } from "../write/recover.js";
import { describeRestoreFailures, type RestoreReport } from "../write/restore.js";
import { RUN_ENV, stopRunLeftovers } from "./leftovers.js";
import { matchLineEndings } from "../write/eol.js";
import { runChecks, type CheckFailure, type CommandCheck } from "./checks.js";
import { fitOutput } from "./fit.js";
import { readTaskInputs } from "./read-inputs.js";
import { statusForFailure, type RunOutcome } from "./result.js";
import { applyRename } from "./rename-step.js";
import type { EngineEvent } from "./events.js";

export interface EngineDeps {
  config: Config;
  /** User-level state folder: locks shared by every project that uses the same server. */
  stateDir: string;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: EngineEvent) => void) | undefined;
  /**
   * The model backends and what is known of their health. A plan shares one across its tasks;
   * without it the run makes its own from the config and frees it at the end.
   */
  pool?: BackendPool | undefined;
  /** Called at each step of a file change (the CLI installs the kill tests' pause points here). */
  onWriteStep?: ((step: WriteStep) => void) | undefined;
}

/** The answer kept in a retry prompt: enough for the model to see what it wrote. */
const MAX_ANSWER_IN_RETRY = 16_000;

/**
 * spec → prompt → model → extract → write → verify → result, with one retry per configured
 * attempt carrying the error back. The model writes nothing itself: one generation per attempt,
 * and every file change goes through a transaction that can put the original back.
 */
export async function runTask(spec: TaskSpec, specText: string, deps: EngineDeps): Promise<RunOutcome> {
  const started = Date.now();
  const { config } = deps;
  const emit = deps.onEvent ?? (() => {});
  const notes: string[] = [];
  const usage = { prompt: 0, completion: 0, measured: false };
  let attempts = 0;
  let wellFormed: boolean | null = null;
  let modelId: string | undefined;
  let content: string | null = null;
  let updated: string[] = [];
  let runId: string | null = null;
  let serverId: string | null = null;

  const outcome = (status: RunOutcome["result"]["status"], extra: {
    failure?: Failure | null;
    checkFailure?: CheckFailure | null;
    tests?: "passed" | "failed" | "none";
  } = {}): RunOutcome => {
    const f = extra.failure ?? null;
    const err = f ? formatFailure({ ...f, hint: undefined }) : extra.checkFailure?.message;
    return {
      result: {
        status,
        task_id: spec.task_id,
        file: spec.output.rel,
        attempts,
        tests: extra.tests ?? "none",
        well_formed: wellFormed,
        ...(status === "success" && content !== null ? { lines: countLines(content) } : {}),
        ...(updated.length ? { updated } : {}),
        ...(err ? { error: err } : {}),
        ...(f?.hint ? { hint: f.hint } : {}),
        ...(modelId ? { model: modelId } : {}),
        ...(usage.measured ? { local_tokens: { prompt: usage.prompt, completion: usage.completion } } : {}),
        ms: Date.now() - started,
      },
      kind: spec.kind,
      code: f?.code ?? (extra.checkFailure ? "VERIFY_FAILED" : null),
      failureKind: extra.checkFailure?.kind ?? null,
      server: serverId,
      usageMeasured: usage.measured,
      notes,
      content: status === "success" ? content : null,
      specText,
      runId,
    };
  };
  const failed = (f: Failure) => outcome(statusForFailure(f), { failure: f });

  let pool = deps.pool;
  if (!pool) {
    const backends = createBackends(config, spec.root);
    if (!backends.ok) return failed(backends.error);
    pool = new BackendPool(backends.value, { stateDir: deps.stateDir, lockWaitMs: config.lock_wait_ms, contextLength: config.context_length });
  }
  const ownPool = deps.pool ? null : pool;
  serverId = pool.backends[0]?.id ?? null;
  const data = dataDir(spec.root);
  const fileLock = await acquireLock(fileLockPath(data, spec.output.rel), {
    what: `task ${spec.task_id} on ${spec.output.rel}`,
    waitMs: config.lock_wait_ms,
    signal: deps.signal,
    onWait: (h) => emit({ type: "wait", what: h ? h.what : "another run", on: spec.output.rel }),
  });
  if (!fileLock.ok) return failed(fileLock.error);
  try {
    // One reading of the backups serves both: recovery marks what it recovers in it.
    const runs = listRuns(data);
    const recovered = recoverInterrupted(spec.root, data, stopRunLeftovers, runs);
    if (recovered.ok && recovered.value.length) notes.push(`restored files of interrupted runs: ${recovered.value.join(", ")}`);
    // After recovery, so a dead run's files are back before its backups could go. A recovery that
    // failed part way may have marked a run it could not save: the disk is read again then.
    await pruneBackups(data, config.keep_backups_days, { held: spec.output.rel, runs: recovered.ok ? runs : undefined });

    const inputs = readTaskInputs(spec);
    if (!inputs.ok) return failed(inputs.error);

    // Checked before anything is opened, so "no server" leaves no trace; the backend that takes
    // each attempt is picked again in `generate`, which fails over when one dies.
    const ready = await pool.firstUsable(spec.kind);
    if (!ready.ok) return failed(ready.error);
    modelId = ready.value.model;
    serverId = ready.value.backend.id;
    let shown = `${serverId} ${modelId}`;
    emit({ type: "model", model: modelId, flavor: ready.value.flavor, contextLength: ready.value.contextLength });
    const onGenerate = (e: GenerateEvent) => {
      if (e.type === "wait") emit({ type: "wait", what: "another task using the model server", on: e.on });
      else if (e.type === "failover") emit({ type: "failover", from: e.from, reason: e.reason });
      else if (`${e.backend} ${e.model}` !== shown) {
        shown = `${e.backend} ${e.model}`;
        emit({ type: "model", model: e.model, flavor: e.flavor, contextLength: e.contextLength });
      }
    };

    const first = buildPrompt({
      kind: spec.kind,
      description: spec.description,
      outputFile: spec.output.rel,
      language: spec.language,
      constraints: spec.constraints,
      rename: spec.rename,
      existing: inputs.value.existing,
      context: inputs.value.context,
      budget: config.context_budget,
    });
    notes.push(...first.notes);

    const txn = Transaction.open(spec.root, data, spec.task_id, { onStep: deps.onWriteStep });
    if (!txn.ok) return failed(txn.error);
    runId = txn.value.runId;
    const checks: CommandCheck[] = [
      ...(spec.lint_command ? [{ kind: "lint" as const, command: spec.lint_command }] : []),
      ...(spec.test_command ? [{ kind: "tests" as const, command: spec.test_command }] : []),
    ];

    let prompt: Prompt = first;
    let lastFailure: CheckFailure | null = null;
    const maxAttempts = 1 + config.retries;
    while (attempts < maxAttempts) {
      emit({ type: "attempt", n: attempts + 1, of: maxAttempts });
      const current = prompt;
      const gen = await generate(pool, {
        kind: spec.kind,
        what: `task ${spec.task_id}`,
        signal: deps.signal,
        onEvent: onGenerate,
        // The prompt must fit the context of whichever backend takes it.
        request: (lease) => {
          const fit = fitOutput({ promptTokens: current.estimatedTokens, contextLength: lease.contextLength, maxOutputTokens: config.max_output_tokens, existing: inputs.value.existing });
          if (!fit.ok) return fit;
          return ok({
            messages: current.messages,
            maxTokens: fit.value.maxTokens,
            temperature: config.temperature,
            timeoutMs: config.timeout_ms,
            signal: deps.signal,
            onProgress: (p) => emit({ type: "progress", ...p }),
          });
        },
      });
      if (!gen.ok) {
        const { sent, ...f } = gen.error;
        if (!sent && f.code === "CONTEXT_OVERFLOW" && attempts > 0) {
          notes.push("no retry: the retry prompt does not fit the context");
          break;
        }
        return abort(txn.value, f);
      }
      attempts++;
      notes.push(...gen.value.failovers);
      serverId = gen.value.backend;
      modelId = gen.value.model;
      const answer: ChatOutcome = gen.value.answer;
      if (answer.usage) {
        usage.prompt += answer.usage.prompt_tokens;
        usage.completion += answer.usage.completion_tokens;
        usage.measured = true;
      }
      if (answer.model) modelId = answer.model;

      const extracted = extractFile(answer.text, { outputFile: spec.output.rel, language: spec.language, finishReason: answer.finishReason });
      if (!extracted.ok) {
        wellFormed = false;
        lastFailure = { kind: "format", message: `answer not usable: ${extracted.error.message}`, details: extracted.error.message };
        prompt = buildRetry(first, clip(answer.text), "the answer could not be used as the file", `${extracted.error.message}. Answer with the whole file in one fenced code block.`, spec.output.rel, spec.language);
        emit({ type: "retry", reason: lastFailure.message });
        continue;
      }
      wellFormed = true;
      notes.push(...extracted.value.notes);
      const candidate = matchLineEndings(extracted.value.content, inputs.value.existing);
      const syntax = checkSyntax(candidate, spec.language);
      if (!syntax.ok) {
        lastFailure = { kind: "syntax", message: `syntax error: ${syntax.message.split("\n")[0]}`, details: syntax.message };
        prompt = buildRetry(first, clip(answer.text), "the file has a syntax error", syntax.message, spec.output.rel, spec.language);
        emit({ type: "retry", reason: lastFailure.message });
        continue;
      }

      emit({ type: "write", file: spec.output.rel });
      const w = txn.value.write(spec.output, candidate);
      if (!w.ok) return abort(txn.value, w.error);
      content = candidate;
      if (spec.rename) {
        const r = applyRename(spec, txn.value);
        if (!r.ok) return abort(txn.value, r.error);
        updated = r.value;
      }

      // Tagged with the run, so that if this process is killed the next run finds and stops them.
      lastFailure = await runChecks(checks, spec.root, config.test_timeout_ms, deps.signal, (step) => emit({ type: "verify", step }), { [RUN_ENV]: txn.value.runId });
      if (deps.signal?.aborted) return abort(txn.value, { code: "CANCELLED", message: "cancelled" });
      if (!lastFailure) {
        const c = txn.value.commit();
        if (!c.ok) notes.push(c.error.message);
        return outcome("success", { tests: checks.some((k) => k.kind === "tests") ? "passed" : "none" });
      }
      prompt = buildRetry(first, clip(answer.text), lastFailure.kind === "tests" ? "the tests failed" : "the lint command failed", lastFailure.details, spec.output.rel, spec.language);
      emit({ type: "retry", reason: lastFailure.message });
    }

    // Out of attempts: Claude takes over, and finds the files as they were.
    noteRestore(txn.value.restore());
    content = null;
    updated = [];
    return outcome("escalated", { checkFailure: lastFailure, tests: lastFailure?.kind === "tests" ? "failed" : "none" });
  } finally {
    fileLock.value();
    await ownPool?.dispose();
  }

  function abort(txn: Transaction, f: Failure): RunOutcome {
    noteRestore(txn.restore());
    content = null;
    updated = [];
    return failed(f);
  }

  function noteRestore(r: RestoreReport): void {
    notes.push(...describeRestoreFailures(r).map((l) => `restore failed: ${l}`), ...r.notes);
  }
}

function countLines(s: string): number {
  return s.endsWith("\n") ? s.split("\n").length - 1 : s.split("\n").length;
}

function clip(answer: string): string {
  return answer.length > MAX_ANSWER_IN_RETRY ? `${answer.slice(0, MAX_ANSWER_IN_RETRY)}\n… (cut)` : answer;
}

