// A lock whose holder died and whose pid the kernel handed to another process: the lock file
// survives (a SIGKILL, a reboot), so the pid alone would keep it held for ever.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { heldSlots } from "../../src/jobs/slots.js";
import { acquireLock, type LockOwner } from "../../src/util/lock.js";
import { probeCheap, sameProcess, selfIdentity } from "../../src/util/process-id.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => (dir = tmpDir("ld-lock-reuse-")));
afterEach(() => dir.cleanup());

/** The identity this process would have if it were another one: same boot, another start time. */
const someoneElse = () => `${selfIdentity()!.split(":")[0]}:1`;
const owner = (o: Partial<LockOwner>): string => JSON.stringify({ pid: process.pid, host: hostname(), since: "2025-01-01T00:00:00.000Z", what: "the dead worker's job", ...o });
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}
const take = (path: string) => acquireLock(path, { what: "next job", waitMs: 0, pollMs: 20 });

// Only /proc gives an identity cheaply enough for locks; elsewhere the pid decides, as before.
describe.runIf(process.platform === "linux")("a lock whose pid now belongs to another process", () => {
  it("records who holds it: pid and process identity", async () => {
    const path = dir.join("a.lock");
    const got = await take(path);
    expect(got.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, proc: selfIdentity() });
    if (got.ok) got.value();
  });

  it("is taken over: the live process with that pid is not its holder", async () => {
    // This process stands for the unrelated one that got the dead holder's pid.
    const path = dir.write("a.lock", owner({ proc: someoneElse() }));
    const got = await take(path);
    expect(got.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ what: "next job", proc: selfIdentity() });
  });

  it("still holds while its holder is the same live process", async () => {
    const path = dir.write("a.lock", owner({ proc: selfIdentity()! }));
    const got = await take(path);
    expect(!got.ok && got.error.code).toBe("LOCKED");
  });

  it("still holds when it records no identity (written before they were) and its pid lives", async () => {
    const path = dir.write("a.lock", owner({}));
    expect(!(await take(path)).ok).toBe(true);
  });

  it("is taken over when its pid is gone, identity or not", async () => {
    for (const proc of [undefined, selfIdentity()!]) {
      const path = dir.write("a.lock", owner({ pid: deadPid(), proc }));
      const got = await take(path);
      expect(got.ok).toBe(true);
      if (got.ok) got.value();
    }
  });

  it("of another machine, while its time is fresh, is not judged by a pid of this one", async () => {
    const path = dir.write("a.lock", owner({ host: `not-${hostname()}`, proc: someoneElse() }));
    expect(!(await take(path)).ok).toBe(true);
  });

  it("frees its model-server slot: the queue does not wait for it", () => {
    const reused = dir.write("jobs-0.lock", owner({ proc: someoneElse(), what: "dead job" }));
    const live = dir.write("jobs-1.lock", owner({ proc: selfIdentity()!, what: "live job" }));
    expect(heldSlots([reused, live])).toEqual([{ what: "live job", pid: process.pid }]);
  });
});

describe("sameProcess", () => {
  it("compares the identity only when both the record and the platform have one", () => {
    const seen = () => ({ alive: true as const, identity: "b:2" });
    expect(sameProcess(7, "b:2", seen)).toBe(true);
    expect(sameProcess(7, "b:1", seen)).toBe(false);
    expect(sameProcess(7, null, seen)).toBe(true);
    expect(sameProcess(7, "b:1", () => ({ alive: true, identity: null }))).toBe(true);
    expect(sameProcess(7, "b:2", () => ({ alive: false }))).toBe(false);
  });

  it("sees this process as itself and a finished one as gone", () => {
    expect(sameProcess(process.pid, selfIdentity())).toBe(true);
    expect(probeCheap(deadPid())).toEqual({ alive: false });
  });
});
