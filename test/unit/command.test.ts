import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/verify/command.js";
import { useProcessTag } from "../support/processes.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { waitFor } from "../support/wait.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-cmd-");
});
afterEach(() => dir.cleanup());
// The commands run with this process's environment: each test's tag marks every process they start.
const tag = useProcessTag();

const run = (command: string, extra: Partial<Parameters<typeof runCommand>[1]> = {}) => runCommand(command, { cwd: dir.path, timeoutMs: 4_000, ...extra });

/** Spawns `sleep 1000` as a grandchild, says so (before the pid file: once the file is there, so is the word), then waits on it. */
const GRANDCHILD = 'sleep 1000 & echo started; echo $! > grandchild.pid; wait';
const started = () => existsSync(dir.join("grandchild.pid"));
/** A cancel that comes once the grandchild is known to run, not after a guess of how long that takes. */
function abortOnceStarted(): AbortSignal {
  const ac = new AbortController();
  void waitFor("the grandchild", started, 20_000, 20).then(() => ac.abort());
  return ac.signal;
}

describe("runCommand", () => {
  it("reports exit codes and output from stdout and stderr", async () => {
    const ok = await run("echo out; echo err 1>&2");
    expect(ok).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(ok.output).toContain("out\n");
    expect(ok.output).toContain("err\n");
    expect((await run("exit 3")).exitCode).toBe(3);
    const missing = await run("definitely-not-a-command-ld");
    expect(missing.exitCode).toBe(127);
    expect(missing.output).toMatch(/not found/);
  });

  it("runs in the given folder with CI and colour turned off", async () => {
    const r = await run('pwd; echo "CI=$CI NO_COLOR=$NO_COLOR FORCE_COLOR=$FORCE_COLOR X=$X"', { env: { X: "y" } });
    expect(r.output).toContain(`${dir.path}\n`);
    expect(r.output).toContain("CI=1 NO_COLOR=1 FORCE_COLOR=0 X=y");
  });

  it("keeps only the head and tail of megabytes of output", async () => {
    const r = await run("printf START; head -c 3000000 /dev/zero | tr '\\0' x; printf END", { keepBytes: 1024 });
    expect(r.exitCode).toBe(0);
    expect(r.output.startsWith(`START${"x".repeat(1019)}\n`)).toBe(true);
    expect(r.output.endsWith(`${"x".repeat(1021)}END`)).toBe(true);
    expect(r.output).toMatch(/… \(\d+ bytes of output cut\) …/);
    expect(r.output.length).toBeLessThan(2_200);
    const cut = Number(/\((\d+) bytes of output cut\)/.exec(r.output)![1]);
    expect(cut).toBe(5 + 3_000_000 + 3 - 2 * 1024);
  });

  it("does not break UTF-8 characters that straddle two chunks", async () => {
    // One ASCII byte, then two-byte characters: pipe reads of 64 KiB split some of them.
    const r = await run(`"${process.execPath}" -e "process.stdout.write('a' + 'é'.repeat(300000))"`, { keepBytes: 10_000_000 });
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toContain("\uFFFD");
    expect(r.output.length).toBe(1 + 300_000);
  });

  it("a timeout kills the whole process tree, grandchildren included", async () => {
    // Long enough for the shell to have started its grandchild first, even on a loaded machine.
    const r = await run(GRANDCHILD, { timeoutMs: 3_000 });
    expect(r.timedOut).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain("started");
    expect(started()).toBe(true);
    // The timeout, then at most the 1.5 s SIGTERM grace: a tree not killed would run for 1000 s.
    expect(r.ms).toBeLessThan(15_000);
    expect(await tag().allGone()).toBe(true);
  });

  it("a process that ignores SIGTERM is killed with SIGKILL", async () => {
    // Cancelled once the shell has said it ignores SIGTERM (the trap comes before the pid file).
    const ac = new AbortController();
    void waitFor("the shell to trap SIGTERM", () => existsSync(dir.join("shell.pid")), 20_000, 20).then(() => ac.abort());
    const r = await run("trap '' TERM; echo $$ > shell.pid; while :; do sleep 0.05; done", { signal: ac.signal, timeoutMs: 60_000 });
    expect(r).toMatchObject({ cancelled: true, timedOut: false });
    expect(await tag().allGone()).toBe(true);
  });

  it("an abort through the signal cancels and kills the tree", async () => {
    const r = await run(GRANDCHILD, { signal: abortOnceStarted(), timeoutMs: 60_000 });
    expect(r).toMatchObject({ cancelled: true, timedOut: false });
    expect(r.output).toContain("started");
    expect(await tag().allGone()).toBe(true);
  });

  it("a signal already aborted does not run the command to its end", async () => {
    const r = await run("sleep 30; echo finished > finished.txt", { signal: AbortSignal.abort() });
    expect(r.cancelled).toBe(true);
    expect(r.output).not.toContain("finished");
    expect(existsSync(dir.join("finished.txt"))).toBe(false);
    expect(tag().running()).toEqual([]);
  });

  it("measures the time taken", async () => {
    const r = await run("sleep 0.2");
    expect(r.ms).toBeGreaterThanOrEqual(150);
    // An upper bound only against a wrong unit or clock, not a speed goal.
    expect(r.ms).toBeLessThan(20_000);
  });
});
