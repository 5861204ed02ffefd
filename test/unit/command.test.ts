import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/verify/command.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-cmd-");
});
afterEach(() => dir.cleanup());

const run = (command: string, extra: Partial<Parameters<typeof runCommand>[1]> = {}) => runCommand(command, { cwd: dir.path, timeoutMs: 4_000, ...extra });

/** Alive and not a zombie waiting to be reaped (a container's init may never reap it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function waitDead(pid: number, ms = 2_500): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Spawns `sleep 1000` as a grandchild, writes its pid, then waits on it. */
const GRANDCHILD = 'sleep 1000 & echo $! > grandchild.pid; echo started; wait';
const grandchildPid = () => Number(readFileSync(dir.join("grandchild.pid"), "utf8").trim());

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
    const started = Date.now();
    const r = await run(GRANDCHILD, { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain("started");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await waitDead(grandchildPid())).toBe(true);
  });

  it("a process that ignores SIGTERM is killed with SIGKILL", async () => {
    const started = Date.now();
    const r = await run("trap '' TERM; echo $$ > shell.pid; while :; do sleep 0.05; done", { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await waitDead(Number(readFileSync(dir.join("shell.pid"), "utf8")))).toBe(true);
  });

  it("an abort through the signal cancels and kills the tree", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    const r = await run(GRANDCHILD, { signal: ac.signal });
    expect(r).toMatchObject({ cancelled: true, timedOut: false });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await waitDead(grandchildPid())).toBe(true);
  });

  it("a signal already aborted does not run the command to its end", async () => {
    const started = Date.now();
    const r = await run("sleep 3; echo finished > finished.txt", { signal: AbortSignal.abort() });
    expect(r.cancelled).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.output).not.toContain("finished");
  });

  it("measures the time taken", async () => {
    const r = await run("sleep 0.2");
    expect(r.ms).toBeGreaterThanOrEqual(150);
    expect(r.ms).toBeLessThan(3_000);
  });
});
