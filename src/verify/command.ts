import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { killUntilGone, signalAll, taggedProcesses } from "../util/tagged.js";

/** Set in the environment of each command: whatever it starts carries it, even out of its group. */
export const COMMAND_ENV = "LOCAL_DELEGATE_COMMAND_ID";
/** How long the output may stay open once the command's shell has ended and its leftovers were stopped. */
const DRAIN_MS = 2_000;

export interface CommandResult {
  exitCode: number | null;
  /** The signal that ended the command (its shell, or the runner it exec'd), when it did not exit. */
  signal?: NodeJS.Signals | null;
  /** stdout and stderr interleaved, capped: the head and the tail are kept. */
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  ms: number;
}

export interface CommandOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv | undefined;
  signal?: AbortSignal | undefined;
  /** Bytes of output kept from the start and from the end. */
  keepBytes?: number;
}

/**
 * Runs a lint or test command in its own process group, so a timeout or a cancel kills the whole
 * tree (a test runner's workers included), and keeps only the head and tail of its output so a
 * command printing megabytes cannot fill memory. The command is over when its shell ends: what it
 * left running is stopped then (it could write into the project after the verdict), and output
 * held open by something that cannot be stopped is not waited for.
 */
export function runCommand(command: string, opts: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  // An abort event has already fired for a signal aborted before the call: nothing would stop it.
  if (opts.signal?.aborted) return Promise.resolve({ exitCode: null, output: "", timedOut: false, cancelled: true, ms: 0 });
  const id = randomBytes(8).toString("hex");
  return new Promise((resolve) => {
    const bash = pipefailShell(command);
    const child = spawn(bash ? `set -o pipefail\n${command}` : command, {
      cwd: opts.cwd,
      shell: bash ?? true,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...opts.env, CI: "1", FORCE_COLOR: "0", NO_COLOR: "1", [COMMAND_ENV]: id },
    });
    const { take, text } = headAndTail(opts.keepBytes ?? 32 * 1024);
    // A decoder per stream: a chunk may end inside a UTF-8 character, finished by the next one.
    const outText = new StringDecoder("utf8");
    const errText = new StringDecoder("utf8");
    child.stdout?.on("data", (b: Buffer) => take(outText.write(b)));
    child.stderr?.on("data", (b: Buffer) => take(errText.write(b)));

    let timedOut = false;
    let cancelled = false;
    let killed: Promise<void> | null = null;
    const kill = () => {
      killed ??= Promise.all([killTree(child.pid), stopTagged(id)]).then(() => undefined);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    let finished = false;
    let drain: NodeJS.Timeout | undefined;
    const done = (exitCode: number | null, signal: NodeJS.Signals | null = null) => {
      if (finished) return;
      finished = true;
      take(outText.end() + errText.end());
      clearTimeout(timer);
      clearTimeout(drain);
      opts.signal?.removeEventListener("abort", onAbort);
      const result = { exitCode, signal, output: text(), timedOut, cancelled, ms: Date.now() - started };
      // The shell can close its output before a child that ignores SIGTERM is dead; the CLI exits
      // as soon as the run ends, so the result waits until the group is gone or sent SIGKILL.
      if (killed) void killed.then(() => resolve(result));
      else resolve(result);
    };
    child.on("error", (e) => {
      take(`cannot start the command: ${e.message}\n`);
      done(null);
    });
    child.on("exit", (code, signal) => {
      // The shell ended: not a timeout any more. Its leftovers are stopped; output a process out
      // of reach (another user's, no /proc) still holds open is given up after a short wait.
      clearTimeout(timer);
      kill();
      void killed!.then(() => {
        if (finished) return;
        drain = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          done(code, signal);
        }, DRAIN_MS);
      });
    });
    child.on("close", (code, signal) => done(code, signal));
  });
}

/**
 * bash, for a command with a pipeline, where there is one: `npm test | tee log` then exits with
 * the runner's failure, not tee's 0. /bin/sh is dash on Debian and Ubuntu, which has no pipefail,
 * and a runner whose failure has no summary the engine reads would pass (tests-failed.ts).
 */
function pipefailShell(command: string): string | undefined {
  if (process.platform === "win32" || !/(?:^|[^|])\|(?!\|)/.test(command)) return undefined;
  return ["/bin/bash", "/usr/bin/bash"].find((p) => existsSync(p));
}

/** Keeps the first and the last `keep` characters of what it is given, and counts the rest. */
function headAndTail(keep: number): { take: (s: string) => void; text: () => string } {
  let head = "";
  let tail = "";
  let dropped = 0;
  const take = (s: string) => {
    if (head.length < keep) {
      const room = keep - head.length;
      head += s.slice(0, room);
      if (s.length <= room) return;
      tail += s.slice(room);
    } else tail += s;
    if (tail.length > keep) {
      dropped += tail.length - keep;
      tail = tail.slice(tail.length - keep);
    }
  };
  return { take, text: () => (dropped ? `${head}\n… (${dropped} bytes of output cut) …\n${tail}` : head + tail) };
}

/**
 * The processes carrying the command's tag (Linux): SIGTERM, then SIGKILL for what is left after
 * the grace. They reach what the group does not: a process that called setsid.
 */
function stopTagged(id: string, graceMs = 1_500): Promise<void> {
  const find = () => taggedProcesses(COMMAND_ENV, id);
  const first = find();
  if (!first?.length) return Promise.resolve();
  signalAll(first, "SIGTERM");
  const until = performance.now() + graceMs;
  return new Promise((resolve) => {
    const check = () => {
      if (!find()?.length) return resolve();
      if (performance.now() < until) return void setTimeout(check, 50);
      killUntilGone(find);
      resolve();
    };
    setTimeout(check, 50);
  });
}

/**
 * SIGTERM to the group, then SIGKILL for whatever ignores it. Resolves once the group is gone or
 * has been sent SIGKILL; until then a timer keeps this process alive, so a caller that exits
 * right after cannot leave a process behind.
 */
export function killTree(pid: number | undefined, graceMs = 1_500): Promise<void> {
  if (!pid) return Promise.resolve();
  const target = process.platform === "win32" ? pid : -pid;
  const send = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(target, sig);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  // A group already gone is not polled: its number may be anyone's from now on.
  if (!send("SIGTERM")) return Promise.resolve();
  const until = performance.now() + graceMs;
  return new Promise((resolve) => {
    const check = () => {
      if (!send(0)) return resolve();
      if (performance.now() >= until) {
        send("SIGKILL");
        return resolve();
      }
      setTimeout(check, 50);
    };
    setTimeout(check, 50);
  });
}
