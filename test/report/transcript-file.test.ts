// `report --transcript PATH` reads the session's transcript for Claude's real token figures. A path
// that is not a regular file is a warning and the report without them, at once: a plain open() of
// a FIFO waits for a writer for ever. The built CLI runs as a child so a blocking read fails the
// test instead of stalling it.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTranscript } from "../../src/tokens/transcript.js";
import { builtCli } from "../support/dist.js";
import { tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

function report(...argv: string[]) {
  const r = spawnSync(process.execPath, [builtCli(), "report", ...argv], {
    cwd: proj.root,
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: join(proj.home, ".state"), LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" },
    encoding: "utf8",
    timeout: 15_000,
    killSignal: "SIGKILL",
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe("a transcript path that is not a regular file", () => {
  it("a FIFO: a warning, and the report without the session's figures", (ctx) => {
    const fifo = join(proj.root, "session.jsonl");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    const r = report("--transcript", "session.jsonl");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`local-delegate: warning: cannot read the transcript ${fifo}: it is a FIFO (named pipe), not a regular file\n`);
    expect(r.stdout).toContain("local-delegate report");
  }, 20_000);

  it("a device and a folder are refused the same way, unread", () => {
    expect(readTranscript("/dev/zero")).toEqual({ ok: false, error: { code: "IO", message: "cannot read the transcript /dev/zero: it is a device, not a regular file" } });
    expect(readTranscript(proj.root)).toEqual({ ok: false, error: { code: "IO", message: `cannot read the transcript ${proj.root}: it is a folder, not a regular file` } });
  });

  it("a regular file is read, its last part when it is long", () => {
    const file = join(proj.root, "t.jsonl");
    writeFileSync(file, "first line\nsecond line\nthird\n");
    expect(readTranscript(file)).toEqual({ ok: true, value: "first line\nsecond line\nthird\n" });
    expect(readTranscript(file, 10)).toEqual({ ok: true, value: "third\n" });
  });
});
