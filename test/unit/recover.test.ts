import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectPath } from "../../src/project/safe-path.js";
import { backupsDir, readManifest, type Manifest } from "../../src/write/manifest.js";
import { selfIdentity } from "../../src/util/process-id.js";
import { recoverInterrupted } from "../../src/write/recover.js";
import { tempPrefix } from "../../src/write/held.js";
import { Transaction } from "../../src/write/transaction.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let root: string;
let data: string;

beforeEach(() => {
  dir = tmpDir("ld-recover-");
  root = dir.path;
  data = join(root, ".claude", "local-delegate");
});
afterEach(() => dir.cleanup());

const at = (rel: string): ProjectPath => ({ abs: join(root, rel), rel });

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

  it("removes the temp file of a name near the 255-byte limit too, and the folder the run made for it", () => {
    const pid = deadPid();
    const long = `${"n".repeat(246)}.ts`;
    const t = open("long");
    expect(t.write(at(`new/${long}`), "created\n").ok).toBe(true);
    writeFileSync(join(t.dir, "manifest.json"), JSON.stringify({ ...readManifest(t.dir)!, pid } satisfies Manifest));
    // What a write of that name killed before its rename leaves beside it.
    writeFileSync(join(root, "new", `${tempPrefix(long, pid)}deadbeef.tmp`), "partial");
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["long"] });
    expect(existsSync(join(root, "new"))).toBe(false);
  });

  it("leaves a live pid's run alone", () => {
    const runDir = fabricateKilledRun(process.pid, "live");
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
    expect(readFileSync(join(root, "src/a.ts"), "utf8")).toBe("half-verified\n");
    expect(existsSync(join(root, "src/created.ts"))).toBe(true);
    expect(existsSync(join(root, "src", `.a.ts.ld-${process.pid}-deadbeef.tmp`))).toBe(true);
    expect(readManifest(runDir)?.state).toBe("open");
  });

  // The worker died and the kernel gave its pid to an unrelated process (this one stands for it):
  // the pid is alive, the process is not the run's. Only /proc tells them apart cheaply.
  it.runIf(process.platform === "linux")("restores a run whose pid now belongs to another process", () => {
    const runDir = fabricateKilledRun(process.pid, "reused");
    const m = readManifest(runDir)!;
    expect(m.proc).toBe(selfIdentity());
    writeFileSync(join(runDir, "manifest.json"), JSON.stringify({ ...m, proc: `${selfIdentity()!.split(":")[0]}:1` } satisfies Manifest));
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["reused"] });
    expect(readFileSync(join(root, "src/a.ts"), "utf8")).toBe("original\n");
    expect(readManifest(runDir)?.state).toBe("interrupted");
  });

  it("leaves alone a live pid's run recorded before identities were kept", () => {
    const runDir = fabricateKilledRun(process.pid, "old");
    const { proc: _, ...old } = readManifest(runDir)!;
    writeFileSync(join(runDir, "manifest.json"), JSON.stringify(old));
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
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

describe("recoverInterrupted: what the caller injects, and what it cannot restore", () => {
  /** A run of `taskId` on a.txt, its manifest given to a dead pid. */
  function deadRun(taskId: string, state: Manifest["state"] = "open"): Transaction {
    dir.write("a.txt", "v1");
    const t = open(taskId);
    t.write(at("a.txt"), "v2");
    const m = readManifest(t.dir)!;
    writeFileSync(join(t.dir, "manifest.json"), JSON.stringify({ ...m, state, pid: deadPid() }));
    return t;
  }

  it("asks the caller to stop a dead run's leftovers, by run id, before its files go back; never for other runs", () => {
    const dead = deadRun("dead");
    const committed = open("done");
    committed.commit();
    const live = open("live");
    const stopped: string[] = [];
    const r = recoverInterrupted(root, data, (runId) => {
      // Called before the restore: the file is still as the run left it.
      expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v2");
      stopped.push(runId);
    });
    expect(r).toEqual({ ok: true, value: ["dead"] });
    expect(stopped).toEqual([dead.runId]);
    expect(stopped).not.toContain(live.runId);
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v1");
  });

  it("a file it cannot put back: an IO failure naming it and its backup, and the run stays open for the next recovery", () => {
    const t = deadRun("stuck");
    const backup = join(t.dir, "files/a.txt");
    const saved = readFileSync(backup);
    rmSync(backup);
    const r = recoverInterrupted(root, data, () => {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(new RegExp(`^cannot restore the files of an interrupted run: a\\.txt was not restored \\(its backup is missing or unreadable: .*\\); its original is at ${backup.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
    expect(readManifest(t.dir)?.state).toBe("open");
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v2");
    // The backup is back (say, from a copy): the next recovery finishes the job.
    writeFileSync(backup, saved);
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["stuck"] });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("v1");
    expect(readManifest(t.dir)?.state).toBe("interrupted");
  });

  it("never blocks on a FIFO put in a file's place: the FIFO is not the run's, so it is kept", (ctx) => {
    const t = deadRun("fifo");
    rmSync(join(root, "a.txt"));
    if (spawnSync("mkfifo", [join(root, "a.txt")]).status !== 0) return ctx.skip("mkfifo is not available here");
    expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: [] });
    expect(readManifest(t.dir)?.state).toBe("interrupted");
    expect(existsSync(join(root, "a.txt"))).toBe(true);
  });
});
