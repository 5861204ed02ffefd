// A task run more than once (a spec run again after a review) is rolled back to the state before
// its first run. A change someone made between two of its runs (Claude's or the user's tweak, or
// another task) was discarded with it, silently: "restored", exit 0, the edit gone.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { listRuns } from "../../src/write/manifest.js";
import { fakeRun } from "../support/fake-run.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject();
});
afterEach(() => proj.cleanup());

const keptRun = (taskId: string, writes: Record<string, string>) => fakeRun(proj, taskId, writes);

const rollback = (...args: string[]) => runCli(["rollback", ...args, "--json"], { cwd: proj.root, home: proj.home });
const states = (task: string) => listRuns(proj.data, task).map((r) => r.manifest.state);
const forcedDir = (task: string) => join(proj.data, "backups", task, readdirSync(join(proj.data, "backups", task)).find((d) => d.startsWith("forced-"))!);

it("refuses when a file was edited between two runs of the task, changing nothing; --force keeps that version", async () => {
  proj.write("src/a.ts", "export const a = 0;\n");
  proj.write("src/b.ts", "export const b = 0;\n");
  keptRun("t1", { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 1;\n" });
  proj.write("src/a.ts", "export const a = 1; // reviewed by hand\n");
  keptRun("t1", { "src/a.ts": "export const a = 2; // reviewed by hand\n" });

  const refused = await rollback("t1");
  expect(refused.code).toBe(1);
  expect(refused.json).toMatchObject({ status: "refused" });
  expect(refused.json.error).toContain("src/a.ts (between two of its runs) changed since");
  expect(refused.json.error).not.toContain("src/b.ts");
  expect(proj.read("src/a.ts")).toBe("export const a = 2; // reviewed by hand\n");
  expect(proj.read("src/b.ts")).toBe("export const b = 1;\n");
  expect(states("t1")).toEqual(["committed", "committed"]);

  const forced = await rollback("t1", "--force");
  expect(forced.code).toBe(0);
  expect(proj.read("src/a.ts")).toBe("export const a = 0;\n");
  expect(proj.read("src/b.ts")).toBe("export const b = 0;\n");
  const second = listRuns(proj.data, "t1")[1]!.manifest.run_id;
  const copy = join(forcedDir("t1"), `before-${second}`, "src/a.ts");
  expect(forced.json.kept).toEqual([copy]);
  expect(readFileSync(copy, "utf8")).toBe("export const a = 1; // reviewed by hand\n");
  // The file as the task left it is the task's own: no copy of it is kept as "yours".
  expect(existsSync(join(forcedDir("t1"), "files"))).toBe(false);
});

it("refuses when another task changed the file between two runs of this one", async () => {
  proj.write("src/a.ts", "x\n");
  keptRun("t1", { "src/a.ts": "t1 first\n" });
  keptRun("t2", { "src/a.ts": "t2's change\n" });
  keptRun("t1", { "src/a.ts": "t1 second\n" });
  const refused = await rollback("t1");
  expect(refused.code).toBe(1);
  expect(refused.json.error).toContain("src/a.ts (between two of its runs)");
  expect(proj.read("src/a.ts")).toBe("t1 second\n");
});

it("the near misses: runs one after the other, a version between them that is the original, and a file already back, are rolled back", async () => {
  proj.write("src/a.ts", "a0\n");
  proj.write("src/b.ts", "b0\n");
  proj.write("src/c.ts", "c0\n");
  keptRun("t1", { "src/a.ts": "a1\n", "src/b.ts": "b1\n", "src/c.ts": "c1\n", "src/new.ts": "n1\n" });
  // b put back to its original by hand between the runs: the rollback's target, nothing lost.
  proj.write("src/b.ts", "b0\n");
  // The created file deleted between the runs, then created again: gone is what it was before.
  rmSync(join(proj.root, "src/new.ts"));
  keptRun("t1", { "src/a.ts": "a2\n", "src/b.ts": "b2\n", "src/c.ts": "c2\n", "src/new.ts": "n2\n" });
  // c edited between the runs, and then put back as it was before the task: nothing to do there.
  proj.write("src/c.ts", "c0\n");

  const r = await rollback("t1");
  expect(r.code).toBe(0);
  expect(new Map(r.json.files.map((f: { file: string; action: string }) => [f.file, f.action]))).toEqual(
    new Map([
      ["src/a.ts", "restored"],
      ["src/b.ts", "restored"],
      ["src/c.ts", "unchanged"],
      ["src/new.ts", "removed"],
    ]),
  );
  expect([proj.read("src/a.ts"), proj.read("src/b.ts"), proj.read("src/c.ts"), proj.exists("src/new.ts")]).toEqual(["a0\n", "b0\n", "c0\n", false]);
  expect(r.json.kept).toBeUndefined();
});
