import { join } from "node:path";
import { inject } from "vitest";

// The bundle the tests start: built from src/ for this test run by test/global-setup.ts, never the
// committed dist/ (which may lag behind src/ while someone works).

/** The fresh build's folder. */
export function distDir(): string {
  return inject("distDir");
}

/** `dist/cli.js` of the fresh build. */
export function builtCli(): string {
  return join(distDir(), "cli.js");
}

/** `dist/hook.cjs` of the fresh build. */
export function builtHook(): string {
  return join(distDir(), "hook.cjs");
}

/** A plugin folder holding the fresh build: what `--plugin-dir` and a marketplace install load. */
export function pluginRoot(): string {
  return inject("pluginRoot");
}
