import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@babel/parser";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_MAGIC, cacheKey, currentRuntime, decodeCache, encodeCache } from "../../src/util/code-cache.js";
import { distDir } from "../support/dist.js";

// dist/cli.js runs the CLI's bundle through V8's code cache in the user's state folder
// (src/util/code-cache.ts). V8 checks a cache against the source's length only: a cache that is
// not this bundle's, for this Node, must never reach it, and a damaged one must cost nothing but
// its rewrite.

const base = mkdtempSync(join(tmpdir(), "ld-code-cache-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A state folder of its own, and the cache file `cli.js --version` uses in it. */
function fresh(): { state: string; cache: string } {
  const state = join(base, `state-${n++}`);
  return { state, cache: join(state, "local-delegate", "code-cache", "cli.bin") };
}

function cli(state: string, args: string[] = ["--version"], dist = distDir(), extra: Record<string, string> = {}): { out: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(dist, "cli.js"), ...args], { env: { PATH: process.env.PATH, HOME: base, XDG_STATE_HOME: state, ...extra }, encoding: "utf8", timeout: 60_000 });
  return { out: r.stdout + r.stderr, status: r.status };
}

/** The file's identity: a rewrite is a new file renamed over the old one. */
const identity = (path: string): string => `${statSync(path).ino}:${statSync(path).mtimeMs}`;

describe("the CLI's code cache", () => {
  it("is written by a command's first run and read, not rewritten, by the next", () => {
    const { state, cache } = fresh();
    expect(cli(state)).toEqual({ out: "0.1.0\n", status: 0 });
    const written = identity(cache);
    expect(cli(state)).toEqual({ out: "0.1.0\n", status: 0 });
    expect(identity(cache)).toBe(written);
    // Owner only: the cache is code this user's processes run.
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, "local-delegate", "code-cache")).mode & 0o777).toBe(0o700);
  });

  it("ignores a damaged, cut short or foreign file and writes a good one in its place", () => {
    const damages: [string, (b: Buffer) => Buffer][] = [
      ["a flipped byte in the compiled code", (b) => Buffer.concat([b.subarray(0, b.length - 100), Buffer.from([b[b.length - 100]! ^ 0xff]), b.subarray(b.length - 99)])],
      ["cut short", (b) => b.subarray(0, b.length >> 1)],
      ["another program's file", () => Buffer.from("\x89PNG\r\n\x1a\n" + "x".repeat(5000), "latin1")],
      ["empty", () => Buffer.alloc(0)],
    ];
    for (const [what, damage] of damages) {
      const { state, cache } = fresh();
      cli(state);
      writeFileSync(cache, damage(readFileSync(cache)));
      const damaged = identity(cache);
      expect(cli(state), what).toEqual({ out: "0.1.0\n", status: 0 });
      const rewritten = identity(cache);
      expect(rewritten, what).not.toBe(damaged);
      cli(state);
      expect(identity(cache), `${what}: the rewritten cache is used`).toBe(rewritten);
    }
  });

  it("never runs the cache of another bundle, even one of the same length", () => {
    // A copy of dist/ whose bundle then changes by one string of the same length, as an update
    // that keeps the file's size would: V8 alone would take the old cache and print 0.1.0.
    const dist = join(base, "dist-copy");
    cpSync(distDir(), dist, { recursive: true });
    const { state, cache } = fresh();
    expect(cli(state, ["--version"], dist).out).toBe("0.1.0\n");
    const before = identity(cache);
    const bundle = join(dist, "cli-main.cjs");
    const text = readFileSync(bundle, "latin1");
    expect(text).toContain('VERSION = "0.1.0"');
    writeFileSync(bundle, text.replace('VERSION = "0.1.0"', 'VERSION = "9.9.9"'), "latin1");
    expect(cli(state, ["--version"], dist)).toEqual({ out: "9.9.9\n", status: 0 });
    expect(identity(cache)).not.toBe(before);
  });

  it("gives a cache made by --help or a failed command up to the next complete run, once", () => {
    const { state, cache } = fresh();
    // A mistyped command and --help share the `cli` cache with --version, and compile less.
    expect(cli(state, ["no-such-command"]).status).not.toBe(0);
    const failed = identity(cache);
    expect(readFileSync(cache)[CACHE_MAGIC.length]).toBe(0);
    expect(cli(state, ["--help"]).status).toBe(0);
    expect(identity(cache)).toBe(failed); // a partial run does not replace a partial cache
    expect(cli(state)).toEqual({ out: "0.1.0\n", status: 0 });
    const complete = identity(cache);
    expect(complete).not.toBe(failed);
    expect(readFileSync(cache)[CACHE_MAGIC.length]).toBe(1);
    // From then on it is read, not rewritten: by a complete run, by --help, by a failed one.
    for (const args of [["--version"], ["--help"], ["no-such-command"]]) {
      cli(state, args);
      expect(identity(cache), args.join(" ")).toBe(complete);
    }
  });

  it("never runs a cache made by another Node version", () => {
    const { state, cache } = fresh();
    cli(state);
    const bundle = readFileSync(join(distDir(), "cli-main.cjs"));
    const payload = readFileSync(cache).subarray(-1000);
    const other = { ...currentRuntime(), node: "v0.0.1" };
    // A whole, well-formed file, made for another Node: its key is not this one's.
    expect(decodeCache(encodeCache(cacheKey(bundle, other), payload), cacheKey(bundle, currentRuntime()))).toEqual({ reason: "stale" });
    for (const changed of [other, { ...other, node: process.version, arch: "sunos-sparc" }, { ...other, node: process.version, v8Tag: other.v8Tag + 1 }]) {
      expect(cacheKey(bundle, changed).equals(cacheKey(bundle, currentRuntime()))).toBe(false);
    }
    writeFileSync(cache, encodeCache(cacheKey(bundle, other), payload));
    const stale = identity(cache);
    expect(cli(state)).toEqual({ out: "0.1.0\n", status: 0 });
    expect(identity(cache)).not.toBe(stale);
  });

  it("comes out whole when several processes write it at once, and is never seen half written", async () => {
    const { state, cache } = fresh();
    // Read the file over and over while the processes write it: each read is no file or a whole one.
    const seen = { reads: 0, whole: 0, partial: 0 };
    let writing = true;
    const reader = (async () => {
      while (writing) {
        let file: Buffer | null = null;
        try {
          file = readFileSync(cache);
        } catch {
          // Not written yet.
        }
        if (file) {
          seen.reads++;
          // Its own key (after the magic and the complete-run byte): only the magic, the length and the digest are checked here.
          const own = file.subarray(CACHE_MAGIC.length + 1, CACHE_MAGIC.length + 33);
          if ("payload" in decodeCache(file, own)) seen.whole++;
          else seen.partial++;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const runs = Array.from({ length: 8 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [join(distDir(), "cli.js"), "--version"], { env: { PATH: process.env.PATH, HOME: base, XDG_STATE_HOME: state } });
        let out = "";
        child.stdout.on("data", (b: Buffer) => (out += b));
        child.on("close", (code) => resolve(`${code}:${out}`));
      }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill("0:0.1.0\n"));
    writing = false;
    await reader;
    expect(seen.partial).toBe(0);
    expect(seen.whole).toBe(seen.reads);
    // One file, no temp file left, and the next run takes it as it is.
    expect(readdirSync(join(state, "local-delegate", "code-cache"))).toEqual(["cli.bin"]);
    const whole = identity(cache);
    cli(state);
    expect(identity(cache)).toBe(whole);
  });

  it("never stops a command when it cannot be kept", () => {
    // The state folder's place is taken by a file: no cache can be written there.
    const blocked = join(base, "a-file");
    writeFileSync(blocked, "");
    expect(cli(blocked)).toEqual({ out: "0.1.0\n", status: 0 });
    expect(cli(blocked)).toEqual({ out: "0.1.0\n", status: 0 });
  });

  it("keeps one cache per command, and plan's per subcommand; any other word shares one", () => {
    const { state } = fresh();
    cli(state, ["jobs"]);
    cli(state, ["plan", "check", "--help"]);
    cli(state, ["plan", "chekc", "x"]);
    cli(state, ["../../etc", "--help"]);
    cli(state, ["jbos"]);
    cli(state, ["toString"]);
    expect(readdirSync(join(state, "local-delegate", "code-cache")).sort()).toEqual(["cli-jobs.bin", "cli-plan-check.bin", "cli-plan.bin", "cli.bin"]);
  });
});

describe("the cached bundle", () => {
  it("runs no import(): Node 20 loses the callback of a script compiled from a cache", () => {
    const source = readFileSync(join(distDir(), "cli-main.cjs"), "utf8");
    const ast = parse(source, { sourceType: "script", allowReturnOutsideFunction: true, createImportExpressions: true });
    const found: number[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(walk);
      const n = node as { type?: string; callee?: { type?: string }; loc?: { start: { line: number } } };
      if (n.type === "ImportExpression" || (n.type === "CallExpression" && n.callee?.type === "Import")) found.push(n.loc!.start.line);
      for (const [k, v] of Object.entries(node)) if (k !== "loc" && k !== "start" && k !== "end") walk(v);
    };
    walk(ast.program);
    expect(found).toEqual([]);
  });

  it("imports an ES module from outside through dist/cli.js, also when it runs from its cache", () => {
    // A stand-in for node-llama-cpp where the embedded backend's hint says to install it.
    const home = join(base, "embedded");
    const pkg = join(home, "data", "local-delegate", "embedded", "node_modules", "node-llama-cpp");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "node-llama-cpp", type: "module", exports: { ".": { node: "./index.js" } } }));
    writeFileSync(join(pkg, "index.js"), 'export async function getLlama() { throw new Error("the stand-in was imported"); }\nexport class LlamaChat {}\n');
    const project = join(home, "project");
    mkdirSync(join(project, ".git"), { recursive: true });
    writeFileSync(join(project, "model.gguf"), "not a model");
    const env = { LOCAL_DELEGATE_BACKEND: "embedded", LOCAL_DELEGATE_MODEL_PATH: join(project, "model.gguf"), XDG_DATA_HOME: join(home, "data") };
    const state = join(home, "state");
    for (const run of ["first", "from the cache"]) {
      const r = spawnSync(process.execPath, [join(distDir(), "cli.js"), "doctor"], { cwd: project, env: { PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: state, ...env }, encoding: "utf8", timeout: 60_000 });
      expect(r.stdout + r.stderr, run).toContain("the stand-in was imported");
    }
    expect(existsSync(join(state, "local-delegate", "code-cache", "cli-doctor.bin"))).toBe(true);
  });
});
