// Builds dist/ from the current src/ into a temporary folder once per test run, and a plugin folder
// around it, so that no test starts a stale bundle: the committed dist/ is checked against src/ by
// test/build/dist-fresh.test.ts alone.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

/** What the plugin is made of besides dist/ (package.json `files`, and what Claude Code reads). */
const PLUGIN_PARTS = [".claude-plugin", "commands", "agents", "hooks", "examples", "package.json", ".npmrc", "README.md", "LICENSE"];

declare module "vitest" {
  export interface ProvidedContext {
    /** A fresh build of dist/ (cli.js, hook.cjs and their siblings). */
    distDir: string;
    /** A plugin folder: the plugin's files with the fresh dist/ inside. */
    pluginRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "ld-test-build-")));
  const pluginRoot = join(base, "local-delegate");
  const distDir = join(pluginRoot, "dist");
  mkdirSync(pluginRoot);
  const repo = resolve(".");
  for (const part of PLUGIN_PARTS) if (existsSync(join(repo, part))) cpSync(join(repo, part), join(pluginRoot, part), { recursive: true });
  execFileSync(process.execPath, [join(repo, "scripts/build.mjs"), "--outdir", distDir], { stdio: "pipe" });
  project.provide("distDir", distDir);
  project.provide("pluginRoot", pluginRoot);
  return () => rmSync(base, { recursive: true, force: true });
}
