// `run -` and `plan run -` take at most a spec's (256 KB) or a plan's (1 MB) worth of stdin, `ask -`
// a question's (1 MB) and `hook` an event's (16 MB, as the hook entries). A larger input (a log
// piped by mistake, /dev/zero) is refused as soon as it passes the limit, not read whole first.
import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtCli } from "../support/dist.js";
import { lastJsonLine, runCli, tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

function fromDevZero(argv: string[]) {
  const zero = openSync("/dev/zero", "r");
  try {
    const r = spawnSync(process.execPath, [builtCli(), ...argv], {
      cwd: proj.root,
      env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: join(proj.home, ".state"), LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" },
      stdio: [zero, "pipe", "pipe"],
      encoding: "utf8",
      timeout: 15_000,
      killSignal: "SIGKILL",
    });
    return { code: r.status, signal: r.signal, json: lastJsonLine(r.stdout), stderr: r.stderr };
  } finally {
    closeSync(zero);
  }
}

describe("stdin with no end", () => {
  it("run -: refused once past 256 KB", () => {
    const r = fromDevZero(["run", "-"]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", error: "spec is over 262144 bytes" });
  }, 20_000);

  it("plan run -: refused once past 1 MB", () => {
    const r = fromDevZero(["plan", "run", "-"]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ status: "invalid", error: "plan is over 1048576 bytes" });
  }, 20_000);

  it("ask -: refused once past 1 MB, the model never asked", () => {
    const r = fromDevZero(["ask", "-", "--json"]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ status: "invalid", error: "question is over 1048576 bytes" });
  }, 20_000);

  it("hook: past the hook entries' 16 MB, nothing read further, exit 0 and silent", () => {
    const r = fromDevZero(["hook"]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.json).toBeUndefined();
  }, 20_000);

  it("a spec just under the limit is still read whole", async () => {
    const spec = `task_id: a\ndescription: b\noutput_file: c.ts\n${"# a comment\n".repeat((256 * 1024 - 100) / 12)}`;
    const r = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "300" }, stdin: spec });
    expect(r.json.status).toBe("unavailable");
  });
});
