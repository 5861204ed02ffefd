// A run killed inside the atomic write of a NEW file in NEW folders: the folders exist, the temp
// file is in them, the rename has not happened. Recovery (and a job's undo, which does the same)
// removes the temp file first, then the folders the run created: the project is as it was. A
// folder that holds something else by then is left, with what it holds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { jobRuns, undoJobRuns } from "../../src/jobs/undo.js";
import { readManifest, saveManifest } from "../../src/write/manifest.js";
import { recoverInterrupted } from "../../src/write/recover.js";
import { Transaction } from "../../src/write/transaction.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let root: string;
let data: string;
beforeEach(() => {
  dir = tmpDir("ld-killed-new-");
  root = dir.path;
  data = join(root, ".claude", "local-delegate");
  dir.write("keep.txt", "x\n");
});
afterEach(() => dir.cleanup());

const project = () => readdirSync(root).filter((n) => n !== ".claude").sort();

/** Rewinds a run's write of pkg/sub/new.ts to the moment of a SIGKILL; returns the dead pid and its temp file. */
function killedMidWrite(): { pid: number; temp: string } {
  const t = Transaction.open(root, data, "killed");
  if (!t.ok) throw new Error(t.error.message);
  expect(t.value.write({ abs: join(root, "pkg/sub/new.ts"), rel: "pkg/sub/new.ts" }, "export const n = 1;\n").ok).toBe(true);
  const pid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
  const m = readManifest(t.value.dir)!;
  const f = m.files[0]!;
  expect(f.dirs).toEqual(["pkg/sub", "pkg"]);
  // The manifest as saved before the rename (writing_sha256), the file not yet in place, the
  // temp file open beside it under replaceFile's name pattern.
  const { written_sha256, ...entry } = f;
  saveManifest(t.value.dir, { ...m, pid, files: [{ ...entry, writing_sha256: written_sha256 }] });
  unlinkSync(join(root, "pkg/sub/new.ts"));
  const temp = join(root, "pkg/sub", `.new.ts.ld-${pid}-0badf00d.tmp`);
  writeFileSync(temp, "export const");
  return { pid, temp };
}

it("recovery leaves no folder the killed run created", () => {
  const before = project();
  const { temp } = killedMidWrite();
  expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["killed"] });
  expect(existsSync(temp)).toBe(false);
  expect(project()).toEqual(before);
});

it("a job's undo leaves no folder the killed run created", async () => {
  const before = project();
  const { pid, temp } = killedMidWrite();
  const report = await undoJobRuns(root, data, jobRuns(data, pid, new Date(Date.now() - 5_000).toISOString(), null), { committed: false });
  expect(report).toEqual({ restored: ["pkg/sub/new.ts"], kept: [], problems: [] });
  expect(existsSync(temp)).toBe(false);
  expect(project()).toEqual(before);
});

it("recovery keeps a created folder that holds someone else's file by then, and that file", () => {
  const { temp } = killedMidWrite();
  dir.write("pkg/sub/mine.ts", "export {};\n");
  expect(recoverInterrupted(root, data, () => {})).toEqual({ ok: true, value: ["killed"] });
  expect(existsSync(temp)).toBe(false);
  expect(readdirSync(join(root, "pkg/sub"))).toEqual(["mine.ts"]);
});
