import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectPath } from "../../src/project/safe-path.js";
import { backupsDir, listRuns, readManifest, sha256, type Manifest } from "../../src/write/manifest.js";
import { recoverInterrupted } from "../../src/write/recover.js";
import { Transaction } from "../../src/write/transaction.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

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

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const pid = Number(r.stdout);
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
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

    expect(t.restore()).toEqual({ failed: [], notes: [] });
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
    expect(t.restore("rolled-back")).toEqual({ failed: [], notes: [] });
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

  it("backs a file up once per run: a second write keeps the first original", () => {
    dir.write("a.txt", "v1");
    const t = open();
    t.write(at("a.txt"), "v2");
    t.write(at("a.txt"), "v3");
    expect(t.files).toHaveLength(1);
    expect(t.restore()).toEqual({ failed: [], notes: [] });
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

describe("recoverInterrupted", () => {
  /** The state a SIGKILL leaves: manifest `open`, the file written, a temp file beside it. */
  function fabricateKilledRun(pid: number, taskId = "killed"): string {
    dir.write("src/a.ts", "original\n");
    const t = open(taskId);
    t.write(at("src/a.ts"), "half-verified\n");
    t.write(at("src/created.ts"), "created\n");
    const m = readManifest(t.dir)!;
    writeFileSync(join(t.dir, "manifest.json"), JSON.stringify({ ...m, pid } satisfies Manifest));
    writeFileSync(join(root, "src", `.a.ts.ld-${pid}-deadbeef.tmp`), "partial");
    writeFileSync(join(root, "src", `.created.ts.ld-${pid}-cafe0001.tmp`), "partial");
    writeFileSync(join(root, "src", ".a.ts.ld-1-other.tmp"), "someone else's");
    return t.dir;
  }

  it("restores a run left open by a dead pid, removes its temp files and marks it interrupted", () => {
    const pid = deadPid();
    const runDir = fabricateKilledRun(pid);
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["killed"] });
    expect(readFileSync(join(root, "src/a.ts"), "utf8")).toBe("original\n");
    expect(existsSync(join(root, "src/created.ts"))).toBe(false);
    expect(readdirSync(join(root, "src")).sort()).toEqual([".a.ts.ld-1-other.tmp", "a.ts"]);
    expect(readManifest(runDir)?.state).toBe("interrupted");
    // Once recovered, it is not recovered again.
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
  });

  it("leaves a live pid's run alone", () => {
    const runDir = fabricateKilledRun(process.pid, "live");
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
    expect(readFileSync(join(root, "src/a.ts"), "utf8")).toBe("half-verified\n");
    expect(existsSync(join(root, "src/created.ts"))).toBe(true);
    expect(existsSync(join(root, "src", `.a.ts.ld-${process.pid}-deadbeef.tmp`))).toBe(true);
    expect(readManifest(runDir)?.state).toBe("open");
  });

  it("leaves committed runs alone and skips unreadable manifests", () => {
    dir.write("a.txt", "v1");
    const t = open("done");
    t.write(at("a.txt"), "v2");
    t.commit();
    const m = readManifest(t.dir)!;
    writeFileSync(join(t.dir, "manifest.json"), JSON.stringify({ ...m, pid: deadPid() }));
    mkdirSync(join(backupsDir(data), "junk", "run"), { recursive: true });
    writeFileSync(join(backupsDir(data), "junk", "run", "manifest.json"), "{not json");
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v2");
  });

  it("does nothing when there are no backups", () => {
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
  });
});
