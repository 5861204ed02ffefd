// A disk that is really full (a tiny tmpfs), and files or folders that really cannot be written
// (an immutable file, a read-only bind mount). As root, permission bits stop nothing, so these
// use what does stop root; each test skips, saying why, where the machine does not allow it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli } from "../support/project.js";
import { IS_ROOT } from "../support/tmp-dir.js";
import { bindReadOnly, fence, GOOD, mountTmpfs, ORIGINAL, OWN, snapshot, unmount } from "./support.js";

let server: FakeOpenAIServer;
let base: string;
let root: string;
let home: string;
const mounts: string[] = [];
const immutable: string[] = [];

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), "ld-disk-"));
  root = join(base, "project");
  home = join(base, "home");
  mkdirSync(home, { recursive: true });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  for (const f of immutable.splice(0)) spawnSync("chattr", ["-i", f]);
  for (const m of mounts.splice(0).reverse()) unmount(m);
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

function project(): void {
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "src/slugify.mjs"), ORIGINAL);
}

/** The spec lives in HOME, off the full disk, so that reading it is not what fails. */
async function run(content: string, extra: Record<string, string> = {}) {
  const spec = join(home, "spec.json");
  writeFileSync(spec, JSON.stringify({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" }));
  server.setScript([{ content: fence(content), chunkSize: 4096 }]);
  return runCli(["run", spec], { cwd: root, home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000", LOCAL_DELEGATE_LOCK_WAIT_MS: "1000", ...extra } });
}

/** A valid module of about `bytes` bytes, with the slugify the spec promises: more than the disk has room for. */
function bigModule(bytes: number): string {
  const line = "export const value_000000 = 'lorem ipsum dolor sit amet';\n";
  const slugify = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
  return slugify + Array.from({ length: Math.ceil(bytes / line.length) }, (_, i) => line.replace("000000", String(i).padStart(6, "0"))).join("");
}

/** Fills the filesystem at `dir` until it refuses another byte. */
function fill(dir: string): void {
  const chunk = Buffer.alloc(4096, 120);
  const path = join(dir, "filler.bin");
  for (;;) {
    try {
      writeFileSync(path, chunk, { flag: "a" });
    } catch {
      return;
    }
  }
}

const noTempFiles = () => expect(readdirSync(join(root, "src")).filter((f) => f.endsWith(".tmp"))).toEqual([]);

describe.runIf(IS_ROOT)("disk full", () => {
  it("the new file does not fit: the disk-full error, the original intact, no temp file", (ctx) => {
    const why = mountTmpfs(root, 192);
    if (why) return ctx.skip(why);
    mounts.push(root);
    project();
    const before = snapshot(root);
    return run(bigModule(400 * 1024)).then((r) => {
      expect(r.code).toBe(1);
      expect(r.json.status).toBe("failed");
      expect(r.json.error).toMatch(/^cannot (write|back up) .*the disk is full/);
      expect(r.stdout.trim().split("\n")).toHaveLength(1);
      expect(snapshot(root)).toEqual(before);
      noTempFiles();
    });
  });

  it("the disk is already full: a clear error before anything changes", async (ctx) => {
    const why = mountTmpfs(root, 64);
    if (why) return ctx.skip(why);
    mounts.push(root);
    project();
    fill(root);
    const before = snapshot(root);
    const r = await run(GOOD);
    expect(r.code).not.toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.json.error).toMatch(/the disk is full/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(snapshot(root)).toEqual(before);
    noTempFiles();
    // Once there is room again, the next run works: nothing was left locked or half-recorded.
    rmSync(join(root, "filler.bin"));
    const again = await run(GOOD);
    expect(again.json).toMatchObject({ status: "success" });
    expect(readFileSync(join(root, "src/slugify.mjs"), "utf8")).toBe(GOOD.replace(/\n/g, "\r\n"));
  });
});

describe.runIf(IS_ROOT)("files that cannot be written", () => {
  it("an immutable output file (chattr +i): a clear error, the file intact", async (ctx) => {
    project();
    const target = join(root, "src/slugify.mjs");
    const r0 = spawnSync("chattr", ["+i", target], { encoding: "utf8" });
    if (r0.error || r0.status !== 0) return ctx.skip(`chattr +i is not available here: ${r0.error?.message ?? r0.stderr.trim()}`);
    immutable.push(target);
    const before = snapshot(root);
    const r = await run(GOOD);
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/^cannot write .*src\/slugify\.mjs: permission denied/);
    expect(snapshot(root)).toEqual(before);
    noTempFiles();
  });

  it("a read-only folder (a read-only bind mount): the read-only error, the original intact", async (ctx) => {
    project();
    const src = join(root, "src");
    const why = bindReadOnly(src);
    if (why) return ctx.skip(why);
    mounts.push(src);
    const before = snapshot(root);
    const r = await run(GOOD);
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/^cannot write .*src\/slugify\.mjs: the filesystem is read-only/);
    expect(snapshot(root)).toEqual(before);
  });

  it("a read-only project, local-delegate's own folder included: a clear error, no crash", async (ctx) => {
    project();
    const why = bindReadOnly(root);
    if (why) return ctx.skip(why);
    mounts.push(root);
    const before = snapshot(root, []);
    const r = await run(GOOD);
    expect(r.code).not.toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.json.error).toMatch(/read-only/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(snapshot(root, [])).toEqual(before);
    expect(readdirSync(root)).not.toContain(OWN.split("/")[0]);
  });
});
