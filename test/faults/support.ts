// Shared by the fault tests: a fingerprint of a whole project tree (to prove a fault left every file
// as it was, byte for byte), the built CLI run as a real child process (to SIGKILL it), and a tiny
// tmpfs for a disk that is really full.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { builtCli } from "../support/dist.js";
import { inheritedTag } from "../support/processes.js";
import { lastJsonLine } from "../support/project.js";

export const CLI = builtCli();

/** Where local-delegate keeps its own files; a fault may add backups and ledger lines there. */
export const OWN = ".claude/local-delegate";

export const GOOD = `export function slugify(input) {
  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
`;
export const ORIGINAL = "// the user's own version, which must survive\r\nexport const slugify = (s) => s; // \u00e9\n";
export const fence = (s: string, tag = "js") => "Here you go:\n\n```" + tag + "\n" + s + "```\n";

export const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/**
 * Every path under `root` (symlinks not followed) with its content hash, mode or link target,
 * except local-delegate's own folder. Two equal snapshots mean not one byte, mode or link changed.
 */
export function snapshot(root: string, skip: readonly string[] = [OWN]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (skip.some((s) => r === s || r.startsWith(`${s}/`))) continue;
      const abs = join(root, r);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(abs)}`;
      // Never read: a FIFO's read waits for a writer for ever.
      else if (st.isFIFO() || st.isSocket()) out[r] = `${st.isFIFO() ? "fifo" : "socket"} ${mode}`;
      else if (st.isDirectory()) {
        // `.claude/` appears with local-delegate's folder; it is not a change to the user's files.
        if (!skip.some((s) => s.startsWith(`${r}/`))) out[`${r}/`] = `dir ${mode}`;
        walk(r);
      } else out[r] = `file ${mode} ${sha(readFileSync(abs))}`;
    }
  };
  walk("");
  return out;
}

/** The environment a child CLI gets: nothing from ours but PATH (and the test's process tag), its own HOME and state. */
export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_STATE_HOME: join(home, ".state"), ...inheritedTag(), ...extra };
}

export interface ChildRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; json: any }>;
}

const children = new Set<ChildProcess>();

/**
 * `node dist/cli.js ARGV` as a child process; `killChildren` in afterEach ends any left running
 * (ChildProcess.kill signals only a child Node has not reaped: never a reused pid).
 * `uid`/`gid`: run as that user (supplementary groups dropped), with `cli` a copy it can read.
 */
export function spawnCli(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; cli?: string; uid?: number; gid?: number }): ChildRun {
  const ids = opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {};
  const child = spawn(process.execPath, [opts.cli ?? CLI, ...argv], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], ...ids });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
  const done = new Promise<Awaited<ChildRun["done"]>>((resolve) => {
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr, json: lastJsonLine(stdout) });
    });
  });
  return { child, done };
}

export function killChildren(): void {
  for (const c of children) c.kill("SIGKILL");
  children.clear();
}

/** Polls until `path` exists; false after `ms` (give a generous bound: the machine may be loaded). */
export async function waitForFile(path: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (existsSync(path)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return existsSync(path);
}

/**
 * Mounts a tmpfs of `kb` kilobytes at `dir`: a disk that really fills up (as root, a full disk is
 * the one thing permission bits cannot fake). Returns why not when this machine does not allow it.
 */
export function mountTmpfs(dir: string, kb: number): string | null {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kb}k,mode=755`, "tmpfs", dir], { encoding: "utf8", timeout: 5_000 });
  if (r.error) return `cannot run mount: ${r.error.message}`;
  return r.status === 0 ? null : `mount -t tmpfs refused: ${r.stderr.trim() || `exit ${r.status}`}`;
}

/** Makes `dir` a read-only bind mount of itself; returns why not when it cannot. */
export function bindReadOnly(dir: string): string | null {
  const a = spawnSync("mount", ["--bind", dir, dir], { encoding: "utf8", timeout: 5_000 });
  if (a.error || a.status !== 0) return `mount --bind refused: ${a.error?.message ?? a.stderr.trim()}`;
  const b = spawnSync("mount", ["-o", "remount,ro,bind", dir], { encoding: "utf8", timeout: 5_000 });
  if (b.error || b.status !== 0) {
    unmount(dir);
    return `remount read-only refused: ${b.error?.message ?? b.stderr.trim()}`;
  }
  return null;
}

export function unmount(dir: string): void {
  spawnSync("umount", [dir], { timeout: 5_000 });
}
