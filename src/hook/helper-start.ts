import { dirname, join } from "node:path";

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
    spawn(process.execPath, [script, socket], { cwd: "/", env, detached: true, stdio: "ignore" }).unref();
  } catch {
    /* the helper is an optimisation */
  }
}
