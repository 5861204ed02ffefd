import type { Config } from "../config/schema.js";
import { writeSessionPointer } from "../ledger/session.js";
import { dataDir } from "../project/root.js";
import { stateDir } from "../project/state-dir.js";
import { hookConfig } from "./config.js";
import { afterAnswer, type Ctx, type HookEnv } from "./context.js";
import type { HookEvent } from "./event.js";

/** An event's context, its config read from the snapshot (or the full way) when first asked for. */
export function eventCtx(h: HookEnv, root: string): Ctx {
  const state = stateDir(h.env);
  return { h, root, state, config: async () => onlyOn(await hookConfig({ root, env: h.env }, state)) };
}

/** The config, unless it is refused or says the hook is off. */
function onlyOn(config: Config | null): Config | null {
  return config && config.hook_mode !== "off" ? config : null;
}

/**
 * A `run` started through Bash gets no hook input; this tells it which session transcript to
 * read. A session's id is new at its start (and at /clear and compaction, which start one too),
 * and each turn begins with a prompt: a Write need not say it again.
 */
export function noteSession(event: HookEvent, root: string, h: HookEnv): void {
  const { session_id, transcript_path } = event;
  if (session_id !== null && transcript_path !== null) afterAnswer(h, () => writeSessionPointer(dataDir(root), { session_id, transcript_path }));
}
