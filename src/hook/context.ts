import { dirname, join } from "node:path";
import type { Config } from "../config/schema.js";
import { findProjectRoot } from "../project/root.js";
import type { HookEvent } from "./event.js";

/** What the hook is run with: its environment, and the engine CLI it tells Claude to use. */
export interface HookEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Absolute path of the engine CLI, for the commands Claude is told to run. */
  cliPath: string;
  /** Arms the hook's deadline before anything that may wait (a server check, a spawn); entry.ts's. */
  deadline?: () => void;
  /** Starts the model warm-up in the background (tests replace it). */
  warm?: (cliPath: string, cwd: string) => void | Promise<void>;
}

/** One event's context: the project, the user state folder, and the config when needed. */
export interface Ctx {
  h: HookEnv;
  root: string;
  state: string;
  /** Read only once the event is known to need it. */
  config: () => Promise<Config | null>;
}

/** The project an event is about: Claude Code's project folder, else the event's cwd, up to its git root. */
export function projectRoot(event: HookEvent, h: HookEnv): string {
  return findProjectRoot(h.env.CLAUDE_PROJECT_DIR || event.cwd || h.cwd);
}

/** dist/cli.js, beside the running hook script (a dist/hook*.cjs, or dist/cli.js for `local-delegate hook`). */
export function defaultCliPath(): string {
  return join(dirname(process.argv[1] ?? "."), "cli.js");
}
