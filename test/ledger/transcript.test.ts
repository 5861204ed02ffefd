import { readFileSync } from "node:fs";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunOutcome } from "../../src/engine/result.js";
import { recordRun } from "../../src/ledger/record.js";
import { writeSessionPointer } from "../../src/ledger/session.js";
import { ledgerPath } from "../../src/ledger/store.js";
import { measureDelegation, measureSession } from "../../src/tokens/transcript.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// Lines in the shapes Claude Code 2.1.332 writes (docs/dev/claude-code-reference.md §6): one line
// per content block, the blocks of one response sharing message.id and the same usage.
const SPEC = JSON.stringify({ task_id: "slug", description: "Write slugify.", output_file: "src/slugify.mjs" });
const CODE = Array.from({ length: 40 }, (_, i) => `export const value${i} = compute(${i}, "item-${i}");`).join("\n");
const WRITE_INPUT = { file_path: "/p/src/other.ts", content: CODE };
const CALIBRATED = Math.round(countTokens(JSON.stringify(WRITE_INPUT)) * 1.17);

const usage = (input: number, cc: number, cr: number, output: number) => ({ input_tokens: input, cache_creation_input_tokens: cc, cache_read_input_tokens: cr, output_tokens: output, service_tier: "standard" });
const assistant = (o: { id?: string; req?: string; uuid: string; ts: string; model?: string; content: unknown[]; usage: unknown }) =>
  JSON.stringify({ type: "assistant", uuid: o.uuid, sessionId: "sess-1", timestamp: o.ts, ...(o.req ? { requestId: o.req } : {}), message: { ...(o.id ? { id: o.id } : {}), type: "message", role: "assistant", model: o.model ?? "claude-opus-5-5", content: o.content, usage: o.usage } });

function transcript(t0: number): string {
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  return [
    JSON.stringify({ type: "user", message: { role: "user", content: "write slugify" }, timestamp: at(0) }),
    assistant({ id: "msg_1", uuid: "u1", ts: at(1), content: [{ type: "text", text: "I'll delegate it." }], usage: usage(100, 50, 7, 42) }),
    assistant({ id: "msg_1", uuid: "u2", ts: at(1), content: [{ type: "tool_use", id: "t1", name: "Write", input: { file_path: "/p/.claude/local-delegate/specs/slug.json", content: SPEC } }], usage: usage(100, 50, 7, 42) }),
    JSON.stringify({ type: "user", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "File created" }] } }),
    assistant({ id: "msg_2", uuid: "u3", ts: at(2), content: [{ type: "tool_use", id: "t2", name: "Bash", input: { command: 'node "/plug/dist/cli.js" run .claude/local-delegate/specs/slug.json' } }], usage: usage(10, 0, 300, 30) }),
    assistant({ id: "msg_s", uuid: "u4", ts: at(3), model: "<synthetic>", content: [{ type: "text", text: "No response requested." }], usage: usage(0, 0, 0, 0) }),
    assistant({ id: "msg_4", uuid: "u5", ts: at(4), content: [{ type: "tool_use", id: "t4", name: "Write", input: WRITE_INPUT }], usage: usage(5, 0, 400, CALIBRATED) }),
    // No message.id: keyed by requestId; the second line has the final output count.
    assistant({ req: "req_9", uuid: "u6", ts: at(5), content: [{ type: "text", text: "Done" }], usage: usage(3, 0, 500, 11) }),
    assistant({ req: "req_9", uuid: "u7", ts: at(5), content: [{ type: "text", text: "." }], usage: usage(3, 0, 500, 13) }),
    '{"type":"assistant","uuid":"u8","message":{"id":"msg_torn","usage":{"output_tok', // still being written
  ].join("\n");
}

describe("measuring a session from its transcript", () => {
  it("counts each response once, skips synthetic and torn lines, and splits delegating from writing", async () => {
    const s = await measureSession(transcript(Date.parse("2026-11-25T10:00:00Z")));
    expect(s).toEqual({
      session_id: "sess-1",
      responses: 4,
      input_tokens: 100 + 10 + 5 + 3,
      cache_creation_input_tokens: 50,
      cache_read_input_tokens: 7 + 300 + 400 + 500,
      output_tokens: 42 + 30 + CALIBRATED + 13,
      delegating: { responses: 2, output_tokens: 72 },
      writing: { responses: 1, output_tokens: CALIBRATED },
      calibration: { samples: 1, claude_output_tokens: CALIBRATED, cl100k_tokens: countTokens(JSON.stringify(WRITE_INPUT)), ratio: Math.round((CALIBRATED / countTokens(JSON.stringify(WRITE_INPUT))) * 1000) / 1000 },
    });
  });

  it("finds one task's delegation: the run call and the spec written before it", async () => {
    const t0 = Date.parse("2026-11-25T10:00:00Z");
    expect(measureDelegation(transcript(t0), "slug", t0)).toEqual({ output_tokens: 72, responses: 2, session_id: "sess-1" });
    expect(measureDelegation(transcript(t0), "other-task", t0)).toBeNull();
    expect(measureDelegation(transcript(t0), "slug", t0 + 60_000)).toBeNull();
  });

  it("recognises a YAML spec sent on stdin, as the plugin's commands do", async () => {
    const t0 = Date.parse("2026-11-25T10:00:00Z");
    const cmd = `node "/plug/dist/cli.js" run - <<'SPEC'\ntask_id: csv-parse\nkind: code\noutput_file: src/csv.ts\ndescription: |\n  Parse CSV.\nSPEC`;
    const text = assistant({ id: "m", uuid: "u", ts: new Date(t0 + 1000).toISOString(), content: [{ type: "text", text: "Delegating." }, { type: "tool_use", id: "t", name: "Bash", input: { command: cmd } }], usage: usage(1, 0, 0, 95) });
    expect(measureDelegation(text, "csv-parse", t0)).toEqual({ output_tokens: 95, responses: 1, session_id: "sess-1" });
    expect(measureDelegation(text, "csv", t0)).toBeNull();
    expect((await measureSession(text)).delegating).toEqual({ responses: 1, output_tokens: 95 });
  });
});

describe("recording a run with the session's real figures", () => {
  let dir: TmpDir;
  beforeEach(() => {
    dir = tmpDir("ld-measure-");
  });
  afterEach(() => dir.cleanup());

  const outcome = (ms: number): RunOutcome => ({
    result: { status: "success", task_id: "slug", file: "src/slugify.mjs", attempts: 1, tests: "passed", lines: 3 },
    kind: "code",
    code: null,
    failureKind: null,
    server: "http://127.0.0.1:1/v1",
    model: "m",
    usage: { prompt: 10, completion: 5 },
    promptCache: [],
    ms,
    notes: [],
    content: "export const a = 1;\n",
    specText: SPEC,
    runId: "20261125T100000Z-1",
  });

  it("records the transcript's output tokens next to the estimate when a hook named the session", async () => {
    const now = new Date();
    const path = dir.write("t.jsonl", transcript(now.getTime() - 5_000));
    const data = dir.join("data");
    expect(writeSessionPointer(data, { session_id: "sess-1", transcript_path: path })).toBe(true);
    expect((await recordRun(ledgerPath(data), outcome(3_000), { now })).ok).toBe(true);
    const line = JSON.parse(readFileSync(ledgerPath(data), "utf8"));
    expect(line.claude_measured).toEqual({ source: "transcript", output_tokens: 72, responses: 2, session_id: "sess-1" });
    expect(line.claude).toMatchObject({ spec: Math.ceil(countTokens(SPEC) * 1.2), tokenizer: "cl100k_base" });
  });

  it("records null, not a guess, when the session is old or unknown", async () => {
    const now = new Date();
    const path = dir.write("t.jsonl", transcript(now.getTime() - 3 * 3600_000));
    const data = dir.join("data");
    writeSessionPointer(data, { session_id: "sess-1", transcript_path: path });
    await recordRun(ledgerPath(data), outcome(3_000), { now });
    const other = dir.join("other");
    await recordRun(ledgerPath(other), outcome(3_000), { now });
    expect(JSON.parse(readFileSync(ledgerPath(data), "utf8")).claude_measured).toBeNull();
    expect(JSON.parse(readFileSync(ledgerPath(other), "utf8")).claude_measured).toBeNull();
  });
});
