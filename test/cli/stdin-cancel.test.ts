// `run -`, `plan run -` and `ask -` read stdin to its end. Ctrl-C (or a cancel's SIGTERM) while they
// wait for it must end the command with its `cancelled` line, exit 130: the CLI catches SIGINT to
// put files back, so a read that ignores the signal leaves a process only SIGKILL ends.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { readAll } from "../../src/cli/io.js";
import { builtCli } from "../support/dist.js";
import { lastJsonLine, tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

/**
 * Starts the built CLI with a stdin that never ends (a FIFO the test holds open), waits until it
 * is reading it, then sends `signal`. A FIFO holds 64 KB: a 128 KB write is through only once the
 * child has read, and stays under the 256 KB a spec may be.
 */
async function interruptWhileReading(argv: string[], signal: NodeJS.Signals) {
  const fifo = join(proj.home, `stdin-${++fifos}`);
  execFileSync("mkfifo", [fifo]);
  const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const child = spawn(process.execPath, [builtCli(), ...argv], {
    cwd: proj.root,
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: `${proj.home}/.state`, LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" },
    stdio: [readEnd, "pipe", "pipe"],
  });
  closeSync(readEnd);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, sig) => resolve({ code, signal: sig })));
  const writer = await open(fifo, "w");
  try {
    // Spaces: the start of a spec, a plan or a question that has not come yet.
    await writer.write(Buffer.alloc(128 * 1024, " "));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const end = await closed;
    clearTimeout(timer);
    return { ...end, stdout, stderr, json: lastJsonLine(stdout) };
  } finally {
    await writer.close();
  }
}
let fifos = 0;

describe("an interrupt while a command waits for stdin", () => {
  it.each([
    ["run", ["run", "-"], "SIGINT"],
    ["run", ["run", "-"], "SIGTERM"],
    ["plan run", ["plan", "run", "-"], "SIGINT"],
    ["ask", ["ask", "--json", "-"], "SIGINT"],
  ] as const)("%s - (%s): ends it, cancelled, exit 130", async (_name, argv, signal) => {
    const r = await interruptWhileReading([...argv], signal);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(proj.exists(".claude/local-delegate/specs")).toBe(false);
  }, 20_000);
});

describe("readAll", () => {
  it("reads a stream to its end", async () => {
    const s = new PassThrough();
    const text = readAll(s, new AbortController().signal);
    s.write("task_id: a\n");
    s.end("description: é\n");
    expect(await text).toEqual({ ok: true, value: "task_id: a\ndescription: é\n" });
  });

  it("an abort before the end: CANCELLED, not the half read", async () => {
    const s = new PassThrough();
    const c = new AbortController();
    const text = readAll(s, c.signal);
    s.write("task_id: a\n");
    c.abort();
    expect(await text).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
  });

  it("a signal that fired already: CANCELLED without reading", async () => {
    const c = new AbortController();
    c.abort();
    expect(await readAll(new PassThrough(), c.signal)).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
  });

  it("a stream error is an IO failure, not a throw", async () => {
    const s = new PassThrough();
    const text = readAll(s);
    s.destroy(Object.assign(new Error("read EIO"), { code: "EIO" }));
    expect(await text).toMatchObject({ ok: false, error: { code: "IO" } });
  });
});
