import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { acquireLock, type LockOwner } from "../../src/util/lock.js";
import { pidAlive } from "../../src/util/process-id.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let path: string;
beforeEach(() => {
  dir = tmpDir("ld-lock-");
  path = dir.join("locks", "file.lock");
});
afterEach(() => dir.cleanup());

const opts = (over: Partial<Parameters<typeof acquireLock>[1]> = {}) => ({ what: "task t on src/a.ts", waitMs: 0, pollMs: 20, ...over });

async function take(over: Partial<Parameters<typeof acquireLock>[1]> = {}) {
  const r = await acquireLock(path, opts(over));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

/** A lock file as another process left it. */
const plant = (content: string) => dir.write("locks/file.lock", content);

const owner = (o: Partial<LockOwner>): string =>
  JSON.stringify({ pid: process.pid, host: hostname(), since: "2025-01-01T00:00:00.000Z", what: "other run", ...o });

describe("acquireLock", () => {
  it("is exclusive: a second taker is refused while the first holds it, and gets it after release", async () => {
    const release = await take();
    const holder = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), what: "task t on src/a.ts" });
    const second = await acquireLock(path, opts({ what: "second" }));
    expect(second.ok).toBe(false);
    release();
    expect(existsSync(path)).toBe(false);
    const third = await take({ what: "third" });
    third();
  });

  it("waits for the holder, then times out with LOCKED naming it", async () => {
    plant(owner({ what: "task slugify on src/a.ts", pid: process.pid }));
    let waitedFor: LockOwner | null | undefined;
    let calls = 0;
    const started = Date.now();
    const r = await acquireLock(path, opts({ waitMs: 300, onWait: (h) => ((waitedFor = h), calls++) }));
    const took = Date.now() - started;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("LOCKED");
    expect(r.error.message).toBe(`busy: task slugify on src/a.ts (pid ${process.pid}, since 2025-01-01T00:00:00.000Z) holds ${path}`);
    expect(r.error.hint).toMatch(/wait|cancel/);
    expect(took).toBeGreaterThanOrEqual(280);
    // An upper bound against waiting for ever, not a speed goal.
    expect(took).toBeLessThan(20_000);
    expect(calls).toBe(1);
    expect(waitedFor?.what).toBe("task slugify on src/a.ts");
  });

  it("gets the lock as soon as the holder releases it while waiting", async () => {
    const release = await take({ what: "first" });
    // Released once the second is known to wait; with a minute to wait, a second that did not
    // look again would run into the test's timeout.
    let waited = false;
    const second = await take({ what: "second", waitMs: 60_000, onWait: () => ((waited = true), release()) });
    expect(waited).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8")).what).toBe("second");
    second();
  });

  it("takes over the lock of a process that is gone", async () => {
    const dead = deadPid();
    expect(pidAlive(dead)).toBe(false);
    plant(owner({ pid: dead, what: "killed run" }));
    const release = await take({ what: "new owner" });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, what: "new owner" });
    release();
  });

  it("does not take over a dead pid's lock from another host while its time is fresh, and names that host", async () => {
    plant(owner({ pid: deadPid(), host: `not-${hostname()}` }));
    const r = await acquireLock(path, opts());
    expect(!r.ok && r.error.code).toBe("LOCKED");
    expect(!r.ok && r.error.message).toContain(` on not-${hostname()}, since`);
  });

  it("takes over a lock under another machine's name that no holder has kept fresh for 3 minutes", async () => {
    // A Mac's name follows the network: a run killed under the old name must not hold its files for good.
    plant(owner({ pid: deadPid(), host: `not-${hostname()}` }));
    const old = new Date(Date.now() - 4 * 60_000);
    utimesSync(path, old, old);
    const release = await take({ what: "new owner" });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ host: hostname(), what: "new owner" });
    release();
  });

  it("keeps its own lock fresh while held, so another machine never takes it over", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const release = await take();
      const old = new Date(Date.now() - 10 * 60_000);
      utimesSync(path, old, old);
      vi.advanceTimersByTime(30_000);
      expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(60_000);
      release();
      expect(existsSync(path)).toBe(false);
      // Released: no beat brings it back or touches another's lock.
      plant(owner({ host: `not-${hostname()}` }));
      utimesSync(path, old, old);
      vi.advanceTimersByTime(60_000);
      expect(Date.now() - statSync(path).mtimeMs).toBeGreaterThan(5 * 60_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("treats a fresh empty lock file as held (its owner may be writing it)", async () => {
    plant("");
    const r = await acquireLock(path, opts({ waitMs: 200 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`busy: another run holds ${path}`);
    expect(readFileSync(path, "utf8")).toBe("");
  });

  it("treats an old empty or partial lock file as stale and takes it", async () => {
    for (const junk of ["", '{"pid": 12'] as const) {
      plant(junk);
      const old = new Date(Date.now() - 10_000);
      utimesSync(path, old, old);
      const release = await take({ what: `after ${JSON.stringify(junk)}` });
      expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
      release();
    }
  });

  it("release removes only our own lock, and only once", async () => {
    const release = await take({ what: "mine" });
    // Someone took it over (e.g. judged ours stale) and holds it now.
    const theirs = owner({ pid: 1, what: "theirs" });
    writeFileSync(path, theirs);
    release();
    expect(readFileSync(path, "utf8")).toBe(theirs);
    release();
    expect(readFileSync(path, "utf8")).toBe(theirs);
  });

  it("a cancel while waiting stops the wait early as CANCELLED, not LOCKED", async () => {
    const hold = await take({ what: "holder" });
    const ac = new AbortController();
    // Cancelled once it waits; with a minute to wait, only the cancel can end it within the test's timeout.
    const r = await acquireLock(path, opts({ waitMs: 60_000, signal: ac.signal, onWait: () => ac.abort() }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "CANCELLED", message: expect.stringContaining("holder (pid") });
    hold();
  });
});

describe("pidAlive", () => {
  it("is true for this process and false for one that has exited", () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(deadPid())).toBe(false);
  });
});
