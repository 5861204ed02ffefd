import { relative, resolve, sep } from "node:path";
import { outsideRel } from "../project/safe-path.js";
import { projectRoot, type HookEnv } from "./context.js";
import type { PreToolUseEvent } from "./event.js";
import type { HookOutput } from "./output.js";
import { fromFolder, type ToolCall } from "./target.js";
import { writeCall } from "./written.js";

/**
 * A Write or an Edit: one the hook lets through (a dependency, build output, a dot-file, outside
 * the project, a small Edit) costs reading the event, and for an Edit the file, and nothing more;
 * one it must judge loads the judging (dist/hook-write.cjs), which reads the config, the server's
 * health and the model's record.
 */
export async function onPreToolUse(event: PreToolUseEvent, h: HookEnv): Promise<HookOutput | null> {
  const root = projectRoot(event, h);
  const named = fromFolder(event, h.cwd);
  const cwd = resolve(h.cwd, event.cwd ?? ".");
  const call = writeCall(named, root, undefined, cwd) ?? (outside(named, root) ? writeCall((await judging()).throughLinks(named, root), root, undefined, cwd) : null);
  if (!call) return null;
  const helped = await h.helper?.();
  if (helped) return helped.answer;
  return (await judging()).preToolUse(event, call, h, root);
}

/** The judging, dist/hook-write.cjs: loaded for a call it must see only. */
const judging = () => import("./write-event.js");

/**
 * Whether the call's file is named outside the project: it may still be in it, through a symlink
 * (write-event.ts sees to that, loaded for such a path only).
 */
function outside(call: ToolCall, root: string): boolean {
  const path = (call.tool_input as { file_path?: unknown } | null)?.file_path;
  if (typeof path !== "string") return false;
  // Most paths are plainly in the project: no need to compile path.relative for them.
  if (path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return false;
  return outsideRel(relative(root, path));
}
