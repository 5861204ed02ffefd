import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testPauseHook } from "../../src/cli/test-pause.js";
import { checkOutputTarget } from "../../src/spec/target.js";
import { IS_ROOT, tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-target-");
});
afterEach(() => dir.cleanup());

describe("checkOutputTarget (before the model is asked)", () => {
  it("accepts a regular file and a file still to be made", () => {
    expect(checkOutputTarget(dir.write("a.ts", "a")).ok).toBe(true);
    expect(checkOutputTarget(dir.join("new/deep/b.ts")).ok).toBe(true);
  });

  it("refuses a folder, a FIFO and a socket by name, without opening them", async (ctx) => {
    dir.write("folder/x", "");
    expect(checkOutputTarget(dir.join("folder"))).toEqual({ ok: false, error: { code: "SPEC_INVALID", field: "output_file", message: "is a folder, not a file" } });
    const sock = dir.join("s.sock");
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, () => r()));
    try {
      expect(checkOutputTarget(sock)).toMatchObject({ ok: false, error: { field: "output_file", message: "is a socket, not a regular file; only regular files are written" } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    if (spawnSync("mkfifo", [dir.join("pipe")]).status !== 0) return ctx.skip("mkfifo is not available here");
    expect(checkOutputTarget(dir.join("pipe"))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^is a FIFO \(named pipe\), not a regular file/) } });
  });

  // A path the write could never create is refused now, not after the model has answered.
  it("refuses a path through a file and a name too long for the filesystem", () => {
    dir.write("a.ts", "a");
    expect(checkOutputTarget(dir.join("a.ts/new.ts"))).toMatchObject({
      ok: false,
      error: { code: "SPEC_INVALID", field: "output_file", message: "cannot be written: a part of the path is a file, not a folder" },
    });
    expect(checkOutputTarget(dir.join("a.ts/deep/new.ts"))).toMatchObject({ ok: false, error: { code: "SPEC_INVALID" } });
    expect(checkOutputTarget(dir.join(`${"n".repeat(300)}.ts`))).toMatchObject({
      ok: false,
      error: { code: "SPEC_INVALID", field: "output_file", message: "cannot be written: a name in the path is too long for the filesystem" },
    });
  });

  it("near miss: a long name the filesystem takes, and a new file beside an existing one", () => {
    expect(checkOutputTarget(dir.join(`${"n".repeat(200)}.ts`)).ok).toBe(true);
    dir.write("a.ts", "a");
    expect(checkOutputTarget(dir.join("a.ts.d/new.ts")).ok).toBe(true);
  });

  it.runIf(IS_ROOT)("as root, refuses a file no one may write (444) but not one only its owner may (600)", () => {
    const ro = dir.write("ro.ts", "");
    chmodSync(ro, 0o444);
    expect(checkOutputTarget(ro)).toEqual({
      ok: false,
      error: { code: "SPEC_INVALID", field: "output_file", message: "is read-only (mode 444); local-delegate changes only files you could change yourself", hint: "make it writable (chmod u+w) if it is meant to change" },
    });
    const mine = dir.write("mine.ts", "");
    chmodSync(mine, 0o600);
    expect(checkOutputTarget(mine).ok).toBe(true);
  });
});

describe("testPauseHook (installed by the CLI entry for the kill tests only)", () => {
  it("installs nothing unless the variable names a point and an absolute marker", () => {
    expect(testPauseHook(undefined)).toBeUndefined();
    expect(testPauseHook("after-write")).toBeUndefined();
    expect(testPauseHook("after-write:relative/marker")).toBeUndefined();
    expect(testPauseHook("before-lunch:/tmp/marker")).toBeUndefined();
    const hook = testPauseHook(`after-write:${dir.join("marker")}`);
    expect(hook).toBeTypeOf("function");
    // Another step passes straight through: no marker, no pause.
    hook!("after-backup");
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
