import type { Config } from "../config/schema.js";
import type { BackendPool } from "../model/pool.js";
import type { WriteStep } from "../write/transaction.js";
import type { EngineEvent } from "./events.js";

/** What a run is given: the config, where shared state lives, and the ways to follow or stop it. */
export interface EngineDeps {
  config: Config;
  /** User-level state folder: locks shared by every project that uses the same server. */
  stateDir: string;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: EngineEvent) => void) | undefined;
  /**
   * The model backends and what is known of their health. A plan shares one across its tasks;
   * without it the run makes its own from the config and frees it at the end.
   */
  pool?: BackendPool | undefined;
  /** Called at each step of a file change; the kill tests pause the run there (cli/test-pause.ts). */
  onWriteStep?: ((step: WriteStep) => void) | undefined;
  /**
   * Context files other tasks of the same plan also read, in the order their prompts all list
   * them first (see `buildPrompt`); empty or absent for a lone run.
   */
  sharedContext?: readonly string[] | undefined;
}
