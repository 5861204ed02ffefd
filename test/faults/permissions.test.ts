// Permissions and owners are the user's, and a failed run restores whatever the disk holds (issue
// 16, points 5 to 7), through the built CLI as a child. A file its owner made read-only (chmod 444)
// is refused before the model is asked, for an unprivileged user (run as `nobody`) as for root. A
// restore puts back the owner and mode of a file that belongs to someone else. A test command that
// fills the disk cannot stop the restore: the backup is renamed over the file, which needs no
// space. These need root (to run as another user, to chown, to mount a small tmpfs); they skip,
// saying why, elsewhere.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { distDir, pluginRoot } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { IS_ROOT } from "../support/tmp-dir.js";
import { cliEnv, fence, GOOD, killChildren, mountTmpfs, ORIGINAL, spawnCli, unmount } from "./support.js";

const NOBODY = 65534;
const NEEDS_ROOT = "runs as root only: it switches to another user, chowns files or mounts a tmpfs";
const WRITTEN = GOOD.replace(/\n/g, "\r\n");

let server: FakeOpenAIServer;
let base: string;
let root: string;
let home: string;
const mounts: string[] = [];

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), "ld-perm-"));
  chmodSync(base, 0o755);
  root = join(base, "project");
  home = join(base, "home");
  mkdirSync(home);
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  for (const m of mounts.splice(0).reverse()) unmount(m);
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

function project(files: Record<string, string> = {}): void {
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "src/slugify.mjs"), ORIGINAL);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(root, rel), text);
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));
const file = () => join(root, "src/slugify.mjs");

/** The built CLI on slugify, as root or as `uid`; the spec lives in HOME, off the project's disk. */
async function run(extra: Record<string, unknown>, as: { uid?: number; cli?: string } = {}) {
  const spec = join(home, "spec.json");
  writeFileSync(spec, JSON.stringify({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", ...extra }));
  if (as.uid !== undefined) chownSync(spec, as.uid, as.uid);
  const env = cliEnv(home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0" });
  return spawnCli(["run", spec], { cwd: root, env, ...as }).done;
}

/** The fresh build, copied where another user can read it (the test build's folder is root's, 0700). */
function readableCli(): string {
  const dir = join(base, "plugin");
  mkdirSync(dir);
  cpSync(join(pluginRoot(), "package.json"), join(dir, "package.json"));
  cpSync(distDir(), join(dir, "dist"), { recursive: true });
  spawnSync("chmod", ["-R", "a+rX", dir]);
  return join(dir, "dist", "cli.js");
}

describe("a file read-only by its mode", () => {
  it("as an unprivileged user who owns a chmod 444 file: refused before the model is asked, the file untouched", async (ctx) => {
    project();
    chmodSync(file(), 0o444);
    // As root, the CLI runs as nobody, in a project nobody owns; otherwise as this user.
    let as: { uid?: number; cli?: string } = {};
    if (IS_ROOT) {
      const cli = readableCli();
      spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root, home]);
      const probe = spawnSync(process.execPath, [cli, "--help"], { uid: NOBODY, gid: NOBODY, encoding: "utf8", timeout: 15_000 });
      if (probe.error || probe.status !== 0) return ctx.skip(`cannot run the CLI as nobody here: ${probe.error?.message ?? probe.stderr.trim()}`);
      as = { uid: NOBODY, cli };
    }
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({}, as);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(new RegExp(`^output_file: is read-only for you \\(mode 444, owner uid ${as.uid ?? process.getuid!()}\\); local-delegate changes only files you could change yourself`));
    expect(chats()).toHaveLength(0);
    expect(readFileSync(file(), "utf8")).toBe(ORIGINAL);
    expect(statSync(file()).mode & 0o7777).toBe(0o444);
  });

  it("as root, a file no one may write (444): refused the same way", async (ctx) => {
    if (!IS_ROOT) return ctx.skip(NEEDS_ROOT);
    project();
    chmodSync(file(), 0o444);
    const r = await run({});
    expect(r.code).toBe(2);
    expect(r.json.error).toMatch(/^output_file: is read-only \(mode 444\)/);
    expect(chats()).toHaveLength(0);
    expect(readFileSync(file(), "utf8")).toBe(ORIGINAL);
  });
});

describe("a file that belongs to someone else (uid 65534, mode 640), run as root", () => {
  const owned = () => {
    chownSync(file(), NOBODY, NOBODY);
    chmodSync(file(), 0o640);
  };
  const ownerOf = () => {
    const st = statSync(file());
    return { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
  };

  it("tests fail: the restore puts back the content, the owner, the group and the mode", async (ctx) => {
    if (!IS_ROOT) return ctx.skip(NEEDS_ROOT);
    project({ "fail.mjs": "process.exit(1);\n" });
    owned();
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ test_command: "node fail.mjs" });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", tests: "failed" });
    expect(readFileSync(file(), "utf8")).toBe(ORIGINAL);
    expect(ownerOf()).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o640 });
  });

  it("tests pass: the new content keeps the owner, the group and the mode", async (ctx) => {
    if (!IS_ROOT) return ctx.skip(NEEDS_ROOT);
    // It reads the file, as a real test does: one that never read it would not be "passed".
    project({ "pass.mjs": 'import { readFileSync } from "node:fs";\nreadFileSync("src/slugify.mjs");\n' });
    owned();
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ test_command: "node pass.mjs" });
    expect(r.json).toMatchObject({ status: "success", tests: "passed" });
    expect(readFileSync(file(), "utf8")).toBe(WRITTEN);
    expect(ownerOf()).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o640 });
  });
});

describe("a file someone else owns that this user may write (mode 666), run as an unprivileged user", () => {
  /** The project as `nobody`'s, but for the one file, which stays root's; the CLI runs as nobody. */
  async function asNobody(ctx: { skip: (why: string) => void }, files: Record<string, string>): Promise<{ uid?: number; cli?: string } | null> {
    if (!IS_ROOT) {
      ctx.skip(NEEDS_ROOT);
      return null;
    }
    project(files);
    const cli = readableCli();
    spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root, home]);
    chownSync(file(), 0, NOBODY);
    chmodSync(file(), 0o666);
    const probe = spawnSync(process.execPath, [cli, "--help"], { uid: NOBODY, gid: NOBODY, encoding: "utf8", timeout: 15_000 });
    if (probe.error || probe.status !== 0) {
      ctx.skip(`cannot run the CLI as nobody here: ${probe.error?.message ?? probe.stderr.trim()}`);
      return null;
    }
    return { uid: NOBODY, cli };
  }
  const ownerOf = () => {
    const st = statSync(file());
    return { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
  };

  // A rename puts a new file in its place, and only root may give a file to someone else: the
  // file would become this user's, with no word of it (and an escalated run would leave it so).
  it("is refused before the model is asked, naming its owner, the file untouched", async (ctx) => {
    const as = await asNobody(ctx, { "pass.mjs": "process.exit(0);\n" });
    if (!as) return;
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ test_command: "node pass.mjs" }, as);
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatch(/^output_file: belongs to uid 0, not to you/);
    expect(chats()).toHaveLength(0);
    expect(readFileSync(file(), "utf8")).toBe(ORIGINAL);
    expect(ownerOf()).toEqual({ uid: 0, gid: NOBODY, mode: 0o666 });
  });

  it("near miss: the user's own file of the same mode is written, and keeps owner and mode", async (ctx) => {
    const as = await asNobody(ctx, { "pass.mjs": "process.exit(0);\n" });
    if (!as) return;
    chownSync(file(), NOBODY, NOBODY);
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ test_command: "node pass.mjs" }, as);
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    expect(readFileSync(file(), "utf8")).toBe(WRITTEN);
    expect(ownerOf()).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o666 });
  });
});

// Fills the filesystem to the last byte, then fails: what a test that writes huge logs does.
const FILL = `import { appendFileSync } from "node:fs";
for (const n of [65536, 4096, 512, 64, 1]) {
  for (;;) {
    try { appendFileSync("filler.bin", Buffer.alloc(n, 120)); } catch { break; }
  }
}
process.exit(1);
`;

describe("the disk fills up during the tests", () => {
  it("the restore still puts the original back (a rename needs no free space), no temp file left", async (ctx) => {
    if (!IS_ROOT) return ctx.skip(NEEDS_ROOT);
    const why = mountTmpfs(root, 320);
    if (why) return ctx.skip(why);
    mounts.push(root);
    project({ "fill.mjs": FILL });
    const mode = statSync(file()).mode & 0o7777;
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ test_command: "node fill.mjs" });
    expect(r.code).toBe(1);
    expect(r.json.status).not.toBe("success");
    // The disk really was full when the restore ran.
    expect(() => writeFileSync(join(root, "probe.txt"), "x")).toThrow(/ENOSPC/);
    expect(readFileSync(file(), "utf8")).toBe(ORIGINAL);
    expect(statSync(file()).mode & 0o7777).toBe(mode);
    expect(readdirSync(join(root, "src")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
