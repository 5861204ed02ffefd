import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { jobProcesses } from "../../src/jobs/proc.js";
import { killUntilGone } from "../../src/util/tagged.js";
import { builtCli, distDir } from "../support/dist.js";
import { inheritedTag, isSame, signalIfSame } from "../support/processes.js";
import { lastJsonLine, type TempProject } from "../support/project.js";

/**
 * The built CLI, copied aside for this test file: the worker it starts is the same copy, and a
 * `npm run build` running meanwhile (which empties dist/ first) cannot pull it from under a test.
 */
export let CLI = builtCli();
export function useBuiltCli(): void {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ld-cli-"));
    CLI = join(dir, "cli.js");
    // The whole of dist/: the CLI loads its siblings (the tokenizer) at run time.
    cpSync(distDir(), dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}

export interface Cli {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
  ms: number;
}

/** The built CLI as a separate process, the way Claude's Bash runs it. */
export function cli(args: string[], proj: TempProject, env: Record<string, string>, options: number | { timeoutMs?: number; stdin?: string } = {}): Promise<Cli> {
  const opts = typeof options === "number" ? { timeoutMs: options } : options;
  const started = Date.now();
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: proj.root, env: isolatedEnv(proj, env), timeout: opts.timeoutMs ?? 30_000, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      done({ code, stdout, stderr, json: lastJsonLine(stdout), ms: Date.now() - started });
    });
    child.stdin?.end(opts.stdin ?? "");
  });
}

export function isolatedEnv(proj: TempProject, env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: proj.home,
    XDG_CONFIG_HOME: join(proj.home, ".config"),
    XDG_STATE_HOME: join(proj.home, ".state"),
    ...inheritedTag(),
    ...env,
  };
}

export function jobState(proj: TempProject, id: string): any {
  return JSON.parse(readFileSync(join(proj.data, "jobs", `${id}.json`), "utf8"));
}

export { waitFor } from "../support/wait.js";

/** A job's worker as its state records it: its pid and the identity (start time) it had. */
export function workerOf(proj: TempProject, id: string): { pid: number; proc: string } {
  const j = jobState(proj, id);
  if (typeof j.pid !== "number" || typeof j.proc !== "string") throw new Error(`job ${id} has recorded no worker yet: ${JSON.stringify(j)}`);
  return { pid: j.pid, proc: j.proc };
}

/** Whether the job's worker still runs: its pid alive and still the same process. */
export const workerAlive = (proj: TempProject, id: string) => {
  const w = workerOf(proj, id);
  return isSame(w.pid, w.proc);
};

/** kill -9 of a job's worker, only if its pid is still that worker (pids wrap); fails the test otherwise. */
export function killWorker(proj: TempProject, id: string): void {
  const w = workerOf(proj, id);
  if (!signalIfSame(w.pid, w.proc, "SIGKILL")) throw new Error(`the worker of job ${id} (pid ${w.pid}) is not running`);
}

/**
 * afterEach: every process of every job of the project is killed. They are found by the job's id
 * in their environment (Linux), and the worker by its pid only while that pid is still the worker
 * the state recorded: a worker that ended long ago may have handed its pid to anyone.
 */
export function killJobs(proj: TempProject): void {
  let names: string[] = [];
  try {
    names = readdirSync(join(proj.data, "jobs"));
  } catch {
    return;
  }
  for (const n of names.filter((x) => /^\d{6}-\d{6}-[0-9a-f]{4}\.json$/.test(x))) {
    try {
      const j = JSON.parse(readFileSync(join(proj.data, "jobs", n), "utf8"));
      if (typeof j.pid === "number" && typeof j.proc === "string") signalIfSame(j.pid, j.proc, "SIGKILL");
      // Not the pid: where there is no /proc, `jobProcesses` would walk the process tree from it.
      killUntilGone(() => jobProcesses(j.id, null));
    } catch {
      /* unreadable: nothing to kill */
    }
  }
}

/** A test command that records its pid, then hangs: the job is "running tests" until killed. */
export const HANG = `import { writeFileSync } from "node:fs";
writeFileSync("hang.pid", String(process.pid));
setTimeout(() => {}, 60_000);
`;

/** A stubborn test command: ignores SIGTERM and leaves a grandchild in a process group of its own. */
export const HANG_TREE = `import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
process.on("SIGTERM", () => {});
const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { detached: true, stdio: "ignore" });
writeFileSync("hang-child.pid", String(child.pid));
writeFileSync("hang.pid", String(process.pid));
setTimeout(() => {}, 60_000);
`;

export const GOOD = `export function slugify(input) {
  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
`;
export const CHECK = `import { slugify } from "./src/slugify.mjs";
const got = slugify("  Hello, World! ");
if (got !== "hello-world") { console.error("expected hello-world, got " + JSON.stringify(got)); process.exit(1); }
console.log("ok");
`;
export const fence = (s: string) => "Here it is:\n\n```js\n" + s + "```\n";
