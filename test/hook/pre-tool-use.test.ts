import { describe, expect, it } from "vitest";
import type { Verdict } from "../../src/classify/criteria.js";
import type { HealthRecord } from "../../src/model/health-cache.js";
import { decidePreToolUse, type PreToolUseDecision, type PreToolUseDeps } from "../../src/hook/pre-tool-use.js";
import type { ToolCall } from "../../src/hook/target.js";
import { writeCall, type ReadFile } from "../../src/hook/written.js";

const ROOT = "/p";
const UP: HealthRecord = { up: true, model: "m", checked_at: new Date().toISOString() };
const DOWN: HealthRecord = { up: false, model: null, checked_at: new Date().toISOString() };
// 11 lines: big enough to be worth delegating (ATOMIC.minLines).
const UTIL = `/** Doubles every number in a list, skipping what is not a finite number. */
export function doubleAll(values: unknown[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    out.push(v * 2);
  }
  return out;
}

export const double = (n: number): number => n * 2;
`;

type Deps = PreToolUseDeps & { readFile: ReadFile };
function deps(over: Partial<Deps> = {}): Deps {
  return { mode: "nudge", health: UP, readFile: () => null, lastRun: () => null, route: (v) => v, cli: 'node "/x/dist/cli.js"', downNoted: false, ...over };
}

/** What the hook does with a tool call: the file and its written text first (pre-tool.ts), then the judging. */
function decide(input: ToolCall, d: Deps): PreToolUseDecision {
  const call = writeCall(input, ROOT, d.readFile);
  return call ? decidePreToolUse(call, d) : { output: null, record: null };
}
const write = (file: string, content: string) => ({ hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: `${ROOT}/${file}`, content } });
const ctxOf = (d: PreToolUseDecision) => (d.output?.hookSpecificOutput as { additionalContext?: string })?.additionalContext;

describe("writeCall, then decidePreToolUse", () => {
  it("nudge: a delegable Write goes ahead with the exact command to use next time", () => {
    const d = decide(write("src/double.ts", UTIL), deps());
    expect(d.record).toMatchObject({ decision: "flagged", file: "src/double.ts", category: "utility", lines: 11 });
    expect(d.output?.hookSpecificOutput).not.toHaveProperty("permissionDecision");
    expect(ctxOf(d)).toContain("/local-delegate:local-code <task>");
    expect(ctxOf(d)).toContain('node "/x/dist/cli.js" run -');
  });

  it("enforce: a delegable Write is denied with the reason Claude will read", () => {
    const d = decide(write("src/double.ts", UTIL), deps({ mode: "enforce" }));
    expect(d.record?.decision).toBe("denied");
    expect(d.output).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
    expect(JSON.stringify(d.output)).toContain("src/double.ts (pure utility, 11 lines) is for the local model");
  });

  it("off: nothing at all", () => {
    expect(decide(write("src/double.ts", UTIL), deps({ mode: "off" }))).toEqual({ output: null, record: null });
  });

  it("lets non-delegable writes through silently, but records them for the delegation rate", () => {
    const hook = 'import { useState } from "react";\nexport function useFlag() {\n  return useState(false);\n}\n';
    const d = decide(write("src/useFlag.ts", hook), deps({ mode: "enforce" }));
    expect(d.output).toBeNull();
    expect(d.record).toMatchObject({ decision: "not-delegable", category: "react-hook" });
  });

  it("lets a large file through with the broken limit as the reason", () => {
    const big = `export function f(x: number) {\n${"  x++;\n".repeat(80)}  return x;\n}\n`;
    const d = decide(write("src/big.ts", big), deps({ mode: "enforce" }));
    expect(d.output).toBeNull();
    expect(d.record?.reasons).toContain("lines: 83 lines (limit 50)");
  });

  it("lets Claude write a file whose local task escalated", () => {
    const d = decide(write("src/double.ts", UTIL), deps({ mode: "enforce", lastRun: (rel) => (rel === "src/double.ts" ? "escalated" : null) }));
    expect(d.output).toBeNull();
    expect(d.record?.decision).toBe("allowed-escalated");
  });

  it("lets everything through when the server is down, with one note a session", () => {
    const first = decide(write("src/double.ts", UTIL), deps({ mode: "enforce", health: DOWN }));
    expect(first.record?.decision).toBe("allowed-server-down");
    expect(ctxOf(first)).toContain("the local model server is down");
    const again = decide(write("src/double.ts", UTIL), deps({ mode: "enforce", health: DOWN, downNoted: true }));
    expect(again.output).toBeNull();
  });

  it("ignores the plugin's own files, dependencies, outside paths and lock files", () => {
    for (const p of [".claude/local-delegate/specs/a.json", "node_modules/x/index.js", "dist/cli.js", "package-lock.json", ".env", "CLAUDE.md"]) {
      expect(decide(write(p, UTIL), deps()), p).toEqual({ output: null, record: null });
    }
    expect(decide({ ...write("x", UTIL), tool_input: { file_path: "/elsewhere/a.ts", content: UTIL } }, deps())).toEqual({ output: null, record: null });
  });

  // The engine refuses to write under .claude/ at any depth and in any case (a monorepo package's
  // settings, hooks and skills; macOS folders are case-insensitive). Denied in enforce mode, such
  // a Write sent Claude to a delegation that is refused, and back to a Write that is denied again.
  it("enforce: lets Claude write under a nested or differently-cased .claude/, which no run may write", () => {
    for (const p of ["packages/app/.claude/hooks/double.ts", ".Claude/hooks/double.ts", "tools/.CLAUDE/double.ts"]) {
      expect(decide(write(p, UTIL), deps({ mode: "enforce" })), p).toEqual({ output: null, record: null });
    }
    // Near miss: a folder that only starts with the name is the project's own code.
    for (const p of ["packages/app/.claude-kit/double.ts", "src/claude/double.ts"]) expect(decide(write(p, UTIL), deps({ mode: "enforce" })).record?.decision, p).toBe("denied");
  });

  it("treats an Edit that rewrites most of a file as writing it, and a small edit as Claude's", () => {
    const old = "export function double(n: number): number {\n  return n + n;\n}\n";
    const current = `// math helpers\n${old}${"\n".repeat(0)}`;
    const small = { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: `${ROOT}/src/m.ts`, old_string: "n + n", new_string: "n * 2" } };
    expect(decide(small, deps({ readFile: () => current })).record).toBeNull();
    const body = Array.from({ length: 10 }, (_, i) => `export const k${i} = ${i};`).join("\n");
    const rewrite = { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: `${ROOT}/src/m.ts`, old_string: old, new_string: body } };
    expect(decide(rewrite, deps({ readFile: () => current })).record).toMatchObject({ decision: "flagged", category: "constants" });
    const create = { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: `${ROOT}/src/n.ts`, old_string: "", new_string: UTIL } };
    expect(decide(create, deps()).record?.decision).toBe("flagged");
  });

  it("judges an Edit from \"\" into an existing empty file as the Write it is (Claude Code accepts it)", () => {
    const fill = { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: `${ROOT}/src/double.ts`, old_string: "", new_string: UTIL } };
    for (const blank of ["", "\n", " \r\n"]) expect(decide(fill, deps({ mode: "enforce", readFile: () => blank })).record?.decision, JSON.stringify(blank)).toBe("denied");
    // Near miss: into a file with content, "" matches nothing Claude Code would replace: not a write of the file.
    expect(decide(fill, deps({ mode: "enforce", readFile: () => "// notes\n" })).record).toBeNull();
  });

  it("counts every replacement of a replace_all Edit, and every edit of a MultiEdit, as written", () => {
    const current = Array.from({ length: 12 }, (_, i) => `export const k${i} = OLD;`).join("\n") + "\n";
    const file = `${ROOT}/src/k.ts`;
    // One line replaced in each of twelve: the whole file rewritten, so it is judged.
    const all = { tool_name: "Edit", tool_input: { file_path: file, old_string: "OLD;", new_string: "0;", replace_all: true } };
    expect(writeCall(all, ROOT, () => current)).toEqual({ rel: "src/k.ts", written: current.replaceAll("OLD;", "0;") });
    // The same edit once is a fix of one line: Claude's.
    expect(writeCall({ tool_name: "Edit", tool_input: { ...all.tool_input, replace_all: false } }, ROOT, () => current)).toBeNull();
    // MultiEdit (older clients): the edits apply in order, and their lines add up.
    const edits = Array.from({ length: 12 }, (_, i) => ({ old_string: `k${i} = OLD;`, new_string: `k${i} = ${i};` }));
    const multi = writeCall({ tool_name: "MultiEdit", tool_input: { file_path: file, edits } }, ROOT, () => current);
    expect(multi?.written).toBe(Array.from({ length: 12 }, (_, i) => `export const k${i} = ${i};`).join("\n") + "\n");
    expect(writeCall({ tool_name: "MultiEdit", tool_input: { file_path: file, edits: edits.slice(0, 2) } }, ROOT, () => current)).toBeNull();
    // A CRLF file is edited as LF text (Claude Code keeps its line endings): the same rewrite is judged.
    const crlf = current.split("\n").join("\r\n");
    expect(writeCall(all, ROOT, () => crlf)).toEqual({ rel: "src/k.ts", written: current.replaceAll("OLD;", "0;") });
    const block = { tool_name: "Edit", tool_input: { file_path: file, old_string: current.slice(0, -1), new_string: multi!.written.slice(0, -1) } };
    expect(writeCall(block, ROOT, () => crlf)?.written).toBe(multi!.written);
    // An edit whose text is not in the file (Claude Code refuses it): nothing to judge.
    expect(writeCall({ tool_name: "MultiEdit", tool_input: { file_path: file, edits: [...edits, { old_string: "absent", new_string: "x" }] } }, ROOT, () => current)).toBeNull();
  });

  it("does not flag a file too small to be worth delegating", () => {
    const d = decide(write("src/one.ts", "export const one = 1;\n"), deps({ mode: "enforce" }));
    expect(d.output).toBeNull();
    expect(d.record?.decision).toBe("not-delegable");
  });

  it("survives a tool input of the wrong shape", () => {
    expect(decide({ tool_name: "Write", tool_input: { file_path: 3 } }, deps())).toEqual({ output: null, record: null });
    expect(decide({ tool_name: "Bash", tool_input: { command: "ls" } }, deps())).toEqual({ output: null, record: null });
  });

  it("routes to Claude a kind this model keeps failing, with the figure as the reason", () => {
    const poorRecord = (v: Verdict): Verdict => ({ ...v, verdict: "claude", reasons: [...v.reasons, { criterion: "record", ok: false, detail: "code: 1/6 first-pass for m (< 50%)" }] });
    const d = decide(write("src/double.ts", UTIL), deps({ mode: "enforce", route: poorRecord }));
    expect(d.output).toBeNull();
    expect(d.record).toMatchObject({ decision: "not-delegable", reasons: ["record: code: 1/6 first-pass for m (< 50%)"] });
  });
});
