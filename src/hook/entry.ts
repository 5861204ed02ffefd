import { writeSync } from "node:fs";
import { defaultCliPath, type HookEnv } from "./context.js";
import { MAX_HOOK_INPUT, type HookEventName } from "./event.js";
import type { HookOutput } from "./output.js";
import { askHelper, helperRequest } from "./helper-client.js";
import { helperSocket } from "./helper-place.js";
import { startHelper } from "./helper-start.js";
import { after } from "./quiet-timer.js";
import { readInput } from "./stdin.js";

// What every hook entry does around its event's handler: reads the event on stdin (up to
// MAX_HOOK_INPUT), prints at most one JSON object, and always exits 0: a broken hook must never block Claude.

// A hook that hangs holds up Claude: give up (and allow) before Claude Code's own 10 s timeout.
// Armed as the hook starts (quiet-timer.ts: almost free), so it covers whatever may wait: stdin,
// the resident helper, a server check, a spawn.
const DEADLINE_MS = 8_000;
// The helper answers at once, or after the server check a session start makes (800 ms at most):
// one that has not answered in this long is stuck, and the hook does the work itself in the time left.
const HELPER_WAIT_MS = 3_000;

type Handler = (json: unknown, h: HookEnv) => Promise<HookOutput | null> | null;

/** Which event an entry answers, and whether all of it is handed to the resident helper before anything else. */
export interface EntryHelp {
  event: HookEventName;
  first: boolean;
  /** What the entry does in its own process even when the helper answers (what the helper must not do for it). */
  ownWork?: (json: unknown) => void;
}

/**
 * Runs a hook entry: `handle` gets the event as parsed JSON; its answer is printed. With `help`,
 * the resident helper answers (helper-server.ts): the whole event when `first`, else what the
 * handler hands it through `h.helper`; `handle` does the work itself when there is none.
 */
export function runEntry(handle: Handler, help?: EntryHelp): void {
  // A bug must not show Claude a stack trace or a failed hook: nothing printed, exit 0.
  process.on("uncaughtException", () => process.exit(0));
  after(DEADLINE_MS, () => process.exit(0));
  readInput(MAX_HOOK_INPUT)
    .then((input) => (input === null ? undefined : answer(input, handle, help)))
    .catch(() => {})
    // Everything the hook writes is written by now: exiting at once skips Node's tear-down of a
    // finished event loop, about 3% of a Node start.
    .finally(() => process.exit(0));
}

async function answer(input: string, handle: Handler, help: EntryHelp | undefined): Promise<void> {
  const run = { env: process.env, cwd: process.cwd(), cliPath: defaultCliPath() };
  const helper = help ? entryHelper(input, help.event, run) : null;
  const h: HookEnv = { ...run, helper: helper?.ask };
  let out: HookOutput | null = null;
  try {
    const helped = help?.first ? await helper?.ask() : null;
    if (helped) help?.ownWork?.(JSON.parse(input));
    out = helped ? helped.answer : await handle(JSON.parse(input), h);
  } finally {
    if (out) await print(`${JSON.stringify(out)}\n`);
    // Once answered: the helper is for the next event. Started for Claude Code's plugin hooks
    // only (it sets CLAUDE_PLUGIN_ROOT), not for a person or a script running an entry by hand.
    if (helper?.missing && process.env.CLAUDE_PLUGIN_ROOT) await startHelper(helper.missing, process.env);
  }
}

/**
 * The resident helper, for a handler that has work worth handing over. When none answers (none
 * listens, or one is stuck), `missing` is its socket: one is started once this event is answered,
 * and a stuck one is ended by it (helper-main.ts).
 */
function entryHelper(input: string, event: HookEventName, run: Pick<HookEnv, "env" | "cwd" | "cliPath">): { ask: NonNullable<HookEnv["helper"]>; missing: string | null } {
  const self = {
    missing: null as string | null,
    ask: async (): Promise<{ answer: HookOutput | null } | null> => {
      const socket = helperSocket(run.env);
      if (!socket) return null;
      const until = Date.now() + HELPER_WAIT_MS;
      const asked = await askHelper(socket, helperRequest({ event, input, ...run, until }), HELPER_WAIT_MS);
      if (!("out" in asked)) {
        if (asked.fallback !== "failed") self.missing = socket;
        return null;
      }
      try {
        return { answer: asked.out ? (JSON.parse(asked.out) as HookOutput) : null };
      } catch {
        // Not what a helper of this build says: the hook does the work itself.
        return null;
      }
    },
  };
  return self;
}

/**
 * One small line, written straight to fd 1: `process.stdout` on a pipe or socket would load
 * Node's socket and stream modules for it, about a fifth of a bare Node start. A stdout left
 * non-blocking by the parent and momentarily full gets the rest through `process.stdout`, and the
 * hook exits once it is written.
 */
function print(line: string): Promise<void> | undefined {
  const buf = Buffer.from(line, "utf8");
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(1, buf, off, buf.length - off);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EAGAIN") return undefined;
    return new Promise((resolve) => process.stdout.write(buf.subarray(off), () => resolve()));
  }
  return undefined;
}
