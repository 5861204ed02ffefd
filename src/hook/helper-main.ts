import { startWarm } from "./session-start.js";
import { serveHelper, type Answered, type HelperRequest } from "./helper-server.js";
import { runHookEvent } from "./run-hook.js";

// dist/hook-helper.cjs: the hook's resident helper, started detached by a hook that found none
// (helper-start.ts) with its socket's path as its argument. It exits when idle, when its socket is
// replaced or removed, or when it cannot listen; it prints nothing (nobody reads its output).

/** Gone after half an hour without a hook event: a session that is in use sends one every turn. */
const IDLE_MS = 30 * 60_000;
const WATCH_MS = 30_000;
/** A hook's own deadline is 8 s from its start, Claude Code's 10 s. */
const ANSWER_MS = 7_000;

async function answer(req: HelperRequest): Promise<Answered> {
  const json: unknown = JSON.parse(req.input);
  // Only the event the asking entry answers: the entry would give no opinion on another.
  if ((json as { hook_event_name?: unknown } | null)?.hook_event_name !== req.event) return { out: "" };
  const after: (() => void)[] = [];
  const out = await runHookEvent(json, {
    env: req.env,
    cwd: req.cwd,
    cliPath: req.cliPath,
    // The warm-up, the notes and the ledger line once the hook has its answer (helper-server.ts).
    warm: (cliPath, cwd, env) => void after.push(() => void startWarm(cliPath, cwd, env)),
    later: (work) => void after.push(work),
  });
  const runAfter = (): void => {
    for (const work of after) {
      try {
        work();
      } catch {
        /* a note that fails costs the next event a little, as in a hook's own process */
      }
    }
  };
  return { out: out ? `${JSON.stringify(out)}\n` : "", after: runAfter };
}

function msFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

async function main(): Promise<void> {
  const socket = process.argv[2];
  if (!socket) process.exit(2);
  // A bug in one event must not end the helper for all; the event's hook gets no opinion.
  process.on("uncaughtException", () => {});
  const env = process.env;
  const running = await serveHelper({ socket, answer, answerMs: ANSWER_MS, idleMs: msFrom(env.LOCAL_DELEGATE_HOOK_HELPER_IDLE_MS, IDLE_MS), watchMs: msFrom(env.LOCAL_DELEGATE_HOOK_HELPER_WATCH_MS, WATCH_MS) });
  if (!running.ok) process.exit(1);
  // Stopped by a person or a log-out: the socket goes with it.
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.once(signal, running.value.stop);
  await running.value.stopped;
  process.exit(0);
}

void main();
