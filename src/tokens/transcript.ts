// What Claude really spent, read from a Claude Code session transcript (the JSONL file at a hook's
// `transcript_path`). Its assistant lines carry the API's own `usage`; this module never
// estimates a usage figure, it only adds up what the API reported. The format is not documented
// by Anthropic; docs/dev/claude-code-reference.md §6 has the shapes and the rules used here:
// one line per content block, all lines of a response sharing `message.id` and the same usage,
// so each response is counted once (keyed by message.id, else requestId, else uuid), taking the
// largest output_tokens seen for it.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import * as z from "zod";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { notRegular } from "../util/fs.js";
import { countCl100kMany } from "./claude.js";

const n = z.number().finite().nonnegative().nullish().transform((x) => x ?? 0);
const UsageSchema = z.looseObject({ input_tokens: n, output_tokens: n, cache_creation_input_tokens: n, cache_read_input_tokens: n });
const BlockSchema = z.looseObject({ type: z.string(), name: z.string().nullish(), input: z.unknown().optional() });
const AssistantSchema = z.looseObject({
  type: z.literal("assistant"),
  uuid: z.string().nullish(),
  requestId: z.string().nullish(),
  sessionId: z.string().nullish(),
  timestamp: z.string().nullish(),
  message: z.looseObject({
    id: z.string().nullish(),
    model: z.string().nullish(),
    content: z.union([z.array(BlockSchema), z.string()]).nullish(),
    usage: UsageSchema.nullish(),
  }),
});

type Block = z.output<typeof BlockSchema>;

/** One API response, however many lines it took in the transcript. */
export interface Response {
  key: string;
  model: string;
  ts: number | null;
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  blocks: Block[];
}

export function responsesOf(text: string): { responses: Response[]; sessionId: string | null } {
  const byKey = new Map<string, Response>();
  let sessionId: string | null = null;
  for (const line of text.split("\n")) {
    if (!line.includes('"assistant"')) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue; // a torn last line while Claude Code is still writing
    }
    const p = AssistantSchema.safeParse(raw);
    if (!p.success) continue;
    const { message } = p.data;
    if (!message.usage || message.model === "<synthetic>") continue;
    const key = message.id ?? p.data.requestId ?? p.data.uuid;
    if (!key) continue;
    sessionId ??= p.data.sessionId ?? null;
    const blocks = Array.isArray(message.content) ? message.content : [];
    const u = message.usage;
    const seen = byKey.get(key);
    if (seen) {
      seen.output_tokens = Math.max(seen.output_tokens, u.output_tokens);
      seen.input_tokens = Math.max(seen.input_tokens, u.input_tokens);
      seen.cache_creation_input_tokens = Math.max(seen.cache_creation_input_tokens, u.cache_creation_input_tokens);
      seen.cache_read_input_tokens = Math.max(seen.cache_read_input_tokens, u.cache_read_input_tokens);
      seen.blocks.push(...blocks);
    } else {
      const t = p.data.timestamp ? Date.parse(p.data.timestamp) : NaN;
      byKey.set(key, { key, model: message.model ?? "unknown", ts: Number.isNaN(t) ? null : t, ...u, blocks: [...blocks] });
    }
  }
  return { responses: [...byKey.values()], sessionId };
}

const SPEC_DIR = "/.claude/local-delegate/specs/";
const RUN_COMMAND = /(?:local-delegate|cli\.js)["']?\s+(?:run|plan\s+run)\b/;

function toolUses(r: Response, name: string): Record<string, unknown>[] {
  return r.blocks.filter((b) => b.type === "tool_use" && b.name === name && b.input && typeof b.input === "object").map((b) => b.input as Record<string, unknown>);
}
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function writesSpec(r: Response, taskId?: string): boolean {
  return toolUses(r, "Write").some((i) => {
    const path = str(i.file_path);
    if (taskId === undefined) return path.includes(SPEC_DIR);
    return (path.includes(SPEC_DIR) && new RegExp(`/${escapeRe(taskId)}\\.(json|ya?ml)$`).test(path)) || specTaskId(str(i.content)) === taskId;
  });
}
function runsDelegate(r: Response, taskId?: string): boolean {
  return toolUses(r, "Bash").some((i) => {
    const cmd = str(i.command);
    if (!RUN_COMMAND.test(cmd)) return false;
    if (taskId === undefined) return true;
    const id = escapeRe(taskId);
    // A spec file named after the task, or the spec itself on stdin (JSON, or YAML as the plugin's commands send it).
    return new RegExp(`[/\\s]${id}\\.(json|ya?ml)\\b`).test(cmd) || new RegExp(`"task_id"\\s*:\\s*"${id}"|(^|\\n)\\s*task_id:\\s*["']?${id}["']?\\s*(\\n|$)`).test(cmd);
  });
}
function specTaskId(content: string): string | null {
  if (!content.includes('"task_id"')) return null;
  try {
    const v = JSON.parse(content) as { task_id?: unknown; output_file?: unknown };
    return typeof v.task_id === "string" && typeof v.output_file === "string" ? v.task_id : null;
  } catch {
    return null;
  }
}

export interface SessionUsage {
  session_id: string | null;
  responses: number;
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  /** Responses that wrote a spec or ran `local-delegate run`: what delegating cost, measured. */
  delegating: { responses: number; output_tokens: number };
  /** Responses in which Claude wrote or edited files itself (specs excluded). */
  writing: { responses: number; output_tokens: number };
  /** Claude's output tokens against cl100k_base for the same Write calls (see calibrationOf). */
  calibration: Calibration | null;
}

export interface Calibration {
  samples: number;
  claude_output_tokens: number;
  cl100k_tokens: number;
  /** claude / cl100k: the factor that would have made the estimate exact on these samples. */
  ratio: number;
}

export async function measureSession(text: string): Promise<SessionUsage> {
  const { responses, sessionId } = responsesOf(text);
  const sum = (rs: Response[], f: (r: Response) => number) => rs.reduce((a, r) => a + f(r), 0);
  const delegating = responses.filter((r) => writesSpec(r) || runsDelegate(r));
  const isDelegating = new Set(delegating);
  const writing = responses.filter((r) => !isDelegating.has(r) && (toolUses(r, "Write").length > 0 || toolUses(r, "Edit").length > 0));
  return {
    session_id: sessionId,
    responses: responses.length,
    input_tokens: sum(responses, (r) => r.input_tokens),
    cache_creation_input_tokens: sum(responses, (r) => r.cache_creation_input_tokens),
    cache_read_input_tokens: sum(responses, (r) => r.cache_read_input_tokens),
    output_tokens: sum(responses, (r) => r.output_tokens),
    delegating: { responses: delegating.length, output_tokens: sum(delegating, (r) => r.output_tokens) },
    writing: { responses: writing.length, output_tokens: sum(writing, (r) => r.output_tokens) },
    calibration: await calibrationOf(responses),
  };
}

/** Samples smaller than this are dominated by the tool call's own framing tokens. */
const MIN_SAMPLE_CL100K = 200;

/**
 * How far the tokenizer estimate is from Claude's real count, on this user's own sessions:
 * responses made of exactly one Write call and nothing else (no text, no thinking) have
 * output_tokens ≈ Claude's tokens for the call's input. The ratio includes the call's framing
 * (a few dozen tokens), so it slightly overstates the factor.
 */
export async function calibrationOf(responses: Response[]): Promise<Calibration | null> {
  const calls = responses.flatMap((r) => {
    if (r.blocks.length !== 1 || r.output_tokens <= 0) return [];
    const [b] = r.blocks;
    return b && b.type === "tool_use" && b.name === "Write" ? [{ r, text: JSON.stringify(b.input) }] : [];
  });
  const counts = await countCl100kMany(calls.map((c) => c.text));
  let samples = 0;
  let claude = 0;
  let cl = 0;
  calls.forEach((c, i) => {
    const count = counts[i]!;
    if (count < MIN_SAMPLE_CL100K) return;
    samples++;
    claude += c.r.output_tokens;
    cl += count;
  });
  return samples ? { samples, claude_output_tokens: claude, cl100k_tokens: cl, ratio: Math.round((claude / cl) * 1000) / 1000 } : null;
}

export interface DelegationMeasure {
  output_tokens: number;
  responses: number;
  session_id: string | null;
}

/**
 * The measured output tokens of one delegation: the latest response (at or after `sinceMs`) that
 * ran `local-delegate run` for `taskId`, plus the latest one before it that wrote that task's spec
 * file. Null when the transcript shows no such call: then nothing is recorded, never a guess.
 */
export function measureDelegation(text: string, taskId: string, sinceMs: number): DelegationMeasure | null {
  const { responses, sessionId } = responsesOf(text);
  const recent = responses.filter((r) => r.ts !== null && r.ts >= sinceMs);
  const runIdx = findLastIndex(recent, (r) => runsDelegate(r, taskId));
  if (runIdx < 0) return null;
  const picked = [recent[runIdx]!];
  if (!writesSpec(recent[runIdx]!, taskId)) {
    const specIdx = findLastIndex(recent.slice(0, runIdx), (r) => writesSpec(r, taskId));
    if (specIdx >= 0) picked.push(recent[specIdx]!);
  }
  return { output_tokens: picked.reduce((a, r) => a + r.output_tokens, 0), responses: picked.length, session_id: sessionId };
}

/** Reads a transcript, or its last `maxBytes` when it is longer (the first partial line is dropped). */
export function readTranscript(path: string, maxBytes = 64 * 1024 * 1024): Result<string> {
  let fd: number | null = null;
  try {
    // Non-blocking and checked by fstat first: a plain open() of a FIFO waits for a writer for ever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    const odd = notRegular(st);
    if (odd) return fail("IO", `cannot read the transcript ${path}: it is ${odd}, not a regular file`);
    const size = st.size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    const got = readSync(fd, buf, 0, len, size - len);
    const text = buf.subarray(0, got).toString("utf8");
    return ok(size > maxBytes ? text.slice(text.indexOf("\n") + 1) : text);
  } catch (e) {
    return fail("IO", `cannot read the transcript ${path}: ${describeThrown(e)}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function findLastIndex<T>(xs: T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i;
  return -1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
