import { dirname, join } from "node:path";

/** Set in a helper's environment to its socket: how a new helper finds a stuck one (helper-main.ts). */
export const HELPER_TAG = "LOCAL_DELEGATE_HOOK_HELPER_OF";

/**
 * Starts the resident helper (dist/hook-helper.cjs, beside the running hook) in the background
 * for the next event: this one has been answered already. Detached, so it outlives the hook and
 * is not part of Claude Code's process group; it stops by itself when idle. child_process is
 * imported here, not at the top: only a hook that found no helper starts one.
 */
export async function startHelper(socket: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const { spawn } = await import("node:child_process");
    const script = join(dirname(process.argv[1] ?? "."), "hook-helper.cjs");
    // At the file system's root: a helper must not keep a project's folder busy.
    spawn(process.execPath, [script, socket], { cwd: "/", env: { ...env, [HELPER_TAG]: socket }, detached: true, stdio: "ignore" }).unref();
  } catch {
    /* the helper is an optimisation */
  }
}
