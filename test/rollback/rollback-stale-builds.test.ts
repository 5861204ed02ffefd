// A restored file must look changed to the tools that cache what was built from it. The backup's
// own mtime is when it was copied, a moment before the run wrote: renamed back as it is, the file
// looked older than a build of the run's version (make kept that build) and, for Python, was in
// the same second with the same size (the run's bytecode went on running after the rollback).
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { fakeRun } from "../support/fake-run.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject();
});
afterEach(() => proj.cleanup());

const abs = (rel: string) => join(proj.root, rel);

const keptRun = (taskId: string, writes: Record<string, string>) => fakeRun(proj, taskId, writes);

const rollback = (taskId: string) => runCli(["rollback", taskId, "--json"], { cwd: proj.root, home: proj.home });

/** A tool run in the project; null when it is not installed. */
function tool(cmd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string } | null {
  const r = spawnSync(cmd, args, { cwd: proj.root, encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") return null;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return { status: r.status, stdout: r.stdout.trim() };
}

it("make rebuilds after a rollback: the restored source is newer than what was built from the run's version", async (ctx) => {
  writeFileSync(abs("Makefile"), "out.txt: src.txt\n\tcp src.txt out.txt\n");
  writeFileSync(abs("src.txt"), "the original\n");
  keptRun("t1", { "src.txt": "the run's version\n" });
  if (!tool("make", ["-s"])) return ctx.skip("make is not installed");
  expect(readFileSync(abs("out.txt"), "utf8")).toBe("the run's version\n");

  const r = await rollback("t1");
  expect(r.json).toMatchObject({ status: "rolled-back" });
  expect(readFileSync(abs("src.txt"), "utf8")).toBe("the original\n");
  tool("make", ["-s"]);
  expect(readFileSync(abs("out.txt"), "utf8")).toBe("the original\n");
});

it("Python runs the restored module, not the run's bytecode, when both versions have the same size", async (ctx) => {
  writeFileSync(abs("mod.py"), "def f():\n    return 1\n");
  const dir = keptRun("t1", { "mod.py": "def f():\n    return 2\n" });
  // The run an hour ago: its backup copy and its write a few milliseconds apart, in one second.
  const then = new Date(Date.now() - 3_600_000);
  utimesSync(abs("mod.py"), then, then);
  utimesSync(join(dir, "files/mod.py"), then, then);
  // The user runs the code after the run: Python caches its bytecode (the tests' env turns that off).
  const py = () => tool("python3", ["-c", "import mod; print(mod.f())"], { PYTHONDONTWRITEBYTECODE: "" });
  const first = py();
  if (!first) return ctx.skip("python3 is not installed");
  expect(first.stdout).toBe("2");

  const r = await rollback("t1");
  expect(r.json).toMatchObject({ status: "rolled-back" });
  expect(readFileSync(abs("mod.py"), "utf8")).toBe("def f():\n    return 1\n");
  expect(py()!.stdout).toBe("1");
});

it("the near miss: a file already back as it was is not touched, its mtime included", async () => {
  writeFileSync(abs("a.txt"), "a original\n");
  writeFileSync(abs("b.txt"), "b original\n");
  keptRun("t1", { "a.txt": "a changed\n", "b.txt": "b changed\n" });
  // Put back by hand (an editor's undo, saved), long ago as far as its mtime says.
  writeFileSync(abs("b.txt"), "b original\n");
  const then = new Date(Date.now() - 3_600_000);
  utimesSync(abs("b.txt"), then, then);

  const r = await rollback("t1");
  expect(r.json.files).toEqual(expect.arrayContaining([{ file: "b.txt", action: "unchanged" }, { file: "a.txt", action: "restored" }]));
  expect(statSync(abs("b.txt")).mtimeMs).toBeCloseTo(then.getTime(), 0);
  expect(readFileSync(abs("a.txt"), "utf8")).toBe("a original\n");
  expect(statSync(abs("a.txt")).mtimeMs).toBeGreaterThan(then.getTime());
});
