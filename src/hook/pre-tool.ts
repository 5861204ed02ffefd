import { projectRoot, type HookEnv } from "./context.js";
import type { PreToolUseEvent } from "./event.js";
import type { HookOutput } from "./output.js";
import { fromFolder } from "./target.js";
import { writeCall } from "./written.js";

/**
 * A Write or an Edit: one the hook lets through (a dependency, build output, a dot-file, outside
 * the project, a small Edit) costs reading the event, and for an Edit the file, and nothing more;
 * one it must judge loads the judging (dist/hook-write.cjs), which reads the config, the server's
 * health and the model's record.
 */
export async function onPreToolUse(event: PreToolUseEvent, h: HookEnv): Promise<HookOutput | null> {
  const root = projectRoot(event, h);
  const call = writeCall(fromFolder(event, h.cwd), root);
  if (!call) return null;
  const helped = await h.helper?.();
  if (helped) return helped.answer;
  return (await import("./write-event.js")).preToolUse(event, call, h, root);
}
