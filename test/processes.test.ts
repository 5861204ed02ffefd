// The test helpers that kill processes (test/support/processes.ts) kill only what they can prove
// is theirs: a wrong identity, a foreign tag or a reaped child is left alone.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { identify, isSame, processTag, signalChild, signalIfSame, unreaped } from "./support/processes.js";
import { waitFor } from "./support/wait.js";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) c.kill("SIGKILL");
});

/** A Node process that runs until killed, with `env` added to ours. */
async function sleeper(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { env: { ...process.env, ...env }, stdio: "ignore" });
  started.push(child);
  await waitFor("the sleeper to run", () => identify(child.pid!));
  return child;
}
/** The signal that ended `c`, once it has. */
const exited = (c: ChildProcess) => new Promise<NodeJS.Signals | null>((r) => (unreaped(c) ? c.once("exit", (_code, sig) => r(sig)) : r(c.signalCode)));

describe("identity", () => {
  it("names a running process, the same each time, and nothing once it is gone", async () => {
    const c = await sleeper();
    const who = identify(c.pid!);
    expect(who).toMatch(/\S/);
    expect(identify(c.pid!)).toBe(who);
    expect(isSame(c.pid!, who)).toBe(true);
    c.kill("SIGKILL");
    await exited(c);
    expect(isSame(c.pid!, who)).toBe(false);
  });

  it("signalIfSame leaves a process alone when its identity is not the one recorded", async () => {
    const c = await sleeper();
    expect(signalIfSame(c.pid!, "another process's start time", "SIGKILL")).toBe(false);
    expect(signalIfSame(c.pid!, null, "SIGKILL")).toBe(false);
    expect(isSame(c.pid!, identify(c.pid!))).toBe(true);
    expect(signalIfSame(c.pid!, identify(c.pid!), "SIGKILL")).toBe(true);
    expect(await exited(c)).toBe("SIGKILL");
  });

  it("signalChild signals only a child Node has not reaped", async () => {
    const c = await sleeper();
    expect(signalChild(c, "SIGKILL")).toBe(true);
    await exited(c);
    expect(unreaped(c)).toBe(false);
    expect(signalChild(c, "SIGKILL")).toBe(false);
  });
});

describe.runIf(process.platform === "linux")("processTag", () => {
  it("finds and kills exactly the processes that carry it, and not one without it", async () => {
    const tag = processTag();
    const [a, b] = [await sleeper(tag.env), await sleeper(tag.env)];
    const other = await sleeper(processTag().env);
    expect(tag.running().sort()).toEqual([a.pid, b.pid].sort());
    tag.killAll();
    expect(tag.running()).toEqual([]);
    expect(await Promise.all([exited(a), exited(b)])).toEqual(["SIGKILL", "SIGKILL"]);
    expect(unreaped(other)).toBe(true);
    expect(isSame(other.pid!, identify(other.pid!))).toBe(true);
  });
});
