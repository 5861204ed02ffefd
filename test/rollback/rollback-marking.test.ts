// A rollback puts the files back, then marks each of the task's runs rolled back, one manifest at
// a time. Marked oldest first, a mark that failed (or a kill) after the first left the later runs
// `committed` with every file already as before the task: the next rollback planned from the later
// run alone, called the file "changed since the task wrote it", and with --force put back the
// earlier run's version (the task half undone, reported rolled back).
import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { listRuns } from "../../src/write/manifest.js";
import { fakeRun } from "../support/fake-run.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { IS_ROOT } from "../support/tmp-dir.js";

let proj: TempProject;
let locked: string | null = null;
beforeEach(() => {
  proj = tempProject();
});
afterEach(() => {
  if (locked) unlock(locked);
  proj.cleanup();
});

const keptRun = (taskId: string, writes: Record<string, string>) => fakeRun(proj, taskId, writes);

/** A run folder no manifest can be saved in (permission bits stop no root: an immutable folder then); false where that cannot be done. */
function lock(dir: string): boolean {
  if (!IS_ROOT) {
    chmodSync(dir, 0o500);
    return true;
  }
  const r = spawnSync("chattr", ["+i", dir], { encoding: "utf8" });
  return !r.error && r.status === 0;
}
function unlock(dir: string): void {
  if (IS_ROOT) spawnSync("chattr", ["-i", dir]);
  else chmodSync(dir, 0o700);
  locked = null;
}

const rollback = (...args: string[]) => runCli(["rollback", ...args, "--json"], { cwd: proj.root, home: proj.home });
const states = () => listRuns(proj.data, "t1").map((r) => r.manifest.state);

it.for(["newest", "oldest"] as const)("a task whose %s run could not be marked rolled back is finished by the next rollback, not refused", async (which, ctx) => {
  proj.write("src/a.ts", "a0\n");
  const runs = [keptRun("t1", { "src/a.ts": "a1\n" }), keptRun("t1", { "src/a.ts": "a2\n", "src/new.ts": "n2\n" })];
  const second = which === "newest" ? runs[1]! : runs[0]!;
  if (!lock(second)) return ctx.skip("chattr +i is not available here");
  locked = second;

  const first = await rollback("t1");
  expect(first.code).toBe(1);
  expect(first.json.error).toContain("could not be marked rolled back");
  expect([proj.read("src/a.ts"), proj.exists("src/new.ts")]).toEqual(["a0\n", false]);
  unlock(second);

  const again = await rollback("t1");
  expect(again.code).toBe(0);
  expect(again.json).toMatchObject({ status: "rolled-back" });
  expect([proj.read("src/a.ts"), proj.exists("src/new.ts")]).toEqual(["a0\n", false]);
  expect(states()).toEqual(["rolled-back", "rolled-back"]);
});

it("the near miss: every run marked, a second rollback says the task was already rolled back", async () => {
  proj.write("src/a.ts", "a0\n");
  keptRun("t1", { "src/a.ts": "a1\n" });
  keptRun("t1", { "src/a.ts": "a2\n" });
  expect((await rollback("t1")).code).toBe(0);
  expect(states()).toEqual(["rolled-back", "rolled-back"]);
  const again = await rollback("t1");
  expect(again.code).toBe(2);
  expect(again.json.error).toContain("already rolled back");
  expect(proj.read("src/a.ts")).toBe("a0\n");
});
