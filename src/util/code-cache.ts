import { isAscii } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { cachedDataVersionTag } from "node:v8";
import { Script } from "node:vm";

// V8's code cache for a CommonJS bundle, kept in the user's state folder: a run of the CLI parses
// 2 MB of JavaScript before its first line runs, and compiles each function it calls on the way;
// with the cache it reads the compiled code instead. Node 20 has no module.enableCompileCache()
// (22.1+) and no code cache for ES modules, so the bundles that go through here are CommonJS
// compiled with vm.Script, and nothing in them may run `import()`: Node 20 loses a script's
// dynamic-import callback when the script comes from cached data.
//
// V8 checks a cache against its own version and flags and the source's length only, and in release
// builds not even its own checksum: a cache made from another bundle of the same length would run
// that bundle's code. So each file is keyed here by the bundle's content (SHA-256), the Node
// version, the platform and V8's tag for its version and flags, and carries the SHA-256 of its
// payload: a cache that fails either check is never handed to V8, and is rewritten.

/**
 * The first bytes of every cache file; then one byte, 1 when the run that made it completed its
 * command (0: `--help`, or a command that failed early), then its key and its payload's digest,
 * 32 bytes each. V8 caches what the run compiled: a cache made by `run --help` lacks the engine,
 * and every later `run` would compile it again (a fifth of a run's own cost), so a complete run
 * replaces such a cache once.
 */
export const CACHE_MAGIC = Buffer.from("local-delegate code cache 2\n", "latin1");
const MAGIC = CACHE_MAGIC;
const DIGEST = 32;
const HEADER = MAGIC.length + 1 + 2 * DIGEST;

const sha256 = (b: Uint8Array | string): Buffer => createHash("sha256").update(b).digest();

/** What a cache depends on besides the bundle: the runtime that compiled it. */
export interface Runtime {
  node: string;
  arch: string;
  v8Tag: number;
}

export function currentRuntime(): Runtime {
  return { node: process.version, arch: `${process.platform}-${process.arch}`, v8Tag: cachedDataVersionTag() };
}

/** The key a cache of this bundle, made by this runtime, is stored under. */
export function cacheKey(bundle: Uint8Array, rt: Runtime): Buffer {
  return sha256(`${rt.node}\n${rt.arch}\n${rt.v8Tag}\n${sha256(bundle).toString("hex")}`);
}

/** A cache file's bytes: magic, whether a complete run made it, key, the payload's digest, the payload. */
export function encodeCache(key: Buffer, payload: Buffer, complete = true): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([complete ? 1 : 0]), key, sha256(payload), payload]);
}

/** The payload of a cache file made for `key`, and whether a complete run made it; or why there is none to use. */
export function decodeCache(file: Buffer | null, key: Buffer): { payload: Buffer; complete: boolean } | { reason: "missing" | "foreign" | "stale" | "corrupt" } {
  if (!file) return { reason: "missing" };
  if (file.length <= HEADER || !file.subarray(0, MAGIC.length).equals(MAGIC)) return { reason: "foreign" };
  const keyAt = MAGIC.length + 1;
  if (!file.subarray(keyAt, keyAt + DIGEST).equals(key)) return { reason: "stale" };
  const payload = file.subarray(HEADER);
  if (!sha256(payload).equals(file.subarray(keyAt + DIGEST, HEADER))) return { reason: "corrupt" };
  return { payload, complete: file[MAGIC.length] === 1 };
}

export type CacheState = "used" | "missing" | "foreign" | "stale" | "corrupt" | "rejected";

export interface CompiledBundle {
  /** The bundle as a CommonJS module function: (exports, require, module, __filename, __dirname). */
  fn: (...args: unknown[]) => unknown;
  state: CacheState;
  /**
   * Writes the cache from all the code compiled so far, when the one read was not used, or was
   * made by an incomplete run and this one is `complete`. Never throws.
   */
  saveIfNeeded: (complete: boolean) => void;
}

/**
 * Compiles a CommonJS bundle with the cache at `cachePath` when it is this bundle's, for this
 * runtime. `cachePath` null: no cache (no state folder to keep it in).
 */
export function compileBundle(bundlePath: string, cachePath: string | null): CompiledBundle {
  const bytes = readFileSync(bundlePath);
  // The bundle is built ASCII-only: read as Latin-1 it is a one-byte string, made without a UTF-8 decode.
  const source = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
  const key = cachePath ? cacheKey(bytes, currentRuntime()) : null;
  const found = cachePath && key ? decodeCache(readOrNull(cachePath), key) : ({ reason: "missing" } as const);
  const cachedData = "payload" in found ? found.payload : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });
  const state: CacheState = cachedData ? (script.cachedDataRejected ? "rejected" : "used") : "reason" in found ? found.reason : "missing";
  const fn = script.runInThisContext() as (...args: unknown[]) => unknown;
  const partial = "payload" in found && !found.complete;
  const saveIfNeeded = (complete: boolean): void => {
    if ((state === "used" && !(partial && complete)) || !cachePath || !key) return;
    writeCache(cachePath, encodeCache(key, script.createCachedData(), complete));
  };
  return { fn, state, saveIfNeeded };
}

/**
 * Runs a CommonJS bundle through its code cache (see compileBundle) and returns its exports; the
 * cache is written when `save()` is called (at exit, once the code that matters has been compiled).
 */
export function runBundle(bundlePath: string, cachePath: string | null): { exports: unknown; state: CacheState; save: (complete: boolean) => void } {
  const compiled = compileBundle(bundlePath, cachePath);
  const module = { exports: {} as unknown };
  compiled.fn.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { exports: module.exports, state: compiled.state, save: compiled.saveIfNeeded };
}

/** A cache is far smaller than this; anything bigger is not one of ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The file's bytes when it is a regular file of a sane size, else null. Opened without following a
 * link and without blocking: a FIFO or a link to /dev/zero put at the cache's path must cost a
 * command nothing, not hang it or fill its memory.
 */
function readOrNull(path: string): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CACHE_BYTES) return null;
    return readFileSync(fd);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Makes the cache's folder one level at a time, at most a few levels: Node's recursive mkdir
 * loops for ever under a path it can never create (a folder in /proc), and this runs at exit.
 */
function makeFolder(dir: string, levels = 4): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "ENOENT" || levels === 0 || dirname(dir) === dir) throw e;
    makeFolder(dirname(dir), levels - 1);
    mkdirSync(dir, { mode: 0o700 });
  }
}

/**
 * A temp file of its own, renamed over the cache: two processes writing at once each put a whole
 * file in place, and a reader sees one of them, never a mix. No fsync: a cache cut short by a crash
 * fails its digest and is made again. A failure (read-only or full disk) only means no cache.
 */
function writeCache(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    makeFolder(dirname(path));
    writeFileSync(tmp, data, { mode: 0o600, flag: "wx" });
    renameSync(tmp, path);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do: the cache is only an optimisation.
    }
  }
}
