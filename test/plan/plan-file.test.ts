// A plan named by a path that is not a regular file: refused at once with what it is, exit 2, as a
// spec is. A plain open() of a FIFO waits for a writer for ever, and /dev/zero has no end; the
// built CLI runs as a child so that a read that blocks fails the test instead of stalling it.
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { builtCli } from "../support/dist.js";
import { lastJsonLine, tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

function plan(...argv: string[]) {
  const r = spawnSync(process.execPath, [builtCli(), "plan", ...argv], {
    cwd: proj.root,
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: `${proj.home}/.state`, LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" },
    encoding: "utf8",
    timeout: 15_000,
    killSignal: "SIGKILL",
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, json: lastJsonLine(r.stdout) };
}

describe("a plan path that is not a regular file", () => {
  it("a FIFO: refused, not waited on", (ctx) => {
    const made = spawnSync("mkfifo", [`${proj.root}/plan.yaml`]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    for (const sub of ["check", "run"]) {
      const r = plan(sub, "plan.yaml");
      expect(r.signal).toBeNull();
      expect(r.code).toBe(2);
      expect(r.json).toEqual({ status: "invalid", error: `cannot read plan file ${proj.root}/plan.yaml: it is a FIFO (named pipe), not a regular file` });
    }
  }, 40_000);

  it("a device with no end (/dev/zero): refused unread", () => {
    const r = plan("check", "/dev/zero");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ status: "invalid", error: "cannot read plan file /dev/zero: it is a device, not a regular file" });
  }, 20_000);

  it("a folder, and a missing file: said in words, not as a system call", () => {
    expect(plan("check", ".").json).toEqual({ status: "invalid", error: `cannot read plan file ${proj.root}: it is a folder` });
    expect(plan("check", "nope.yaml").json).toEqual({ status: "invalid", error: `cannot read plan file ${proj.root}/nope.yaml: no such file` });
  }, 20_000);

  it("a regular file over 1 MB is still refused by its size", () => {
    proj.write("big.yaml", `request: x\n#${"x".repeat(1024 * 1024)}\n`);
    const r = plan("check", "big.yaml", "--json");
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ status: "invalid", error: "plan file is over 1024 KB" });
  }, 20_000);
});
