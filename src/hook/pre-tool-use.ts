import { describeCategory } from "../classify/content.js";
import { classifyContent } from "../classify/content.js";
import type { Category, Verdict } from "../classify/criteria.js";
import type { HookMode } from "../config/defaults.js";
import type { HealthRecord } from "../model/health-cache.js";
import type { HookDecision } from "../ledger/entry.js";
import { context, deny, type HookOutput } from "./output.js";
import { countLines } from "../util/lines.js";
import type { WriteCall } from "./written.js";

export interface HookRecord {
  decision: HookDecision;
  file: string;
  category: Category;
  lines: number;
  reasons: string[];
}

export interface PreToolUseDeps {
  mode: HookMode;
  health: HealthRecord | null;
  /** The status of the latest local run for this file, from the ledger. */
  lastRun: (rel: string) => string | null;
  /** The static verdict adjusted by this model's measured record on the task's kind. */
  route: (v: Verdict) => Verdict;
  /** How Claude runs the engine, e.g. `node "/path/dist/cli.js"`. */
  cli: string;
  /** Whether the "server is down" note was already given this session. */
  downNoted: boolean;
  /** Whether the engine refuses to write this file at all (another user's, hard-linked: spec/target.ts). */
  engineRefuses?: (rel: string) => boolean;
}

export interface PreToolUseDecision {
  output: HookOutput | null;
  record: HookRecord | null;
}

const NONE: PreToolUseDecision = { output: null, record: null };
/**
 * The PreToolUse decision for a Write (or an Edit that writes most of a file, `writeCall`). Pure:
 * all I/O is in `deps`. By the time a Write reaches this hook Claude has already paid for its
 * content, so in `nudge` mode the Write goes ahead and Claude is told to route the next such file;
 * `enforce` refuses it for users whose rule is that Claude never writes delegable code.
 */
export function decidePreToolUse(call: WriteCall, deps: PreToolUseDeps): PreToolUseDecision {
  if (deps.mode === "off") return NONE;
  const { rel, written } = call;

  const staticVerdict = classifyContent({ file: rel, content: written });
  // Images, data and other non-code files are not code-writing tasks: no decision, no record.
  if (staticVerdict.category === "unknown") return NONE;
  const verdict = staticVerdict.verdict === "local" ? deps.route(staticVerdict) : staticVerdict;
  const lines = countLines(written);
  const record = (decision: HookDecision): HookRecord => ({ decision, file: rel, category: verdict.category, lines, reasons: broken(verdict) });
  if (verdict.verdict === "claude") return { output: null, record: record("not-delegable") };

  const last = deps.lastRun(rel);
  if (last === "escalated" || last === "failed") return { output: null, record: record("allowed-escalated") };
  // This file's own run found no model to write it (down, or a chat that never finished while the
  // model list still answers, so a health check says up): Claude writes it when the user says so.
  if (last === "unavailable") return { output: null, record: record("allowed-server-down") };
  // The engine's refusal tells Claude to write such a file itself: refusing Claude too would leave
  // no way to write it. Not the local model's file, then.
  if (deps.engineRefuses?.(rel)) return { output: null, record: record("not-delegable") };

  if (deps.health && !deps.health.up) {
    const note = `local-delegate: the local model server is down, so writing ${rel} yourself is right. Start it to delegate files like this.`;
    return { output: deps.downNoted ? null : context("PreToolUse", note), record: record("allowed-server-down") };
  }

  const what = `${rel} (${describeCategory(verdict.category)}, ${lines} lines)`;
  const how = `/local-delegate:local-code <task> (or pipe a YAML spec to: ${deps.cli} run -)`;
  if (deps.mode === "enforce") {
    return {
      output: deny(`local-delegate: ${what} is for the local model, not Claude. Delegate it: ${how}. If that escalates, write it yourself then.`),
      record: record("denied"),
    };
  }
  return {
    output: context("PreToolUse", `local-delegate: ${what} was delegable, so this Write cost Claude its tokens. Send the next file like it to the local model: ${how}.`),
    record: record("flagged"),
  };
}

function broken(v: Verdict): string[] {
  return v.reasons.filter((r) => !r.ok).map((r) => `${r.criterion}: ${r.detail}`);
}
