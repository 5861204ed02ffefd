// runCommand when the command ends but something it started lives on: a process that left the
// group (setsid) holding the output open, or a background process that writes later. The command
// is over when its shell exits: waiting on the output must not hang the run, and nothing it
// started may go on running (and writing into the project) after its result is in.
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/verify/command.js";
import { useProcessTag } from "../support/processes.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-cmd-left-");
});
afterEach(() => dir.cleanup());
const tag = useProcessTag();

const run = (command: string, timeoutMs = 60_000) => runCommand(command, { cwd: dir.path, timeoutMs });

describe("a command that leaves a process behind", () => {
  it("one that left the group with the output open does not hang the run", async () => {
    const r = await run("setsid sleep 1000 & echo done; exit 1");
    expect(r).toMatchObject({ exitCode: 1, timedOut: false, cancelled: false });
    expect(r.output).toContain("done");
    // The shell's own end, then a short wait for the output: not the 60 s timeout, nor 1000 s.
    expect(r.ms).toBeLessThan(20_000);
    expect(await tag().allGone(5_000)).toBe(true);
  }, 30_000);

  it("a background process in the group, output open, is over with the command", async () => {
    const r = await run("sleep 1000 & echo done");
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(r.ms).toBeLessThan(20_000);
    expect(await tag().allGone(5_000)).toBe(true);
  }, 30_000);

  it("a background process without the output cannot write after the result is in", async () => {
    const r = await run("(sleep 2; echo late > late.txt) >/dev/null 2>&1 & echo done");
    expect(r.exitCode).toBe(0);
    // Gone at once, not in 2 s: were it alive, it would write late.txt once the run is over.
    expect(tag().running()).toEqual([]);
    expect(existsSync(dir.join("late.txt"))).toBe(false);
  }, 30_000);

  it("near miss: a command whose children all end with it keeps its whole output and exit code", async () => {
    const r = await run("(sleep 0.3; echo child) & wait; echo parent; exit 4");
    expect(r).toMatchObject({ exitCode: 4, timedOut: false });
    expect(r.output).toBe("child\nparent\n");
  });
});
