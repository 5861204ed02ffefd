// What the write lands on (issue 16, points 3 and 4). The built CLI runs as a child. An output file
// that is not a regular file (a FIFO) is refused before the model is asked, and fast: a plain
// open() of a FIFO waits for a writer for ever, holding the file's lock. A folder swapped for a
// symlink to a folder outside while the model answers (the swap is done by the fake server the
// moment the chat request arrives) makes the run fail with nothing written anywhere, inside or
// outside, and so does a FIFO put in the file's place: the write holds the path it checked, it
// does not resolve it again.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, OWN, snapshot, spawnCli } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
let outside: string;

beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, "lib/util.mjs": ORIGINAL });
  mkdirSync(join(proj.root, "swapdir"));
  outside = join(dirname(proj.root), "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "keep.txt"), "someone else's\n");
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** The built CLI on a spec, bounded: a run that hangs is killed and reported as hung. */
async function run(spec: Record<string, unknown>, boundMs = 20_000) {
  const path = join(proj.home, "spec.json");
  writeFileSync(path, JSON.stringify({ task_id: "target", description: "Write the module.", ...spec }));
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0" });
  const { child, done } = spawnCli(["run", path], { cwd: proj.root, env });
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<"hung">((r) => (timer = setTimeout(() => r("hung"), boundMs)));
  const r = await Promise.race([done, bound]);
  clearTimeout(timer);
  if (r === "hung") {
    child.kill("SIGKILL");
    await done;
    throw new Error(`the run was still going after ${boundMs} ms`);
  }
  return { ...r, ms: Date.now() - started };
}

/** Every name under a folder, recursively, without following links. */
function names(dir: string): string[] {
  return Object.keys(snapshot(dir, [OWN]));
}

describe("an output_file that is not a regular file", () => {
  it("a FIFO is refused by name before the model is asked, at once (not held in open() for ever)", async (ctx) => {
    const fifo = join(proj.root, "pipe.mjs");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    const before = snapshot(proj.root);
    const r = await run({ output_file: "pipe.mjs" });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^output_file: is a FIFO \(named pipe\), not a regular file/);
    expect(chats()).toHaveLength(0);
    expect(r.ms).toBeLessThan(15_000);
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("a FIFO put in the file's place while the model answers: the write refuses it without blocking, the run fails", async (ctx) => {
    if (spawnSync("mkfifo", ["--version"]).error) return ctx.skip("mkfifo is not available here");
    const target = join(proj.root, "src/slugify.mjs");
    server.setScript(() => {
      unlinkSync(target);
      const made = spawnSync("mkfifo", [target]);
      if (made.error || made.status !== 0) throw new Error("mkfifo failed");
      return { content: fence(GOOD) };
    });
    const r = await run({ output_file: "src/slugify.mjs" });
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/^cannot write .*src\/slugify\.mjs: it is a FIFO \(named pipe\), not a regular file; nothing was written/);
    expect(readdirSync(join(proj.root, "src"))).toEqual(["slugify.mjs"]);
  });
});

describe("a folder on the path swapped for a symlink to a folder outside while the model answers", () => {
  it("a new file in the swapped folder: the run fails and new.mjs is written nowhere", async () => {
    const swapdir = join(proj.root, "swapdir");
    server.setScript(() => {
      rmdirSync(swapdir);
      symlinkSync(outside, swapdir);
      return { content: fence(GOOD) };
    });
    const before = snapshot(outside, []);
    const r = await run({ output_file: "swapdir/new.mjs" });
    expect(chats()).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/^cannot write .*swapdir\/new\.mjs: .*swapdir is a symlink, not a folder \(was it replaced during the run\?\); nothing was written/);
    expect(snapshot(outside, [])).toEqual(before);
    expect(names(proj.root).filter((n) => n.includes("new.mjs"))).toEqual([]);
  });

  it("an existing file whose folder is moved aside and replaced: the original stays as it was, nothing lands outside", async () => {
    const lib = join(proj.root, "lib");
    server.setScript(() => {
      renameSync(lib, join(proj.root, "lib-old"));
      symlinkSync(outside, lib);
      return { content: fence(GOOD) };
    });
    const before = snapshot(outside, []);
    const original = snapshot(proj.root)["lib/util.mjs"];
    const r = await run({ output_file: "lib/util.mjs" });
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/lib is a symlink, not a folder/);
    expect(snapshot(outside, [])).toEqual(before);
    expect(snapshot(proj.root)["lib-old/util.mjs"]).toBe(original);
  });

  it("swapped while the tests run: the restore does not follow the link (nothing outside is removed)", async () => {
    // The test command swaps the folder that holds the new file, puts a file of the same name in
    // the folder outside, and fails: restoring (removing the new file) must not reach outside.
    proj.write(
      "swap.mjs",
      `import { renameSync, symlinkSync, writeFileSync } from "node:fs";
renameSync("swapdir", "swapdir-old");
symlinkSync(${JSON.stringify(outside)}, "swapdir");
writeFileSync(${JSON.stringify(join(outside, "new.mjs"))}, "someone else's new.mjs\\n");
process.exit(1);
`,
    );
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ output_file: "swapdir/new.mjs", test_command: "node swap.mjs" });
    expect(r.code).toBe(1);
    expect(r.json.status).not.toBe("success");
    expect(readFileSync(join(outside, "new.mjs"), "utf8")).toBe("someone else's new.mjs\n");
    expect(names(outside).sort()).toEqual(["keep.txt", "new.mjs"]);
  });
});

describe("an output_file that is a symlink inside the project", () => {
  it("writes the link's target, keeps the link, and touches nothing outside", async () => {
    symlinkSync("src/slugify.mjs", join(proj.root, "current.mjs"));
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ output_file: "current.mjs" });
    expect(r.json).toMatchObject({ status: "success", file: "current.mjs" });
    expect(proj.read("src/slugify.mjs")).toBe(GOOD.replace(/\n/g, "\r\n"));
    expect(snapshot(proj.root)["current.mjs"]).toBe("link -> src/slugify.mjs");
  });

  it("the link changed to lead outside while the model answers: the run fails, neither file is written", async () => {
    const link = join(proj.root, "current.mjs");
    symlinkSync("src/slugify.mjs", link);
    writeFileSync(join(outside, "target.mjs"), "// someone else's file\n");
    server.setScript(() => {
      unlinkSync(link);
      symlinkSync(join(outside, "target.mjs"), link);
      return { content: fence(GOOD) };
    });
    const before = snapshot(outside, []);
    const original = snapshot(proj.root)["src/slugify.mjs"];
    const r = await run({ output_file: "current.mjs" });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/a symlink on its path changed during the run \(it led to src\/slugify\.mjs\); nothing was written/);
    expect(snapshot(outside, [])).toEqual(before);
    expect(snapshot(proj.root)["src/slugify.mjs"]).toBe(original);
  });
});
