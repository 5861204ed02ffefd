import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/util/lock.js";
import { fileLockPath } from "../../src/write/file-lock.js";
import { pruneBackups } from "../../src/write/prune.js";
import { backupsDir, listRuns, readManifest, saveManifest, type Manifest } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { runCli } from "../support/project.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let data: string;
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-25T12:00:00Z");

beforeEach(() => {
  dir = tmpDir("ld-prune-");
  mkdirSync(dir.join(".git"));
  data = dir.join(".claude", "local-delegate");
});
afterEach(() => dir.cleanup());

/** A real run of `task` on `file`, its manifest dated `daysAgo` and left in `state`. */
function run(task: string, daysAgo: number, state: Manifest["state"] = "committed", file = `src/${task}.ts`, now = NOW): string {
  dir.write(file, `// ${task} before\n`);
  const t = Transaction.open(dir.path, data, task);
  if (!t.ok) throw new Error(t.error.message);
  const w = t.value.write({ abs: dir.join(file), rel: file }, `// ${task} after\n`);
  if (!w.ok) throw new Error(w.error.message);
  const m = readManifest(t.value.dir)!;
  saveManifest(t.value.dir, { ...m, state, created: new Date(now - daysAgo * DAY).toISOString() });
  return t.value.dir;
}
const tasks = () => (existsSync(backupsDir(data)) ? readdirSync(backupsDir(data)).sort() : []);

describe("pruneBackups", () => {
  it("removes a task whose every run is older than the limit, and keeps the rest", async () => {
    run("old", 40);
    run("old", 35, "restored");
    run("recent", 2);
    run("mixed", 90);
    run("mixed", 1);
    const r = await pruneBackups(data, 30, { now: NOW });
    expect(r).toEqual({ ok: true, value: ["old"] });
    expect(tasks()).toEqual(["mixed", "recent"]);
    // A task goes whole or not at all: rollback of "mixed" still reaches its first run.
    expect(listRuns(data, "mixed")).toHaveLength(2);
  });

  it("never touches an open run, however old", async () => {
    run("killed", 100, "open");
    run("killed", 99);
    expect(await pruneBackups(data, 30, { now: NOW })).toEqual({ ok: true, value: [] });
    expect(listRuns(data, "killed")).toHaveLength(2);
  });

  it("keeps everything with 0 days, and leaves folders it cannot read a manifest in", async () => {
    run("old", 400);
    expect(await pruneBackups(data, 0, { now: NOW })).toEqual({ ok: true, value: [] });
    mkdirSync(join(backupsDir(data), "old", "20260101T000000000Z-1-abcd"), { recursive: true }); // a run being opened
    expect(await pruneBackups(data, 30, { now: NOW })).toEqual({ ok: true, value: ["old"] });
    expect(readdirSync(join(backupsDir(data), "old"))).toEqual(["20260101T000000000Z-1-abcd"]);
  });

  it("leaves a task alone while one of its files is locked (a rollback of it under way), but not for the caller's own file", async () => {
    run("old", 40);
    const held = await acquireLock(fileLockPath(data, { rel: "src/old.ts" }), { what: "rollback old", waitMs: 0 });
    if (!held.ok) throw new Error(held.error.message);
    expect(await pruneBackups(data, 30, { now: NOW })).toEqual({ ok: true, value: [] });
    expect(await pruneBackups(data, 30, { now: NOW, held: ["src/old.ts"] })).toEqual({ ok: true, value: ["old"] });
    held.value();
  });
});

describe("a run", () => {
  it("prunes the backups of tasks older than keep_backups_days, and `rollback` then says so", async () => {
    // Dated against the real clock, which the run prunes by.
    run("ancient", 45, "committed", "src/ancient.ts", Date.now());
    run("fresh", 3, "committed", "src/fresh.ts", Date.now());
    const home = dir.join("home");
    mkdirSync(home);
    const env = { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "300", LOCAL_DELEGATE_KEEP_BACKUPS_DAYS: "30" };
    const spec = dir.write("spec.json", JSON.stringify({ task_id: "t", description: "Write x", output_file: "src/x.ts" }));
    await runCli(["run", spec], { cwd: dir.path, home, env });
    expect(tasks()).toEqual(["fresh"]);
    const rb = await runCli(["rollback", "ancient", "--json"], { cwd: dir.path, home, env });
    expect(rb.code).toBe(2);
    expect(rb.json.hint).toMatch(/keep_backups_days/);
    const bad = await runCli(["run", spec], { cwd: dir.path, home, env: { ...env, LOCAL_DELEGATE_KEEP_BACKUPS_DAYS: "-1" } });
    expect(bad.code).toBe(2);
    expect(bad.json.error).toMatch(/KEEP_BACKUPS_DAYS/);
  });
});
