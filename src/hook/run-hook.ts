import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "../project/state-dir.js";
import { readHealthCache, writeHealthCache } from "../model/health-cache.js";
import { dataDir, findProjectRoot } from "../project/root.js";
import { recordHookDecision } from "../ledger/hook-decision.js";
import { writeSessionPointer } from "../ledger/session.js";
import { readHookConfig } from "./config.js";
import { PreToolUseInput, PromptSubmitInput, SessionStartInput } from "./input.js";
import { adaptiveVerdict, latestModel, readLedgerTail, recordFromLedger, routeKindFor, thresholdsFromConfig, type RecordEntry } from "../classify/adaptive.js";
import { context, type HookOutput } from "./output.js";
import { asksForCode, PROMPT_REMINDER, sessionPolicy } from "./policy.js";
import { decidePreToolUse } from "./pre-tool-use.js";
import { cachedHealth, healthTarget } from "../model/targets.js";

export interface HookEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Absolute path of the engine CLI, for the commands Claude is told to run. */
  cliPath: string;
  /** Starts the model warm-up in the background (tests replace it). */
  warm?: (cliPath: string, cwd: string) => void | Promise<void>;
}

/** A health result older than this is checked again, with a short timeout. */
const STALE_MS = 5 * 60_000;

/**
 * Handles one hook event and returns the one JSON object to print, or null to print nothing.
 * Any failure means "no opinion": the hook must never stand between Claude and its work.
 */
export async function runHook(raw: string, h: HookEnv): Promise<HookOutput | null> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const event = (json as { hook_event_name?: unknown })?.hook_event_name;
  const cwd = typeof (json as { cwd?: unknown })?.cwd === "string" ? ((json as { cwd: string }).cwd) : h.cwd;
  const root = findProjectRoot(h.env.CLAUDE_PROJECT_DIR || cwd);
  const config = await readHookConfig({ root, env: h.env });
  if (!config) return null;
  const state = stateDir(h.env);
  const cli = `node "${h.cliPath}"`;
  // A `run` started through Bash gets no hook input; this tells it which session transcript to read.
  const sid = (json as { session_id?: unknown }).session_id;
  const tp = (json as { transcript_path?: unknown }).transcript_path;
  if (typeof sid === "string" && typeof tp === "string") writeSessionPointer(dataDir(root), { session_id: sid, transcript_path: tp });

  if (event === "SessionStart") {
    const input = SessionStartInput.safeParse(json);
    if (!input.success || config.hook_mode === "off") return null;
    const target = healthTarget(config);
    const health = await target.check(800);
    writeHealthCache(state, target.cacheKey, health);
    if (health.up) await (h.warm ?? startWarm)(h.cliPath, root);
    return context("SessionStart", sessionPolicy(health, target.label));
  }

  if (event === "UserPromptSubmit") {
    const input = PromptSubmitInput.safeParse(json);
    if (!input.success || config.hook_mode === "off") return null;
    const health = readHealthCache(state, healthTarget(config).cacheKey);
    if (health && !health.up) return null;
    return asksForCode(input.data.prompt) ? context("UserPromptSubmit", PROMPT_REMINDER) : null;
  }

  if (event === "PreToolUse") {
    const input = PreToolUseInput.safeParse(json);
    if (!input.success || config.hook_mode === "off") return null;
    const health = await cachedHealth(state, healthTarget(config), STALE_MS, 300);
    const ledger = join(dataDir(root), "ledger.jsonl");
    let tail: RecordEntry[] | null = null;
    const entries = () => (tail ??= readLedgerTail(ledger));
    const sessionId = input.data.session_id ?? "none";
    const marker = join(state, "sessions", `${sessionId.replace(/[^\w-]/g, "_")}.down-noted`);
    const decision = decidePreToolUse(input.data, {
      root,
      mode: config.hook_mode,
      health,
      readFile: (p) => {
        try {
          return readFileSync(p, "utf8");
        } catch {
          return null;
        }
      },
      lastRun: (rel) => lastRunStatus(entries(), rel),
      // The same verdict `classify` and `plan check` give: this model's record on the kind counts.
      route: (v) => {
        const model = config.model ?? health?.model ?? latestModel(entries());
        if (!model) return v;
        const t = thresholdsFromConfig(config);
        return adaptiveVerdict(v, recordFromLedger(entries(), model, t.window), t, { kind: routeKindFor(v.category) });
      },
      cli,
      downNoted: existsSync(marker),
    });
    if (decision.record) {
      const r = decision.record;
      recordHookDecision(ledger, { decision: r.decision, category: r.category, mode: config.hook_mode, file: r.file, session_id: sessionId, tool: input.data.tool_name, transcript_path: input.data.transcript_path ?? null });
    }
    if (decision.record?.decision === "allowed-server-down" && decision.output) touch(marker);
    return decision.output;
  }
  return null;
}

function touch(p: string): void {
  try {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, "");
  } catch {
    /* the note may repeat; nothing worse */
  }
}

/**
 * Loads the model in a detached process, so the session starts now and the first task does not
 * wait. child_process is imported here, not at the top: most hook runs never spawn anything.
 */
async function startWarm(cliPath: string, cwd: string): Promise<void> {
  try {
    const { spawn } = await import("node:child_process");
    spawn(process.execPath, [cliPath, "warm"], { cwd, detached: true, stdio: "ignore" }).unref();
  } catch {
    /* warming is an optimisation */
  }
}

/** The latest local run's status for a file, if any: an escalated task is Claude's to write. */
function lastRunStatus(entries: RecordEntry[], rel: string): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as RecordEntry & { file?: unknown };
    if (e.event === "run" && e.file === rel && typeof e.status === "string") return e.status;
  }
  return null;
}

/** dist/cli.js, beside the running hook script (dist/hook.cjs, or dist/cli.js for `local-delegate hook`). */
export function defaultCliPath(): string {
  return join(dirname(process.argv[1] ?? "."), "cli.js");
}
