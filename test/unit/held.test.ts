import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ioReason, readRegularFile } from "../../src/util/fs.js";
import { HeldFolder, replaceFile } from "../../src/write/held.js";
import { IS_ROOT, tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let outside: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-held-");
  outside = tmpDir("ld-held-out-");
});
afterEach(() => {
  dir.cleanup();
  outside.cleanup();
});

const bytes = (s: string) => Buffer.from(s, "utf8");
const mkfifo = (p: string) => spawnSync("mkfifo", [p]).status === 0;

// Both ways a folder is held: by a file descriptor through /proc/self/fd (Linux), and by an lstat
// walk re-checked before the rename (elsewhere).
for (const procFd of [true, false]) {
  describe(`HeldFolder (${procFd ? "fd through /proc/self/fd" : "lstat walk"})`, () => {
    const open = (rel: string, create = false) => HeldFolder.open(dir.path, rel, { create, procFd });

    it("reaches a folder part by part, creating what is missing only when asked", () => {
      expect(() => open("a/b")).toThrow(expect.objectContaining({ code: "ENOENT" }));
      const f = open("a/b", true);
      replaceFile(f, "x.txt", bytes("x"));
      f.close();
      expect(readFileSync(dir.join("a/b/x.txt"), "utf8")).toBe("x");
    });

    it("refuses a part that is a symlink, even one that stays inside", () => {
      mkdirSync(dir.join("real"));
      symlinkSync(dir.join("real"), dir.join("link"));
      let thrown: unknown;
      try {
        open("link", true);
      } catch (e) {
        thrown = e;
      }
      expect(ioReason(thrown)).toBe(`${join(dir.path, "link")} is a symlink, not a folder (was it replaced during the run?)`);
      symlinkSync(outside.path, dir.join("out"));
      expect(() => open("out/deeper", true)).toThrow(/is a symlink, not a folder/);
      expect(readdirSync(outside.path)).toEqual([]);
    });

    it("a folder swapped for a link to outside after it was reached: nothing lands outside", () => {
      dir.write("swap/keep.txt", "k");
      const f = open("swap");
      renameSync(dir.join("swap"), dir.join("swap-old"));
      symlinkSync(outside.path, dir.join("swap"));
      let failed = false;
      try {
        replaceFile(f, "new.txt", bytes("new"));
      } catch {
        failed = true;
      } finally {
        f.close();
      }
      expect(readdirSync(outside.path)).toEqual([]);
      // Held by fd: the write lands in the folder that was checked, wherever it went. By path:
      // the re-check before the rename refuses it, and the temp file goes with the failure.
      if (procFd) expect(readFileSync(dir.join("swap-old/new.txt"), "utf8")).toBe("new");
      else {
        expect(failed).toBe(true);
        expect(readdirSync(dir.join("swap-old"))).toEqual(["keep.txt"]);
      }
    });
  });
}

describe("replaceFile", () => {
  it("keeps the old file's mode, and refuses a FIFO without opening it", (ctx) => {
    const p = dir.write("f.txt", "old");
    chmodSync(p, 0o640);
    const f = HeldFolder.open(dir.path, "", { create: false });
    try {
      replaceFile(f, "f.txt", bytes("new"));
      expect(statSync(p).mode & 0o7777).toBe(0o640);
      if (!mkfifo(dir.join("pipe"))) return ctx.skip("mkfifo is not available here");
      expect(() => replaceFile(f, "pipe", bytes("x"))).toThrow(/pipe is a FIFO \(named pipe\), not a regular file/);
      expect(readdirSync(dir.path).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    } finally {
      f.close();
    }
  });

  it.runIf(IS_ROOT)("keeps another user's ownership (as root)", () => {
    const p = dir.write("theirs.txt", "old");
    chownSync(p, 65534, 65534);
    const f = HeldFolder.open(dir.path, "", { create: false });
    try {
      expect(replaceFile(f, "theirs.txt", bytes("new"))).toEqual({ ownerKept: true });
    } finally {
      f.close();
    }
    expect(statSync(p)).toMatchObject({ uid: 65534, gid: 65534 });
  });
});

describe("readRegularFile", () => {
  it("reads a file whole, refuses one over the limit unread", () => {
    const p = dir.write("a.txt", "hello");
    expect(readRegularFile(p)).toMatchObject({ bytes: bytes("hello") });
    expect(readRegularFile(p, { maxBytes: 3 })).toMatchObject({ refused: "is 5 bytes" });
  });

  it("refuses a FIFO at once instead of waiting for a writer", (ctx) => {
    const p = dir.join("pipe");
    if (!mkfifo(p)) return ctx.skip("mkfifo is not available here");
    const started = Date.now();
    expect(readRegularFile(p)).toMatchObject({ refused: "is a FIFO (named pipe), not a regular file" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("with noFollow, refuses a symlink", () => {
    const p = dir.write("a.txt", "a");
    symlinkSync(p, dir.join("l.txt"));
    expect(() => readRegularFile(dir.join("l.txt"), { noFollow: true })).toThrow(expect.objectContaining({ code: "ELOOP" }));
    expect(existsSync(dir.join("l.txt"))).toBe(true);
  });
});
