// A rollback checks that every file can be put back before it touches any: a file that became a
// symlink, or whose backup is gone or corrupt, refuses the whole rollback with every reason and
// nothing changed. A failure the checks cannot foresee (the disk, half way) says exactly which files
// are back and which are not, and running the rollback again finishes it.
import { rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { blocker } from "../../src/ledger/rollback-check.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { listRuns } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// The restore as it is, unless a test makes one call of it fail as a full disk would.
let failOn: string | null = null;
vi.mock("../../src/write/restore.js", async (original) => {
  const real = await original<typeof import("../../src/write/restore.js")>();
  return {
    ...real,
    restoreEntries: (root: string, dir: string, files: Parameters<typeof real.restoreEntries>[2]) =>
      files.some((f) => f.rel === failOn) ? { failed: [{ rel: failOn, backup: null, reason: "the disk is full" }], notes: [] } : real.restoreEntries(root, dir, files),
  };
});

const BEFORE = { "src/a.ts": "export const a = 0;\n", "src/b.ts": "export const b = 0;\n", "src/c.ts": "export const c = 0;\n", "src/other.ts": "export const o = 0;\n" };
const AFTER = { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 1;\n", "src/c.ts": "export const c = 1;\n" };

let proj: TempProject;
beforeEach(() => {
  failOn = null;
  proj = tempProject(BEFORE);
  // One task that changed three files (as a rename updates its importers, in one transaction).
  const t = Transaction.open(proj.root, proj.data, "t1");
  if (!t.ok) throw new Error(t.error.message);
  for (const [rel, content] of Object.entries(AFTER)) {
    const p = resolveInProject(proj.root, rel, "file");
    if (!p.ok || !t.value.write(p.value, content).ok) throw new Error(`cannot write ${rel}`);
  }
  if (!t.value.commit().ok) throw new Error("commit failed");
});
afterEach(() => proj.cleanup());

const rollback = (...flags: string[]) => runCli(["rollback", "t1", "--json", ...flags], { cwd: proj.root, home: proj.home });
const backupOf = (rel: string) => join(listRuns(proj.data, "t1")[0]!.dir, "files", rel);
const contents = () => Object.keys(AFTER).map((rel) => proj.read(rel));

it("refuses, naming every file that cannot be put back and why, and changes none", async () => {
  // Since the task: b.ts made a link to another file (an edit, which --force would override), and
  // c.ts's backup corrupted.
  unlinkSync(join(proj.root, "src/b.ts"));
  symlinkSync("other.ts", join(proj.root, "src/b.ts"));
  writeFileSync(backupOf("src/c.ts"), "not the original\n");
  const r = await rollback("--force");
  expect(r.code).toBe(1);
  expect(r.json).toMatchObject({ status: "refused", task_id: "t1" });
  expect(r.json.error).toMatch(/^refused: src\/b\.ts is now a symlink, not a regular file; src\/c\.ts has a backup that does not match its original's hash; nothing was changed$/);
  expect(r.json).not.toHaveProperty("restored");
  expect(contents()).toEqual([AFTER["src/a.ts"], "export const o = 0;\n", AFTER["src/c.ts"]]);
  expect(listRuns(proj.data, "t1")[0]!.manifest.state).toBe("committed");
});

it("refuses when a backup is missing, and changes nothing", async () => {
  rmSync(backupOf("src/b.ts"));
  const r = await rollback();
  expect(r.code).toBe(1);
  expect(r.json.error).toMatch(/^refused: src\/b\.ts has no usable backup: .*src\/b\.ts.*; nothing was changed$/);
  expect(contents()).toEqual(Object.values(AFTER));
});

it("a failure half way lists the files already put back and those not; a second rollback finishes", async () => {
  failOn = "src/b.ts";
  const r = await rollback();
  expect(r.code).toBe(1);
  expect(r.json).toMatchObject({ status: "failed", restored: ["src/a.ts"], not_restored: ["src/b.ts", "src/c.ts"] });
  expect(r.json.error).toMatch(/stopped half way: src\/b\.ts was not restored \(the disk is full\); already put back: src\/a\.ts; not put back: src\/b\.ts, src\/c\.ts/);
  expect(r.json.error).not.toMatch(/nothing was changed/);
  expect(contents()).toEqual([BEFORE["src/a.ts"], AFTER["src/b.ts"], AFTER["src/c.ts"]]);
  failOn = null;
  const again = await rollback();
  expect(again.json).toMatchObject({ status: "rolled-back" });
  expect(contents()).toEqual([BEFORE["src/a.ts"], BEFORE["src/b.ts"], BEFORE["src/c.ts"]]);
});

it("the near miss: with every file restorable (one edited, with --force), all are put back", async () => {
  writeFileSync(join(proj.root, "src/b.ts"), "export const b = 2; // edited since\n");
  const r = await rollback("--force");
  expect(r.code).toBe(0);
  expect(r.json).toMatchObject({ status: "rolled-back", files: Object.keys(AFTER).map((file) => ({ file, action: "restored" })) });
  expect(contents()).toEqual([BEFORE["src/a.ts"], BEFORE["src/b.ts"], BEFORE["src/c.ts"]]);
});

it("decides from what it finds alone (pure): a created file gone needs nothing; a folder not writable blocks", () => {
  const created = { rel: "src/n.ts", existed: false };
  const original = { rel: "src/a.ts", existed: true, sha256: "abc" };
  expect(blocker(created, { target: { kind: "absent", writable: false }, backup: null })).toBeNull();
  expect(blocker(created, { target: { kind: "file", writable: true }, backup: null })).toBeNull();
  expect(blocker(created, { target: { kind: "file", writable: false }, backup: null })).toBe("is in a folder this user may not write");
  expect(blocker(original, { target: { kind: "absent", writable: true }, backup: { kind: "read", sha256: "abc" } })).toBeNull();
  expect(blocker(original, { target: { kind: "unreachable", why: "src is a symlink" }, backup: { kind: "read", sha256: "abc" } })).toBe("cannot be reached: src is a symlink");
  expect(blocker(original, { target: { kind: "file", writable: true }, backup: null })).toBe("has no backup of its original");
});
