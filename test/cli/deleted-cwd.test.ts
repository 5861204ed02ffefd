// A shell left in a folder that was deleted since (a branch switch, a `rm -rf` of a build folder)
// runs the CLI with no current folder: Node's process.cwd() throws. The commands say so in one
// line and exit 2, never a stack trace; what needs no folder (--help, --version) still works.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtCli } from "../support/dist.js";
import { tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

/** `local-delegate ARGV` started from a folder removed just before (the shell's cd keeps it as the cwd). */
function inDeletedFolder(argv: string[], stdin = "") {
  const gone = join(proj.root, "gone");
  mkdirSync(gone, { recursive: true });
  const r = spawnSync("sh", ["-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", gone, process.execPath, builtCli(), ...argv], {
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: join(proj.home, ".state"), LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" },
    input: stdin,
    encoding: "utf8",
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a current folder that was deleted", () => {
  const commands = [["run", "spec.json"], ["run", "-"], ["doctor"], ["jobs"], ["status"], ["report"], ["classify", "-d", "a clamp function"], ["plan", "check", "plan.yaml"]];
  it.each(commands.map((argv) => [argv.join(" "), argv] as const))("%s: one line saying so, exit 2", (_name, argv) => {
    const r = inDeletedFolder([...argv], "task_id: a\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toBe("local-delegate: the current folder no longer exists (it was deleted or moved) (cd into the project and run the command again)\n");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(2);
  }, 20_000);

  it.each([["--help"], ["--version"], ["run", "--help"]].map((argv) => [argv.join(" "), argv] as const))("%s needs no folder: it works", (_name, argv) => {
    const r = inDeletedFolder([...argv]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/local-delegate|0\.\d/);
    expect(r.code).toBe(0);
  }, 20_000);
});
