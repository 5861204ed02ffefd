import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { distDir } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, killChildren, spawnCli } from "../faults/support.js";

// The built CLI where a user's machine is odd: no home folder, a relative state folder, something
// that is not a file where its code cache goes, a damaged install. Each must cost a command its
// cache or its token figures at most, never its result, a hang, a stack trace or a stray folder.

const base = mkdtempSync(join(tmpdir(), "ld-odd-install-"));
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

function folder(): string {
  const dir = join(base, `d-${n++}`);
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  chmodSync(dir, 0o777);
  return dir;
}

/** `cli.js ARGS` with exactly `env` (and PATH), bounded: a hang fails the test instead of holding it. */
function cli(env: Record<string, string>, args: string[], opts: { cwd: string; uid?: number; dist?: string }) {
  const r = spawnSync(process.execPath, [join(opts.dist ?? distDir(), "cli.js"), ...args], { cwd: opts.cwd, env: { PATH: process.env.PATH, ...env }, encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL", ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}) });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

const root = process.getuid?.() === 0;

describe("the CLI's state folder where the environment is odd", () => {
  it("a relative XDG_STATE_HOME is ignored (XDG says so): nothing is written into the folder a command runs in", () => {
    const cwd = folder();
    const home = folder();
    const r = cli({ HOME: home, XDG_STATE_HOME: "state" }, ["--version"], { cwd });
    expect(r).toMatchObject({ stdout: "0.1.0\n", status: 0 });
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(home, ".local", "state", "local-delegate", "code-cache", "cli.bin"))).toBe(true);
  });

  it.skipIf(!root)("no HOME and no passwd entry: commands run, without a cache, with no stack trace and no stray folder", () => {
    const cwd = folder();
    // The built dist/ sits in a folder only its owner reads: a copy another user can run.
    const dist = join(folder(), "dist");
    cpSync(distDir(), dist, { recursive: true });
    spawnSync("chmod", ["-R", "a+rX", dist]);
    for (const env of [{}, { HOME: "" }, { HOME: "relative/home" }] as Record<string, string>[]) {
      const r = cli(env, ["--version"], { cwd, uid: 54321, dist });
      expect(r, JSON.stringify(env)).toMatchObject({ stdout: "0.1.0\n", stderr: "", status: 0 });
      // A command that needs the state folder says what to set, as the user's to fix (exit 2), not a bug.
      const jobs = cli(env, ["jobs"], { cwd, uid: 54321, dist });
      expect(jobs, JSON.stringify(env)).toMatchObject({ stderr: "local-delegate: HOME: this user has no home folder for local-delegate's state (set HOME or XDG_STATE_HOME to an absolute path)\n", status: 2 });
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a FIFO or a link to /dev/zero where the cache goes costs nothing: no hang, no memory", () => {
    for (const make of [(p: string) => spawnSync("mkfifo", [p]), (p: string) => symlinkSync("/dev/zero", p)]) {
      const state = folder();
      const cache = join(state, "local-delegate", "code-cache", "cli.bin");
      mkdirSync(join(cache, ".."), { recursive: true });
      make(cache);
      const r = cli({ HOME: folder(), XDG_STATE_HOME: state }, ["--version"], { cwd: state });
      expect(r).toMatchObject({ stdout: "0.1.0\n", status: 0, signal: null });
    }
  });

  it("a state folder that can never be made (under /proc) ends the command at once", () => {
    const r = cli({ HOME: folder(), XDG_STATE_HOME: "/proc/no-such-folder" }, ["--version"], { cwd: folder() });
    expect(r).toMatchObject({ stdout: "0.1.0\n", status: 0, signal: null });
  });
});

describe("a damaged install", () => {
  let server: FakeOpenAIServer;
  let proj: TempProject;
  beforeEach(async () => {
    proj = tempProject();
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  });
  afterEach(async () => {
    killChildren();
    await server.close();
    proj.cleanup();
  });

  it("without the token table a run still ends as what it is, and its ledger line says why it has no estimate", async () => {
    const copy = join(proj.home, "damaged");
    cpSync(distDir(), copy, { recursive: true });
    rmSync(join(copy, "cl100k.bin"));
    const content = "export function slugify(s) {\n  return s.toLowerCase().trim().replace(/\\s+/g, '-');\n}\n";
    server.setScript([{ content: fence(content, "js") }]);
    const spec = proj.spec({ task_id: "slug", description: "Write slugify(s).", output_file: "src/slugify.mjs" });
    const r = await spawnCli(["run", spec], { cwd: proj.root, cli: join(copy, "cli.js"), env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl }) }).done;
    expect(r.json, r.stderr).toMatchObject({ status: "success", attempts: 1 });
    expect(r.code).toBe(0);
    expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(content);
    const line = JSON.parse(readFileSync(join(proj.root, ".claude/local-delegate/ledger.jsonl"), "utf8").trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ status: "success", claude: null });
    expect(line.notes).toContainEqual(expect.stringMatching(/^no Claude-token estimate: .*cl100k\.bin is missing/));
  }, 60_000);
});
