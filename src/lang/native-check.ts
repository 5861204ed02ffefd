import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { languageInfo, type NativeCheck } from "./languages.js";
import type { Problem } from "./problem.js";

// The language's own checker (python3, ruby -c, bash -n, gofmt, php -l) sees what its tree-sitter
// grammar is lenient about: indentation, a closer too many, a missing package clause (rustfmt only
// reads what the grammar is behind on). It reads a copy (or, for rustfmt, the standard input) of
// the file in a folder of its own outside the project, so nothing of the project is read with it
// and nothing is left behind. A checker that is not installed, too old, slow or says something
// that does not name the file gives no verdict: the tree-sitter one stands.

/** How a tool ran (given `input` on its standard input): its exit code and its output (bounded); null when it did not start or timed out. */
export type RunTool = (argv: readonly string[], cwd: string, input?: string) => Promise<{ code: number; output: string } | null>;

export type NativeVerdict =
  | { kind: "passed" }
  | { kind: "refused"; problem: Problem; version: readonly number[] | null }
  | { kind: "unavailable" };

const TIMEOUT_MS = 5_000;
const MAX_OUTPUT = 16 * 1024;

/** The file checked by its language's own checker, when one is installed. */
export async function nativeCheck(content: string, language: string, file: string | undefined, run: RunTool = runTool): Promise<NativeVerdict> {
  const check = checkFor(content, language);
  if (!check || check.skip?.test(content)) return { kind: "unavailable" };
  const version = check.minVersion ? await toolVersion(check.argv[0]!, run) : null;
  if (check.minVersion && (!version || older(version, check.minVersion))) return { kind: "unavailable" };
  const name = basename(file ?? `file${languageInfo(language)!.extensions[0]}`);
  let refusal: { code: number; output: string } | null = null;
  for (const argv of [check.argv, ...(check.orElse ?? [])]) {
    const r = await runOnCopy(content, name, argv, check.stdin === true, run);
    if (r?.code === 0 && !check.refusesWith?.test(r.output)) return { kind: "passed" };
    refusal ??= r;
  }
  if (!refusal || check.acceptOnly) return { kind: "unavailable" };
  const problem = located(refusal.output, name, content);
  return problem ? { kind: "refused", problem, version } : { kind: "unavailable" };
}

// A script for `sh` runs in this machine's sh: dash on Debian and Ubuntu, which refuses what bash
// accepts (`items=(a b c)`, `function f {`), so bash -n passed a script that fails as it starts.
// `sh -n` judges it as it will run (on macOS sh is bash, and accepts as bash does).
const POSIX_SH: NativeCheck = { argv: ["sh", "-n", "{file}"], refusesWith: /: warning: here-document at line \d+ delimited by end-of-file/ };
// `#!/bin/sh`, `#!/bin/sh -e`, `#!/usr/bin/env sh`; not `#!/bin/shellx`.
const SH_SHEBANG = /^#![ \t]*\/(?:usr\/)?bin\/(?:env[ \t]+)?sh(?:[ \t][^\n]*)?(?:\r?\n|$)/;

function checkFor(content: string, language: string): NativeCheck | undefined {
  return language === "bash" && SH_SHEBANG.test(content) ? POSIX_SH : languageInfo(language)?.native;
}

/** The checker run in a folder of its own, on a copy of the file there or on its standard input. */
async function runOnCopy(content: string, name: string, argv: readonly string[], stdin: boolean, run: RunTool): Promise<{ code: number; output: string } | null> {
  const dir = await mkdtemp(join(tmpdir(), "ld-syntax-"));
  try {
    if (stdin) return await run(argv, dir, content);
    const path = join(dir, name);
    await writeFile(path, content);
    return await run(argv.map((a) => (a === "{file}" ? path : a)), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The first output line naming the file and a line of it (`f.py:3:5: msg`, `f.rb:3: msg`,
 * `f.sh: line 3: msg`, `msg in f.php on line 3`). Output that names no line of the file (a shim's
 * "command not found", a crash) is not taken for the file's error.
 */
export function located(output: string, name: string, content: string): Problem | null {
  for (const line of output.split("\n")) {
    const at = placeIn(line, name);
    if (!at) continue;
    const row = Math.max(0, at.line - 1);
    const text = content.split("\n")[row] ?? "";
    return { row, column: at.column > 0 ? at.column - 1 : columnOf(at.what, text), what: at.what };
  }
  return null;
}

/** The line, column (0 when not given) and message of an output line that names the file. */
function placeIn(line: string, name: string): { line: number; column: number; what: string } | null {
  // dash says `f.sh: 2: Syntax error: …`.
  const m = new RegExp(`${escape(name)}(?::(\\d+)(?::(\\d+))?|: line (\\d+)|: (\\d+)):\\s*(.+)$`).exec(line);
  if (m) return { line: Number(m[1] ?? m[3] ?? m[4]), column: Number(m[2] ?? 0), what: m[5]!.trim() };
  // PHP's `Parse error: msg in /path/f.php on line 3` (logged: `PHP Parse error:  msg …`).
  const php = new RegExp(`^(?:PHP )?(.+) in .*${escape(name)} on line (\\d+)\\s*$`).exec(line);
  return php ? { line: Number(php[2]), column: 0, what: php[1]!.replace(/\s+/g, " ").trim() } : null;
}

/** Where the token a message quotes (`fi'`, 'end', PHP's unexpected "}") is on its line; else where the line's code starts. */
function columnOf(what: string, text: string): number {
  const quoted = /[`'‘]([^'’`\s]+)['’]|unexpected [\w ]*?"([^"\s]+)"/.exec(what);
  const token = quoted?.[1] ?? quoted?.[2];
  const i = token ? text.indexOf(token) : -1;
  return i >= 0 ? i : /^\s*/.exec(text)![0].length;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const versions = new WeakMap<RunTool, Map<string, Promise<number[] | null>>>();

/** `<tool> --version`'s first `N.N`, asked once per process (and per runner, for tests). */
function toolVersion(tool: string, run: RunTool): Promise<number[] | null> {
  let cache = versions.get(run);
  if (!cache) versions.set(run, (cache = new Map()));
  let v = cache.get(tool);
  if (!v) {
    v = run([tool, "--version"], tmpdir()).then((r) => {
      const m = r && r.code === 0 ? /(\d+)\.(\d+)/.exec(r.output) : null;
      return m ? [Number(m[1]), Number(m[2])] : null;
    });
    cache.set(tool, v);
  }
  return v;
}

/** Whether a version is below `min` ("3.8"). */
export function older(version: readonly number[], min: string): boolean {
  const want = min.split(".").map(Number);
  for (let i = 0; i < want.length; i++) {
    const have = version[i] ?? 0;
    if (have !== want[i]) return have < want[i]!;
  }
  return false;
}

/**
 * How long the output may stay open once the checker has ended: a child of its own holds it. Long
 * enough that a process the machine's load kept from running a while still reads the output it
 * has (libuv runs timers before reading): a checker's verdict lost means the grammar's stands.
 */
const DRAIN_MS = 5_000;

/**
 * Runs a checker with no input, a time limit and bounded output; null when it could not start or
 * ran out of time. In its own process group: at the limit the whole group is killed, so a shim's
 * child holding the output open, or a checker deaf to SIGTERM, cannot keep the syntax gate (and
 * the run) waiting. Output still held open after the checker ended gives no verdict either.
 */
export const runTool: RunTool = (argv, cwd, input) =>
  new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ["pipe", "pipe", "pipe"], detached: process.platform !== "win32" });
    let settled = false;
    const settle = (r: { code: number; output: string } | null, killGroup: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      clearTimeout(drain);
      if (killGroup) stopGroup(child.pid);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(r);
    };
    const limit = setTimeout(() => settle(null, true), TIMEOUT_MS);
    let drain: NodeJS.Timeout | undefined;
    // Closed at once when there is no input. A checker that stops reading early closes the pipe:
    // that is its verdict, not an error here.
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
    let output = "";
    const take = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString("utf8").slice(0, MAX_OUTPUT - output.length);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", () => settle(null, false));
    child.on("exit", () => {
      drain = setTimeout(() => settle(null, true), DRAIN_MS);
    });
    child.on("close", (code, signal) => settle(code === null || signal ? null : { code, output }, false));
  });

/** SIGKILL to the checker's process group (the checker itself where there are no groups); gone already is fine. */
function stopGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL");
  } catch {
    /* the group is gone */
  }
}
