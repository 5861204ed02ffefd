import { describeThrown, formatFailure, ok, type Failure } from "../errors.js";
import type { GenerateEvent } from "../model/failover.js";
import { buildPrompt, type Prompt } from "../prompt/build.js";
import type { TaskSpec } from "../spec/load.js";
import { describeRestoreFailures } from "../write/restore.js";
import { Transaction } from "../write/transaction.js";
import { attempt, type AttemptContext } from "./attempt.js";
import { preflightChecks, type CommandCheck } from "./checks.js";
import type { EngineDeps } from "./deps.js";
import type { EngineEvent } from "./events.js";
import { buildOutcome, type OutcomeExtra } from "./outcome.js";
import { promiseGate } from "./promise-step.js";
import { renameSupport } from "../refactor/support.js";
import { readExisting, readTaskInputs } from "./read-inputs.js";
import { rewriteFits } from "./fit.js";
import { planRename } from "./rename-step.js";
import { statusForFailure, type RunOutcome, type RunStatus } from "./result.js";
import { retryPrompt } from "./retry-prompt.js";
import { openSession, type Session } from "./session.js";
import { newRunState, type RunState } from "./state.js";

export type { EngineDeps } from "./deps.js";

/**
 * spec → prompt → model → extract → write → verify → result, with one retry per configured
 * attempt carrying the error back. The model writes nothing itself: one generation per attempt,
 * and every file change goes through a transaction that can put the original back.
 */
export async function runTask(spec: TaskSpec, specText: string, deps: EngineDeps): Promise<RunOutcome> {
  const state = newRunState();
  const emit = deps.onEvent ?? (() => {});
  const end = (status: RunStatus, extra: OutcomeExtra = {}) => buildOutcome(spec, specText, state, status, extra, Date.now());
  // A command that cannot start fails every attempt, and would be written down as the model's.
  const unrunnable = preflightChecks(commandChecks(spec), spec.root, spec.output.rel);
  if (unrunnable) return end(statusForFailure(unrunnable), { failure: unrunnable });
  // Known from the file and the config alone, so refused before a lock, a backup or a server. The
  // file is read again under the lock; one that cannot be read now is left to that reading.
  const before = readExisting(spec);
  const fits = before.ok ? rewriteFits(before.value?.text ?? null, deps.config.max_output_tokens) : ok(undefined);
  if (!fits.ok) return end(statusForFailure(fits.error), { failure: fits.error });
  const session = await openSession(spec, deps, (what) => emit({ type: "wait", what, on: spec.output.rel }));
  if (!session.ok) return end(statusForFailure(session.error), { failure: session.error });
  try {
    state.notes.push(...session.value.notes);
    state.recovered = session.value.recovered;
    return await work(spec, deps, session.value, state, end);
  } finally {
    await session.value.close();
  }
}

type End = (status: RunStatus, extra?: OutcomeExtra) => RunOutcome;

/** Inputs, model, prompt, then the attempts; every way out goes through `end`. */
async function work(spec: TaskSpec, deps: EngineDeps, session: Session, state: RunState, end: End): Promise<RunOutcome> {
  const emit = deps.onEvent ?? (() => {});
  const failed = (f: Failure) => end(statusForFailure(f), { failure: f });
  const inputs = readTaskInputs(spec);
  if (!inputs.ok) return failed(inputs.error);
  // Again as read under the lock: the file may have changed while the run waited (recovery puts
  // back what a run that died left).
  const fits = rewriteFits(inputs.value.existing, deps.config.max_output_tokens);
  if (!fits.ok) return failed(fits.error);
  if (spec.rename) {
    // A rename that cannot be done whole is refused before the model is called: another language's
    // users, a star import, a name the importer binds itself…
    const whole = renameSupport({ root: spec.root, outputRel: spec.output.rel, language: spec.language, rename: spec.rename });
    if (!whole.ok) return failed(whole.error);
    const planned = await planRename(spec);
    if (!planned.ok) return failed(planned.error);
  }
  // Checked before anything is opened, so "no server" leaves no trace; the backend that takes
  // each attempt is picked again in `generate`, which fails over when one dies.
  const ready = await session.pool.firstUsable(spec.kind, { signal: deps.signal, onWait: (on) => emit({ type: "wait", what: "the model server to load its model", on }) });
  if (!ready.ok) return failed(ready.error);
  state.model = ready.value.model;
  state.server = ready.value.backend.id;
  emit({ type: "model", model: ready.value.model, flavor: ready.value.flavor, contextLength: ready.value.contextLength });

  const first = await buildPrompt({
    kind: spec.kind,
    description: spec.description,
    outputFile: spec.output.rel,
    language: spec.language,
    constraints: spec.constraints,
    rename: spec.rename,
    existing: inputs.value.existing,
    context: inputs.value.context,
    budget: deps.config.context_budget,
    shared: deps.sharedContext,
  });
  state.notes.push(...first.notes);
  const txn = Transaction.open(spec.root, session.data, spec.task_id, { onStep: deps.onWriteStep });
  if (!txn.ok) return failed(txn.error);
  state.runId = txn.value.runId;
  const promises = await promiseGate(spec, inputs.value);
  const ctx: AttemptContext = { spec, deps, pool: session.pool, txn: txn.value, locks: session.locks, inputs: inputs.value, checks: commandChecks(spec), promises, state, emit, onGenerate: generateEvents(emit, `${state.server} ${state.model}`) };
  try {
    return await attempts(ctx, first, end);
  } catch (e) {
    // A bug, or a callback that threw, once files may be written: they go back before anything
    // else, and the run still ends with a result line.
    return giveBack(ctx, end, "failed", { failure: { code: "INTERNAL", message: `the run stopped on an unexpected error: ${describeThrown(e)}` } });
  }
}

/** A success's tests: "none" when the test command passed without reading the file, and why. */
function successTests(ctx: AttemptContext): OutcomeExtra {
  if (!ctx.checks.some((k) => k.kind === "tests")) return { tests: "none" };
  if (!ctx.state.testsUnread) return { tests: "passed" };
  const rel = ctx.spec.output.rel;
  return { tests: "none", hint: `the test command passed without reading ${rel}, so no test checked it: add tests that import it, or make test_command run them` };
}

/** Up to 1 + `retries` attempts, each after the first told what was wrong with the last. */
async function attempts(ctx: AttemptContext, first: Prompt, end: End): Promise<RunOutcome> {
  const { spec, state, txn } = ctx;
  const maxAttempts = 1 + ctx.deps.config.retries;
  let prompt = first;
  while (state.attempts < maxAttempts) {
    ctx.emit({ type: "attempt", n: state.attempts + 1, of: maxAttempts });
    const step = await attempt(ctx, prompt);
    if (step.type === "passed") {
      // A run whose end is not recorded would be taken for a dead one by the next run's recovery,
      // which would put the original back: a success must be recorded, or it is not one.
      const c = txn.commit();
      const committed = c.ok ? c : txn.commit();
      if (!committed.ok) return giveBack(ctx, end, "failed", { failure: { code: "IO", message: `the file passed its checks, but the run's end could not be recorded (${committed.error.message}), so it was put back` } });
      return end("success", successTests(ctx));
    }
    // An earlier answer that failed its checks was judged all the same: its kind stays on the record.
    if (step.type === "fatal") return giveBack(ctx, end, statusForFailure(step.failure), { failure: step.failure, checkFailure: state.lastFailure });
    if (step.type === "unsent") {
      state.notes.push("no retry: the retry prompt does not fit the context");
      break;
    }
    state.lastFailure = step.failure;
    prompt = retryPrompt(first, step.answer, step.failure, spec.output.rel, spec.language);
    ctx.emit({ type: "retry", reason: step.failure.message });
  }
  // Out of attempts: Claude takes over, and finds the files as they were.
  const f = state.lastFailure;
  return giveBack(ctx, end, "escalated", { checkFailure: f, tests: f?.kind === "tests" ? "failed" : "none" });
}

/**
 * Puts every file back as it was before the run, then ends it with `status`. A file that could not
 * be put back is said in the result line (`restored: false`, where its original is), not only in
 * the ledger: Claude must not take the files for untouched.
 */
function giveBack(ctx: AttemptContext, end: End, status: RunStatus, extra: OutcomeExtra): RunOutcome {
  const r = ctx.txn.restore();
  ctx.state.notes.push(...describeRestoreFailures(r).map((m) => `restore failed: ${m}`), ...r.notes);
  ctx.state.content = null;
  ctx.state.updated = [];
  const lost = r.failed[0];
  if (!lost) return end(status, { ...extra, kept: r.kept });
  const failure: Failure = { code: "IO", message: `${extra.failure ? formatFailure({ ...extra.failure, hint: undefined }) : extra.checkFailure?.message ?? status}; and ${describeRestoreFailures(r).join("; ")}`, hint: "put the file back from its original, or run `local-delegate rollback` for this task" };
  // Not `escalated` nor `cancelled`: both promise the files as they were.
  return end("failed", { ...extra, failure, kept: r.kept, unrestored: { backup: lost.backup } });
}

function commandChecks(spec: TaskSpec): CommandCheck[] {
  return [
    ...(spec.lint_command ? [{ kind: "lint" as const, command: spec.lint_command }] : []),
    ...(spec.test_command ? [{ kind: "tests" as const, command: spec.test_command }] : []),
  ];
}

/** Backend events as engine events; a model line only when the backend or model changes. */
function generateEvents(emit: (e: EngineEvent) => void, initial: string): (e: GenerateEvent) => void {
  let shown = initial;
  return (e) => {
    if (e.type === "wait") emit({ type: "wait", what: "another task using the model server", on: e.on });
    else if (e.type === "failover") emit({ type: "failover", from: e.from, reason: e.reason });
    else if (`${e.backend} ${e.model}` !== shown) {
      shown = `${e.backend} ${e.model}`;
      emit({ type: "model", model: e.model, flavor: e.flavor, contextLength: e.contextLength });
    }
  };
}
