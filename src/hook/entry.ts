import { writeSync } from "node:fs";
import { defaultCliPath, type HookEnv } from "./context.js";
import type { HookOutput } from "./output.js";
import { readInput } from "./stdin.js";

// What every hook entry does around its event's handler: reads the event on stdin, prints at most
// one JSON object, and always exits 0: a broken hook must never block Claude.
const MAX_INPUT = 16 * 1024 * 1024;
// A hook that hangs holds up Claude: give up (and allow) before Claude Code's own 10 s timeout.
// The input is read through the event loop (stdin.ts), so this fires even while stdin stays open.
const DEADLINE_MS = 8_000;

/**
 * Armed only before something that may wait: stdin not whole after the first read, a server
 * check, a spawn. Most events read a few small local files and never arm it, which saves the
 * first `setTimeout`'s cost (about 1% of a Node start) on every Write and prompt.
 */
let armed = false;
function armDeadline(): void {
  if (armed) return;
  armed = true;
  setTimeout(() => process.exit(0), DEADLINE_MS).unref();
}

/** Runs a hook entry: `handle` gets the event as parsed JSON; its answer is printed. */
export function runEntry(handle: (json: unknown, h: HookEnv) => Promise<HookOutput | null> | null): void {
  // A bug must not show Claude a stack trace or a failed hook: nothing printed, exit 0.
  process.on("uncaughtException", () => process.exit(0));
  readInput(MAX_INPUT, armDeadline)
    .then((input) => (input === null ? null : handle(JSON.parse(input), { env: process.env, cwd: process.cwd(), cliPath: defaultCliPath(), deadline: armDeadline })))
    .then(
      (out) => (out ? print(`${JSON.stringify(out)}\n`) : undefined),
      () => {},
    )
    // Everything the hook writes is written by now: exiting at once skips Node's tear-down of a
    // finished event loop, about 3% of a Node start.
    .finally(() => process.exit(0));
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
    armDeadline();
    return new Promise((resolve) => process.stdout.write(buf.subarray(off), () => resolve()));
  }
  return undefined;
}
