import type * as Os from "node:os";

/** CommonJS's require, where the bundle is CommonJS (dist/hook.cjs, dist/cli-main.cjs). */
declare const require: NodeJS.Require | undefined;

/**
 * node:os, loaded when first asked for: the hook reaches it only when HOME is unset, and loading
 * it with the hook cost every hook event about 0.5% of a Node start (its module is not in Node's
 * start-up snapshot). `process.getBuiltinModule` is Node 20.16's; before it, CommonJS's require.
 * Null only on an older Node in an ES module bundle (the status line).
 */
let os: typeof Os | null | undefined;
export function nodeOs(): typeof Os | null {
  if (os !== undefined) return os;
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  try {
    os = (typeof get === "function" ? get.call(process, "node:os") : require!("node:os")) as typeof Os;
  } catch {
    // No require here (an ES module bundle: esbuild's stand-in throws): no home folder to be had.
    os = null;
  }
  return os;
}
