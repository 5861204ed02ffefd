import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectPath } from "../../src/project/safe-path.js";
import { backupsDir, listRuns, readManifest, sha256 } from "../../src/write/manifest.js";
import { Transaction, type WriteStep } from "../../src/write/transaction.js";
import { IS_ROOT, tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let root: string;
let data: string;

beforeEach(() => {
  dir = tmpDir("ld-txn-");
  root = dir.path;
  data = join(root, ".claude", "local-delegate");
});
afterEach(() => dir.cleanup());

const at = (rel: string): ProjectPath => ({ abs: join(root, rel), rel });
const BINARY = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256));

function open(taskId = "task-1"): Transaction {
  const t = Transaction.open(root, data, taskId);
  if (!t.ok) throw new Error(t.error.message);
  return t.value;
}

describe("Transaction", () => {
  it("backs up, writes, and restores byte for byte, binary content and mode included", () => {
    const bin = dir.write("assets/logo.bin", BINARY);
    chmodSync(bin, 0o664);
    const txt = dir.write("src/a.ts", "export const a = 1;\r\n");
    chmodSync(txt, 0o755);
    const t = open();
    expect(t.backup(at("assets/logo.bin")).ok).toBe(true);
    expect(t.write(at("src/a.ts"), "export const a = 2;\n").ok).toBe(true);
    writeFileSync(bin, "clobbered");
    chmodSync(bin, 0o600);
    expect(readFileSync(txt, "utf8")).toBe("export const a = 2;\n");
    expect(statSync(txt).mode & 0o777).toBe(0o755);

    // Changed by someone else: the original goes back, and what was there is kept beside the backup.
    const r = t.restore();
    expect(r).toMatchObject({ failed: [], kept: [join(t.dir, "changed/assets/logo.bin")] });
    expect(readFileSync(r.kept[0]!, "utf8")).toBe("clobbered");
    expect(Buffer.compare(readFileSync(bin), BINARY)).toBe(0);
    expect(statSync(bin).mode & 0o777).toBe(0o664);
    expect(readFileSync(txt, "utf8")).toBe("export const a = 1;\r\n");
    expect(statSync(txt).mode & 0o777).toBe(0o755);
    expect(readManifest(t.dir)?.state).toBe("restored");
  });

  it("removes a file it created when restoring", () => {
    const t = open();
    expect(t.write(at("src/new/file.ts"), "new\n").ok).toBe(true);
    expect(existsSync(join(root, "src/new/file.ts"))).toBe(true);
    expect(t.restore("rolled-back")).toEqual({ failed: [], notes: [], kept: [] });
    expect(existsSync(join(root, "src/new/file.ts"))).toBe(false);
    expect(readManifest(t.dir)?.state).toBe("rolled-back");
  });

  it("restore fails clearly, touching nothing, when the backup is gone", () => {
    dir.write("a.txt", "orig");
    const t = open();
    t.write(at("a.txt"), "changed");
    dir.cleanup();
    mkdirSync(root, { recursive: true });
    // The backup went with the folder: restore says so instead of inventing content.
    const r = t.restore();
    expect(r.failed).toEqual([{ rel: "a.txt", backup: join(t.dir, "files/a.txt"), reason: expect.stringContaining("its backup is missing") }]);
  });

  it("keeps nothing aside on a second restore: the file is already the original", () => {
    dir.write("a.txt", "v1");
    const t = open();
    t.write(at("a.txt"), "v2");
    expect(t.restore()).toEqual({ failed: [], notes: [], kept: [] });
    expect(t.restore()).toEqual({ failed: [], notes: [], kept: [] });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v1");
  });

  it("backs a file up once per run: a second write keeps the first original", () => {
    dir.write("a.txt", "v1");
    const t = open();
    t.write(at("a.txt"), "v2");
    t.write(at("a.txt"), "v3");
    expect(t.files).toHaveLength(1);
    expect(t.restore()).toEqual({ failed: [], notes: [], kept: [] });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v1");
  });

  it("records each file in the manifest before changing it, with hashes", () => {
    dir.write("a.txt", "v1");
    const t = open("slugify");
    t.write(at("a.txt"), "v2");
    t.write(at("b.txt"), "new");
    const m = readManifest(t.dir)!;
    expect(m).toMatchObject({ task_id: "slugify", pid: process.pid, state: "open" });
    expect(m.files).toEqual([
      { rel: "a.txt", existed: true, mode: statSync(join(root, "a.txt")).mode & 0o7777, uid: process.getuid!(), gid: process.getgid!(), sha256: sha256(Buffer.from("v1")), written_sha256: sha256(Buffer.from("v2")) },
      { rel: "b.txt", existed: false, written_sha256: sha256(Buffer.from("new")) },
    ]);
    expect(t.commit().ok).toBe(true);
    expect(readManifest(t.dir)?.state).toBe("committed");
    expect(t.dir.startsWith(join(backupsDir(data), "slugify"))).toBe(true);
    expect(listRuns(data, "slugify").map((r) => r.manifest.run_id)).toEqual([t.runId]);
  });

  it("fails with a clear IO error when the backup folder cannot be made", () => {
    writeFileSync(join(root, ".claude"), "a file where the folder should be");
    const t = Transaction.open(root, data, "t");
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.error).toMatchObject({ code: "IO", message: expect.stringContaining("cannot create the backup folder") });
  });
});

describe("Transaction: the path is held, the steps are hooks", () => {
  it("calls onStep after the backup (file untouched, manifest naming what comes) and after the write", () => {
    dir.write("a.txt", "v1");
    const seen: Array<{ step: WriteStep; content: string; writing?: string | undefined; written?: string | undefined }> = [];
    let runDir = "";
    const t = Transaction.open(root, data, "steps", {
      onStep: (step) => {
        const f = readManifest(runDir)!.files[0]!;
        seen.push({ step, content: readFileSync(join(root, "a.txt"), "utf8"), writing: f.writing_sha256, written: f.written_sha256 });
      },
    });
    if (!t.ok) throw new Error(t.error.message);
    runDir = t.value.dir;
    expect(t.value.write(at("a.txt"), "v2").ok).toBe(true);
    expect(seen).toEqual([
      { step: "after-backup", content: "v1", writing: sha256(Buffer.from("v2")), written: undefined },
      { step: "after-write", content: "v2", writing: undefined, written: sha256(Buffer.from("v2")) },
    ]);
  });

  it("a folder on the path replaced by a symlink: the write fails, nothing is written on either side", () => {
    dir.write("swap/a.txt", "v1");
    const out = tmpDir("ld-txn-out-");
    const outside = out.path;
    try {
      const t = open();
      renameSync(dir.join("swap"), dir.join("swap-old"));
      symlinkSync(outside, dir.join("swap"));
      const w = t.write(at("swap/a.txt"), "v2");
      expect(w.ok).toBe(false);
      if (!w.ok) expect(w.error.message).toMatch(/swap is a symlink, not a folder .*; nothing was written$/);
      expect(existsSync(join(outside, "a.txt"))).toBe(false);
      expect(readFileSync(dir.join("swap-old/a.txt"), "utf8")).toBe("v1");
      expect(t.files).toEqual([]);
    } finally {
      out.cleanup();
    }
  });

  it("writes a path through a link inside the project where the link led when checked; a changed link fails it", () => {
    dir.write("src/a.ts", "v1");
    symlinkSync("src", dir.join("lib"));
    const p: ProjectPath = { abs: dir.join("lib/a.ts"), rel: "lib/a.ts", real: "src/a.ts" };
    const t = open();
    expect(t.write(p, "v2").ok).toBe(true);
    expect(readFileSync(dir.join("src/a.ts"), "utf8")).toBe("v2");
    expect(readManifest(t.dir)!.files[0]).toMatchObject({ rel: "lib/a.ts", real: "src/a.ts" });
    dir.write("other/a.ts", "other");
    // The link now leads elsewhere (still inside): a path changed during the run all the same.
    symlinkSync("other", dir.join("lib2"));
    renameSync(dir.join("lib2"), dir.join("lib"));
    const w = t.write(p, "v3");
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error.message).toMatch(/a symlink on its path changed during the run \(it led to src\/a\.ts\)/);
    expect(readFileSync(dir.join("other/a.ts"), "utf8")).toBe("other");
    // The restore walks the path it wrote, not the link.
    expect(t.restore()).toEqual({ failed: [], notes: [], kept: [] });
    expect(readFileSync(dir.join("src/a.ts"), "utf8")).toBe("v1");
  });

  it.runIf(IS_ROOT)("as root, a file no one may write (444) is refused at the write too, untouched", () => {
    const p = dir.write("ro.txt", "v1");
    chmodSync(p, 0o444);
    const w = open().write(at("ro.txt"), "v2");
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error.message).toBe(`cannot write ${p}: it is read-only (mode 444); nothing was written`);
    expect(readFileSync(p, "utf8")).toBe("v1");
  });
});
