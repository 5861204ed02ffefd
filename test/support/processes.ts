// Killing processes from a test without ever hitting someone else's. Pids wrap (at 32768 on this
// machine, where several suites spawn thousands of processes), so a pid read from a file or a job's
// state may belong to a stranger by the time a test or its clean-up signals it. Every kill here is
// checked first, with production's own identity checks (src/jobs/proc.ts, src/util/tagged.ts):
// - a pid together with the start time it had when it was known to be ours (`identify`);
// - or a tag in the environment: every process a test starts, and all they start in turn, carry
//   it, and a reused pid does not (`processTag`);
// - or a child Node has not reaped yet: until then its pid, and the group it leads, cannot be
//   anyone else's (`signalChild`).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach } from "vitest";
import { probe } from "../../src/jobs/proc.js";
import { killUntilGone, signalAll, taggedProcesses } from "../../src/util/tagged.js";

/** Who `pid` is now (its start time, on Linux with the boot id), or null when no such process runs. */
export function identify(pid: number): string | null {
  const p = probe(pid);
  return p.alive ? p.identity : null;
}

/** Whether `pid` is still the very process `identity` names: alive, and not a reused pid. */
export function isSame(pid: number, identity: string | null): boolean {
  return identity !== null && identify(pid) === identity;
}

/**
 * Signals `pid` (and the process group it leads) only if it is still the process `identity`
 * names. While it runs, no other group can carry its number, so the group is its own.
 * Returns whether the signal was sent.
 */
export function signalIfSame(pid: number, identity: string | null, sig: NodeJS.Signals): boolean {
  if (!isSame(pid, identity)) return false;
  signalAll([pid], sig);
  return true;
}

/** Whether Node still holds `child` unreaped: its pid (and the group it leads) is still ours. */
export function unreaped(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * Signals a child this process spawned, and with `group` the process group it leads (spawned
 * `detached`), only while Node has not reaped it. Once reaped, its pid is free for anyone: what is
 * left of its group is found by a `processTag` instead.
 */
export function signalChild(child: ChildProcess, sig: NodeJS.Signals, opts: { group?: boolean } = {}): boolean {
  if (!unreaped(child)) return false;
  try {
    process.kill(opts.group ? -child.pid! : child.pid!, sig);
    return true;
  } catch {
    return false; // exited meanwhile
  }
}

/** The environment variable that marks the processes of one test. */
export const TEST_TAG = "LOCAL_DELEGATE_TEST_TAG";

export interface ProcessTag {
  value: string;
  /** Put into the environment of whatever the test starts. */
  env: Record<string, string>;
  /** The live processes carrying the tag (zombies carry no environment); [] where there is no /proc. */
  running(): number[];
  /**
   * Whether every process carrying the tag ends by itself within `ms` (one sent SIGKILL needs no
   * more help, but may take a moment to go on a loaded machine; one nobody killed is still there).
   */
  allGone(ms?: number): Promise<boolean>;
  /** SIGKILLs every process carrying the tag, until none is left (a few seconds at most). */
  killAll(): void;
}

/** A fresh tag: `env` goes into what a test starts; `running` and `killAll` find exactly those processes. */
export function processTag(): ProcessTag {
  const value = randomBytes(8).toString("hex");
  const running = () => taggedProcesses(TEST_TAG, value) ?? [];
  return {
    value,
    env: { [TEST_TAG]: value },
    running,
    allGone: async (ms = 10_000) => {
      const until = Date.now() + ms;
      while (running().length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return running().length === 0;
    },
    killAll: () => killUntilGone(() => taggedProcesses(TEST_TAG, value), 5_000),
  };
}

/**
 * A tag per test, also set in this process's own environment while the test runs, so that what an
 * in-process run starts (a test command spawned with `process.env`) carries it too; `cliEnv` and
 * `isolatedEnv` pass it on to a CLI started as a child. After each test, every process still
 * carrying it is killed. Returns a getter for the current test's tag.
 */
export function useProcessTag(): () => ProcessTag {
  let tag = processTag();
  let before: string | undefined;
  beforeEach(() => {
    tag = processTag();
    before = process.env[TEST_TAG];
    process.env[TEST_TAG] = tag.value;
  });
  afterEach(() => {
    tag.killAll();
    if (before === undefined) delete process.env[TEST_TAG];
    else process.env[TEST_TAG] = before;
  });
  return () => tag;
}

/** The current test's tag as environment, for a child started with an environment built from scratch. */
export function inheritedTag(): Record<string, string> {
  const v = process.env[TEST_TAG];
  return v ? { [TEST_TAG]: v } : {};
}
