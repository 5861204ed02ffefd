import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { onPath } from "../verify/preflight-base.js";
import type { SuiteTask, Toolchain } from "./suite/task.js";

/** A task left out because its check cannot run here: it counts nowhere, and the report says so. */
export interface SkippedTask {
  task: string;
  reason: string;
}

/** Whether a program is on the PATH of `env`. */
export type HasTool = (tool: Toolchain) => boolean;

export function toolOnPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): HasTool {
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  if (platform !== "win32") return (tool) => onPath(tool, dirs, process.cwd());
  // Windows has no executable bit: a file with one of PATHEXT's extensions is a program.
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return (tool) => dirs.some((d) => exts.some((e) => existsSync(join(d, tool + e))));
}

/**
 * The tasks whose checks can run here, and the others with the reason: a Go task where `go` is
 * not on PATH would fail every time for want of the toolchain, which says nothing of the model.
 * Pure but for `has`; each tool is looked up once.
 */
export function runnableTasks(tasks: readonly SuiteTask[], has: HasTool): { tasks: SuiteTask[]; skipped: SkippedTask[] } {
  const found = new Map<Toolchain, boolean>();
  const present = (tool: Toolchain) => {
    if (!found.has(tool)) found.set(tool, has(tool));
    return found.get(tool)!;
  };
  const out: SuiteTask[] = [];
  const skipped: SkippedTask[] = [];
  for (const t of tasks) {
    if (!t.requires || present(t.requires)) out.push(t);
    else skipped.push({ task: t.id, reason: `${t.requires} not on PATH` });
  }
  return { tasks: out, skipped };
}
