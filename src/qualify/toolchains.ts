import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runCommand } from "../verify/command.js";
import { onPath } from "../verify/preflight-base.js";
import type { SuiteTask, Toolchain } from "./suite/task.js";

/** A task left out because its check cannot run here: it counts nowhere, and the report says so. */
export interface SkippedTask {
  task: string;
  reason: string;
}

/** Why a toolchain cannot be used here (`go not on PATH`), or null when it can. */
export type ToolCheck = (tool: Toolchain) => string | null | Promise<string | null>;

/** Whether a program is on the PATH of `env`. */
export function toolOnPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): (tool: string) => boolean {
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  if (platform !== "win32") return (tool) => onPath(tool, dirs, process.cwd());
  // Windows has no executable bit: a file with one of PATHEXT's extensions is a program.
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return (tool) => dirs.some((d) => exts.some((e) => existsSync(join(d, tool + e))));
}

/**
 * On PATH, and able to do what the checks ask of it: a rustup proxy with no default toolchain, a
 * pyenv shim with no Python selected or a rustc with no linker is on PATH and builds nothing, and
 * every check would then fail for a reason that is not the model's. `signal` (Ctrl-C) ends a
 * check at once, and what it started with it: a shim may hang for its whole 30 s.
 */
export function toolchainCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, signal?: AbortSignal): ToolCheck {
  const has = toolOnPath(env, platform);
  return async (tool) => {
    if (!has(tool)) return `${tool} not on PATH`;
    const said = tool === "rustc" ? await rustcBuilds(env, signal) : await runs(tool === "go" ? "go version" : `${tool} --version`, tmpdir(), env, signal);
    if (said !== null && signal?.aborted) return `${tool}: not checked (cancelled)`;
    return said === null ? null : `${tool} does not run: ${said}`;
  };
}

/** Null when the program exits 0, else the first line it said. In its own process group, as a test command is. */
async function runs(command: string, cwd: string, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<string | null> {
  const r = await runCommand(command, { cwd, env, timeoutMs: 30_000, signal, keepBytes: 4096 });
  if (r.exitCode === 0) return null;
  const said = r.output.split("\n").map((l) => l.trim()).find(Boolean);
  if (!said) return r.timedOut ? "no answer within 30 s" : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
  return said.length > 120 ? `${said.slice(0, 119)}…` : said;
}

/** rustc builds a program only with a linker, which `--version` does not need: build an empty one. */
async function rustcBuilds(env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), "ld-qualify-rustc-"));
  try {
    writeFileSync(join(dir, "probe.rs"), "fn main() {}\n");
    // Names relative to the folder: nothing for the shell to quote.
    return await runs("rustc -o probe probe.rs", dir, env, signal);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tasks whose checks can run here, and the others with the reason: a Go task where `go` is
 * not on PATH would fail every time for want of the toolchain, which says nothing of the model.
 * Each tool is checked once.
 */
export async function runnableTasks(tasks: readonly SuiteTask[], check: ToolCheck): Promise<{ tasks: SuiteTask[]; skipped: SkippedTask[] }> {
  const found = new Map<Toolchain, string | null>();
  const why = async (tool: Toolchain) => {
    if (!found.has(tool)) found.set(tool, await check(tool));
    return found.get(tool) ?? null;
  };
  const out: SuiteTask[] = [];
  const skipped: SkippedTask[] = [];
  for (const t of tasks) {
    const reason = t.requires ? await why(t.requires) : null;
    if (reason === null) out.push(t);
    else skipped.push({ task: t.id, reason });
  }
  return { tasks: out, skipped };
}
