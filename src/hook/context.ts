import { dirname, join, resolve } from "node:path";
import type { Config } from "../config/schema.js";
import type { LedgerReader } from "../classify/record-source.js";
import { findProjectRoot } from "../project/root.js";
import type { HookEvent } from "./event.js";
import type { HookOutput } from "./output.js";

/** What the hook is run with: its environment, and the engine CLI it tells Claude to use. */
export interface HookEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Absolute path of the engine CLI, for the commands Claude is told to run. */
  cliPath: string;
  /** Starts the model warm-up in the background (tests replace it). */
  warm?: (cliPath: string, cwd: string, env: NodeJS.ProcessEnv) => void | Promise<void>;
  /**
   * Hands the whole event to the resident helper (entry.ts): its answer, or null when there is
   * none, and the handler does the work itself. Absent where the hook already runs in the helper.
   */
  helper?: () => Promise<{ answer: HookOutput | null } | null>;
  /**
   * Takes work the answer does not depend on (a note, a ledger line): the resident helper does it
   * once the answer is on its way. Absent in a hook's own process, which does it at once.
   */
  later?: (work: () => void) => void;
  /** The ledgers' tails as the resident helper keeps them between events; absent in a hook's own process, which reads them afresh (`freshLedgers`). */
  ledgers?: LedgerReader;
}

/** Does `work` once the event is answered where that is possible (`HookEnv.later`), else now. */
export function afterAnswer(h: HookEnv, work: () => void): void {
  if (h.later) h.later(work);
  else work();
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
  // Against the hook's cwd, not the process's: the resident helper answers for many.
  return findProjectRoot(resolve(h.cwd, h.env.CLAUDE_PROJECT_DIR || event.cwd || "."));
}

/** dist/cli.js, beside the running hook script (a dist/hook*.cjs, or dist/cli.js for `local-delegate hook`). */
export function defaultCliPath(): string {
  return join(dirname(process.argv[1] ?? "."), "cli.js");
}
