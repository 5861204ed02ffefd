import { existsSync, readFileSync } from "node:fs";
import { keptLedgers } from "../classify/kept-records.js";
import { killUntilGone, procStat, taggedProcesses } from "../util/tagged.js";
import { defaultCliPath } from "./context.js";
import { serveHelper, type Answered, type HelperRequest } from "./helper-server.js";
import { HELPER_TAG } from "./helper-start.js";
import { trustedEnv, warmEnv } from "./helper-trust.js";
import { runHookEvent } from "./run-hook.js";
import { startWarm } from "./session-start.js";

// dist/hook-helper.cjs: the hook's resident helper, started detached by a hook that found none
// (helper-start.ts) with its socket's path as its argument. It exits when idle, when its socket is
// replaced or removed, when its bundle is gone, or when it cannot listen; it prints nothing
// (nobody reads its output).

/** Gone after half an hour without a hook event: a session that is in use sends one every turn. */
const IDLE_MS = 30 * 60_000;
const WATCH_MS = 30_000;
/** A stuck helper has run at least this long: a start takes well under it. */
const EVICT_AFTER_MS = 10_000;
/** Under the 3 s a hook waits (entry.ts): a late event is the hook's to do, never both's. */
const ANSWER_MS = 2_500;

/** Read once, then only what each event appends (classify/kept-records.ts). */
const ledgers = keptLedgers();

async function answer(req: HelperRequest): Promise<Answered> {
  const json: unknown = JSON.parse(req.input);
  // Only the event the asking entry answers: the entry would give no opinion on another.
  if ((json as { hook_event_name?: unknown } | null)?.hook_event_name !== req.event) return { out: "" };
  const after: (() => void)[] = [];
  const env = trustedEnv(req.env, process.env);
  const out = await runHookEvent(json, {
    env,
    cwd: req.cwd,
    cliPath: req.cliPath,
    // The warm-up, the notes and the ledger line once the hook has its answer (helper-server.ts);
    // the warm-up from this helper's own bundle (helper-trust.ts).
    warm: (_cliPath, cwd) => void after.push(() => void startWarm(defaultCliPath(), cwd, warmEnv(env, process.env))),
    later: (work) => void after.push(work),
    ledgers,
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
  const script = process.argv[1];
  if (!socket || !script) process.exit(2);
  // Stopped by a person or a log-out, even while it is still starting: the socket goes with it.
  let stop = (): void => process.exit(0);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.once(signal, () => stop());
  // A failing event is answered "do it yourself" (helper-server.ts); anything thrown outside one
  // may have left the helper in a state nobody knows: it stops, and the next hook starts another.
  process.on("uncaughtException", () => stop());
  const env = process.env;
  const running = await serveHelper({
    socket,
    answer,
    answerMs: ANSWER_MS,
    idleMs: msFrom(env.LOCAL_DELEGATE_HOOK_HELPER_IDLE_MS, IDLE_MS),
    watchMs: msFrom(env.LOCAL_DELEGATE_HOOK_HELPER_WATCH_MS, WATCH_MS),
    // An update or an uninstall removed its bundle: its siblings can no longer load.
    stillValid: () => existsSync(script),
    // A helper started with this one (two hooks at once) is young, and spared: the later rename wins.
    evict: () => evictStuck(socket, msFrom(env.LOCAL_DELEGATE_HOOK_HELPER_EVICT_AFTER_MS, EVICT_AFTER_MS)),
  });
  if (!running.ok) process.exit(1);
  stop = running.value.stop;
  await running.value.stopped;
  process.exit(0);
}

/**
 * Ends what is left of earlier helpers of this socket, which answer nothing on it (or the new one
 * would not be starting): each is found by the tag a hook starts it with (helper-start.ts), so
 * no other process is touched. On Linux, where /proc tells; elsewhere a stuck one stays until its
 * own timers end it.
 */
function evictStuck(socket: string, olderThanMs: number): void {
  const others = (): number[] => (taggedProcesses(HELPER_TAG, socket) ?? []).filter((pid) => pid !== process.pid && ageMs(pid) >= olderThanMs);
  if (others().length > 0) killUntilGone(others, 2_000);
}

/**
 * How long a process has run, from /proc (its start in clock ticks since boot, which Linux counts
 * at 100 a second for every process it shows); 0 when unknown, which spares it.
 */
function ageMs(pid: number): number {
  try {
    const started = Number(procStat(pid)?.start) * 10;
    const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
    return Number.isFinite(started) && Number.isFinite(uptime) ? Math.max(0, uptime - started) : 0;
  } catch {
    return 0;
  }
}

void main();
