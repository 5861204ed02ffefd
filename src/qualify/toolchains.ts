import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { onPath } from "../verify/preflight-base.js";
import type { SuiteTask, Toolchain } from "./suite/task.js";

/** A task left out because its check cannot run here: it counts nowhere, and the report says so. */
export interface SkippedTask {
  task: string;
  reason: string;
}

/** Why a toolchain cannot be used here (`go not on PATH`), or null when it can. */
export type ToolCheck = (tool: Toolchain) => string | null;

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
 * every check would then fail for a reason that is not the model's.
 */
export function toolchainCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): ToolCheck {
  const has = toolOnPath(env, platform);
  return (tool) => {
    if (!has(tool)) return `${tool} not on PATH`;
    const said = tool === "rustc" ? rustcBuilds(env) : runs(tool, tool === "go" ? ["version"] : ["--version"], env);
    return said === null ? null : `${tool} does not run: ${said}`;
  };
}

/** Null when the program exits 0, else the first line it said. */
function runs(tool: string, args: string[], env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync(tool, args, { env, encoding: "utf8", timeout: 30_000, windowsHide: true });
  if (r.status === 0) return null;
  const said = [r.stderr, r.stdout, r.error?.message].map((t) => (t ?? "").trim().split("\n")[0]!.trim()).find(Boolean);
  if (!said) return r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
  return said.length > 120 ? `${said.slice(0, 119)}…` : said;
}

/** rustc builds a program only with a linker, which `--version` does not need: build an empty one. */
function rustcBuilds(env: NodeJS.ProcessEnv): string | null {
  const dir = mkdtempSync(join(tmpdir(), "ld-qualify-rustc-"));
  try {
    writeFileSync(join(dir, "probe.rs"), "fn main() {}\n");
    return runs("rustc", ["-o", join(dir, "probe"), join(dir, "probe.rs")], env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tasks whose checks can run here, and the others with the reason: a Go task where `go` is
 * not on PATH would fail every time for want of the toolchain, which says nothing of the model.
 * Each tool is checked once.
 */
export function runnableTasks(tasks: readonly SuiteTask[], check: ToolCheck): { tasks: SuiteTask[]; skipped: SkippedTask[] } {
  const found = new Map<Toolchain, string | null>();
  const why = (tool: Toolchain) => {
    if (!found.has(tool)) found.set(tool, check(tool));
    return found.get(tool) ?? null;
  };
  const out: SuiteTask[] = [];
  const skipped: SkippedTask[] = [];
  for (const t of tasks) {
    const reason = t.requires ? why(t.requires) : null;
    if (reason === null) out.push(t);
    else skipped.push({ task: t.id, reason });
  }
  return { tasks: out, skipped };
}
