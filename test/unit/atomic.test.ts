import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/write/atomic.js";
import { ioReason } from "../../src/util/fs.js";
import { IS_ROOT, tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-atomic-");
});
afterEach(() => {
  // A test may leave a folder read-only; put write access back so cleanup can remove it.
  try {
    chmodSync(dir.join("ro"), 0o755);
  } catch {
    /* no such folder */
  }
  dir.cleanup();
});

const leftovers = (folder: string) => readdirSync(folder).filter((f) => f.endsWith(".tmp"));

describe("writeFileAtomic", () => {
  it("writes a new file, creating its folders, with mode 644 and no temp file left", () => {
    const p = dir.join("a", "b", "new.ts");
    expect(writeFileAtomic(p, "hello\n")).toEqual({ ok: true, value: undefined });
    expect(readFileSync(p, "utf8")).toBe("hello\n");
    expect(statSync(p).mode & 0o777).toBe(0o644);
    expect(leftovers(dir.join("a", "b"))).toEqual([]);
  });

  it("replaces a file's content byte for byte, binary too", () => {
    const p = dir.write("f.bin", "old");
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    expect(writeFileAtomic(p, bytes).ok).toBe(true);
    expect(Buffer.compare(readFileSync(p), Buffer.from(bytes))).toBe(0);
  });

  it.each([0o600, 0o664, 0o755, 0o666, 0o700])("keeps an existing file's mode %s, whatever the umask", (mode) => {
    const p = dir.write("script.sh", "#!/bin/sh\n");
    chmodSync(p, mode);
    expect(writeFileAtomic(p, "#!/bin/sh\necho hi\n").ok).toBe(true);
    expect(statSync(p).mode & 0o7777).toBe(mode);
  });

  it("uses the mode it is given", () => {
    const p = dir.join("secret.json");
    expect(writeFileAtomic(p, "{}", 0o600).ok).toBe(true);
    expect(statSync(p).mode & 0o777).toBe(0o600);
    chmodSync(p, 0o644);
    expect(writeFileAtomic(p, "{}", 0o640).ok).toBe(true);
    expect(statSync(p).mode & 0o777).toBe(0o640);
  });

  it("writes through a symlink: the link stays a link and its target changes", () => {
    const real = dir.write("src/real.ts", "old\n");
    chmodSync(real, 0o640);
    const link = dir.join("link.ts");
    symlinkSync(join("src", "real.ts"), link);
    expect(writeFileAtomic(link, "new\n").ok).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join("src", "real.ts"));
    expect(readFileSync(real, "utf8")).toBe("new\n");
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(leftovers(dir.path)).toEqual([]);
    expect(leftovers(dir.join("src"))).toEqual([]);
  });

  it("fails with a clear IO error on a folder, leaving it and no temp file", () => {
    const target = dir.join("folder");
    mkdirSync(target);
    dir.write("folder/inside.txt", "keep");
    const r = writeFileAtomic(target, "x");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("IO");
    expect(r.error.message).toBe(`cannot write ${target}: it is a folder`);
    expect(readFileSync(dir.join("folder/inside.txt"), "utf8")).toBe("keep");
    expect(leftovers(dir.path)).toEqual([]);
  });

  it("fails with a clear IO error when a part of the path is a file", () => {
    const file = dir.write("plain.txt", "original");
    const r = writeFileAtomic(join(file, "child.ts"), "x");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "IO", message: expect.stringContaining("a part of the path is a file, not a folder") });
    expect(readFileSync(file, "utf8")).toBe("original");
    const deeper = writeFileAtomic(join(file, "sub", "child.ts"), "x");
    expect(!deeper.ok && deeper.error.message).toContain("a part of the path is a file, not a folder");
  });

  it.skipIf(IS_ROOT)("in a read-only folder: a clear IO error, the original intact (skipped as root: permission bits do not stop root)", () => {
    const p = dir.write("ro/keep.txt", "original");
    chmodSync(dir.join("ro"), 0o555);
    const r = writeFileAtomic(p, "new");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("IO");
    expect(r.error.message).toBe(`cannot write ${p}: permission denied`);
    expect(readFileSync(p, "utf8")).toBe("original");
    expect(leftovers(dir.join("ro"))).toEqual([]);
  });
});

// Root ignores permission bits, so as root the read-only case runs in a child process that has
// dropped to the `nobody` user, with the module bundled by esbuild (the child has no TS loader).
it.runIf(IS_ROOT)("in a read-only folder, as an unprivileged user: a clear IO error, the original intact", (ctx) => {
  const bundle = dir.join("atomic.mjs");
  buildSync({ entryPoints: [join(import.meta.dirname, "../../src/write/atomic.ts")], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent" });
  chmodSync(dir.path, 0o755);
  const p = dir.write("ro/keep.txt", "original");
  chmodSync(dir.join("ro"), 0o555);
  const script = `const { writeFileAtomic } = await import(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(writeFileAtomic(${JSON.stringify(p)}, "new")));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { uid: 65534, gid: 65534, encoding: "utf8", timeout: 4_000 });
  if (child.error || child.status !== 0) ctx.skip(`cannot run a child as nobody here: ${child.error?.message ?? child.stderr.trim()}`);
  expect(JSON.parse(child.stdout)).toEqual({ ok: false, error: { code: "IO", message: `cannot write ${p}: permission denied` } });
  expect(readFileSync(p, "utf8")).toBe("original");
  expect(leftovers(dir.join("ro"))).toEqual([]);
});

describe("ioReason", () => {
  it("says what common errno codes mean", () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(ioReason(e("ENOSPC"))).toBe("the disk is full");
    expect(ioReason(e("EROFS"))).toBe("the filesystem is read-only");
    expect(ioReason(e("EACCES"))).toBe("permission denied");
    expect(ioReason(e("EXDEV"))).toBe("EXDEV");
    expect(ioReason(new Error("plain"))).toBe("plain");
  });
});
