// A lock whose holder is gone, in a folder this user may not change: a run as root (sudo, a
// container writing into the project) was killed and left its lock for the file in a locks folder
// root owns. Taken over, it could not be removed; it was then found stale again at once, in a
// synchronous loop: the next run on that file spun at full CPU for ever, deaf even to Ctrl-C.
// Now it ends at once, saying which lock to remove, the file untouched.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, type TestContext } from "vitest";
import { dataDir } from "../../src/project/root.js";
import { fileLockPath } from "../../src/write/file-lock.js";
import { distDir, pluginRoot } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { IS_ROOT } from "../support/tmp-dir.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, spawnCli } from "./support.js";

const NOBODY = 65534;
let server: FakeOpenAIServer;
let base: string;
let root: string;
let home: string;

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), "ld-stale-lock-"));
  chmodSync(base, 0o755);
  root = join(base, "project");
  home = join(base, "home");
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, "src"));
  mkdirSync(home);
  writeFileSync(join(root, "src/slugify.mjs"), ORIGINAL);
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD) }] });
});
afterEach(async () => {
  killChildren();
  await server.close();
  spawnSync("chmod", ["-R", "u+w", base]);
  rmSync(base, { recursive: true, force: true });
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

/** The lock of src/slugify.mjs as a killed run left it; its folder writable by the next run or not. */
function leaveStaleLock(): string {
  const lock = fileLockPath(dataDir(root), { rel: "src/slugify.mjs" });
  mkdirSync(dirname(lock), { recursive: true });
  writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: "2026-01-01T00:00:00.000Z", what: "task slugify on src/slugify.mjs" }));
  return lock;
}

/**
 * The built CLI on slugify, as an unprivileged user: as root, `nobody` in a project it owns but for
 * the locks folder (still root's when `locksWritable` is false); otherwise this user, the locks
 * folder made read-only. Killed after 30 s: a run that spins never ends by itself.
 */
async function runAsUser(ctx: TestContext, locksWritable: boolean) {
  const lock = leaveStaleLock();
  let as: { uid?: number; cli?: string } = {};
  if (IS_ROOT) {
    const dir = join(base, "plugin");
    mkdirSync(dir);
    cpSync(join(pluginRoot(), "package.json"), join(dir, "package.json"));
    cpSync(distDir(), join(dir, "dist"), { recursive: true });
    spawnSync("chmod", ["-R", "a+rX", dir]);
    const cli = join(dir, "dist", "cli.js");
    spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root, home]);
    if (!locksWritable) spawnSync("chown", ["-R", "0:0", dirname(lock)]);
    const probe = spawnSync(process.execPath, [cli, "--help"], { uid: NOBODY, gid: NOBODY, encoding: "utf8", timeout: 15_000 });
    if (probe.error || probe.status !== 0) ctx.skip(`cannot run the CLI as nobody here: ${probe.error?.message ?? probe.stderr.trim()}`);
    as = { uid: NOBODY, cli };
  } else if (!locksWritable) {
    chmodSync(dirname(lock), 0o555);
  }
  const spec = join(home, "spec.json");
  writeFileSync(spec, JSON.stringify({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" }));
  if (IS_ROOT) spawnSync("chown", [`${NOBODY}:${NOBODY}`, spec]);
  const env = cliEnv(home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "5000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0" });
  const { child, done } = spawnCli(["run", spec], { cwd: root, env, ...as });
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const r = await done;
  clearTimeout(killer);
  return { r, lock };
}

describe("a dead run's lock the next run may not remove", () => {
  it("ends the run at once, naming the lock to remove; the file untouched, the model not asked", async (ctx) => {
    const { r, lock } = await runAsUser(ctx, false);
    expect(r.signal, "the run spun until killed").toBeNull();
    expect(r.json).toMatchObject({ status: "failed" });
    expect(r.json.error).toContain(lock);
    expect(r.json.hint).toContain(`remove ${lock}`);
    expect(readFileSync(join(root, "src/slugify.mjs"), "utf8")).toBe(ORIGINAL);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  }, 60_000);

  it("near miss: one it may remove is taken over, and the run succeeds", async (ctx) => {
    const { r } = await runAsUser(ctx, true);
    expect(r.json).toMatchObject({ status: "success" });
    expect(readFileSync(join(root, "src/slugify.mjs"), "utf8")).toBe(GOOD.replace(/\n/g, "\r\n"));
  }, 60_000);
});
