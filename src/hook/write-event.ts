import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { outsideRel, realRelative } from "../project/safe-path.js";
import { configuredModel, routeKindFor, routeWithLedger, thresholdsFromConfig, userRecordSource, type RecordEntry } from "../classify/adaptive.js";
import { freshLedgers } from "../classify/record-source.js";
import { ledgerPath } from "../ledger/append.js";
import { recordHookDecision } from "../ledger/hook-decision.js";
import { cachedHealth, healthTarget } from "../model/targets.js";
import { userRecordsDir } from "../project/records-dir.js";
import { dataDir, nestedProjectOf } from "../project/root.js";
import type { PreToolUseEvent } from "./event.js";
import type { HookOutput } from "./output.js";
import { decidePreToolUse } from "./pre-tool-use.js";
import { afterAnswer, type HookEnv } from "./context.js";
import { eventCtx } from "./event-context.js";
import type { ToolCall } from "./target.js";
import type { WriteCall } from "./written.js";
import { effectiveUid, hardLinkedReason, makeFolders, notOwnReason } from "../util/fs.js";

// A Write or an Edit the hook must judge: the classifier (every ecosystem's lexical rules), the
// model's record and the ledger. Its own file beside the hook (dist/hook-write.cjs), loaded only
// for such an event: a session start or a prompt never parses the classifier.

/** A health result older than this is checked again, with a short timeout. */
const STALE_MS = 5 * 60_000;

export async function preToolUse(event: PreToolUseEvent, call: WriteCall, h: HookEnv, root: string): Promise<HookOutput | null> {
  const ctx = eventCtx(h, root);
  const config = await ctx.config();
  if (!config) return null;
  const health = await cachedHealth(ctx.state, healthTarget(config), STALE_MS, 300);
  const ledger = ledgerPath(dataDir(ctx.root));
  let tail: RecordEntry[] | null = null;
  const ledgers = h.ledgers ?? freshLedgers;
  const entries = () => (tail ??= ledgers.records(ledger));
  const sessionId = event.session_id ?? "none";
  const marker = join(ctx.state, "sessions", `${sessionId.replace(/[^\w-]/g, "_")}.down-noted`);
  const thresholds = thresholdsFromConfig(config);
  // The model's record: this project's attempts first, then the user's from elsewhere.
  const user = userRecordSource(config, userRecordsDir(ctx.h.env, ctx.state), ctx.root);
  const decision = decidePreToolUse(call, {
    mode: config.hook_mode,
    health,
    lastRun: (rel) => {
      // A project nested in this one runs its files' tasks from its own folder (the engine refuses
      // them from here), and records them in its own ledger, with paths from there.
      const nested = nestedProjectOf(ctx.root, rel);
      if (!nested) return lastRunStatus(entries(), rel);
      return lastRunStatus(ledgers.records(ledgerPath(dataDir(join(ctx.root, nested)))), rel.slice(nested.length + 1));
    },
    // The same routing `classify` and `plan check` do: this model's record on the kind counts.
    route: (v) => {
      const model = configuredModel(config, routeKindFor(v.category));
      return routeWithLedger(v, { ledgerFile: ledger, entries: entries(), model, serverModel: health.model, thresholds, user }).verdict;
    },
    cli: `node "${ctx.h.cliPath}"`,
    downNoted: existsSync(marker),
    engineRefuses: (rel) => engineRefuses(join(ctx.root, rel)),
  });
  afterAnswer(h, () => {
    const r = decision.record;
    if (r) recordHookDecision(ledger, { decision: r.decision, category: r.category, mode: config.hook_mode, file: r.file, session_id: sessionId, tool: event.tool_name, transcript_path: event.transcript_path });
    if (r?.decision === "allowed-server-down" && decision.output) touch(marker);
  });
  return decision.output;
}

/**
 * Whether `run` refuses the existing file before it asks the model, as spec/target.ts does, for a
 * reason that does not stop Claude's own Write, which changes the file in place: another user's
 * file, one with other hard links. The engine then tells Claude to write it itself.
 */
function engineRefuses(abs: string): boolean {
  try {
    const st = statSync(abs);
    return st.isFile() && (notOwnReason(st, effectiveUid()) ?? hardLinkedReason(st)) !== null;
  } catch {
    return false;
  }
}

function touch(p: string): void {
  try {
    makeFolders(dirname(p));
    writeFileSync(p, "");
  } catch {
    /* the note may repeat; nothing worse */
  }
}

/**
 * The latest local run's status for a file, if any: an escalated task is Claude's to write. A plan
 * step that ran is a run too; one that never ran ("skipped") says nothing about the file.
 */
function lastRunStatus(entries: RecordEntry[], rel: string): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as RecordEntry & { file?: unknown };
    const ran = e.event === "run" || (e.event === "plan-step" && e.status !== "skipped");
    if (ran && e.file === rel && typeof e.status === "string") return e.status;
  }
  return null;
}

/**
 * The call with its file named from the project root when Claude named it through a symlink into
 * the project: Claude Code reports the project's real folder, while the user may know it by the
 * link. Unchanged when the file is really elsewhere.
 */
export function throughLinks(call: ToolCall, root: string): ToolCall {
  const input = call.tool_input as { file_path?: unknown } | null;
  if (typeof input !== "object" || input === null || typeof input.file_path !== "string") return call;
  const real = realRelative(root, input.file_path);
  return real === null || outsideRel(real) ? call : { ...call, tool_input: { ...input, file_path: join(root, real) } };
}
