import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runHook } from "../../src/hook/run-hook.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";

// local-plan.md, like local-code.md, tells Claude to write a file itself once its task escalated.
// A plan step's line is a run's line with event "plan-step": in enforce mode the hook must let that
// Write through, as it does after a `run` of the same file, not tell Claude to delegate it again.
let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "loaded", maxContextLength: 32768 }] });
  proj = tempProject();
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const content = `${Array.from({ length: 12 }, (_, i) => `export const d${i} = (n: number) => n * ${i};`).join("\n")}\n`;

async function writeHook(rel: string, lines: object[]): Promise<{ out: unknown; decision: unknown }> {
  const ledger = join(proj.root, ".claude/local-delegate/ledger.jsonl");
  mkdirSync(join(proj.root, ".claude/local-delegate"), { recursive: true });
  writeFileSync(ledger, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  const event = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, rel), content } });
  const env = { HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_MODEL: "coder-7b", LOCAL_DELEGATE_HOOK_HELPER: "0" };
  const out = await runHook(event, { env, cwd: proj.root, cliPath: "/x" });
  const last = JSON.parse(readFileSync(ledger, "utf8").trim().split("\n").at(-1)!) as { decision?: unknown };
  return { out, decision: last.decision };
}

const step = (event: string, status: string) => ({ v: 1, ts: new Date().toISOString(), event, plan_id: "p1", step: 1, task_id: "d", kind: "code", file: "src/d.ts", status, model: "coder-7b", server: server.baseUrl, attempts: 2 });

describe("enforce mode after a plan step of the same file", () => {
  it("escalated: Claude's Write of that file is allowed, recorded as taking the task over", async () => {
    const r = await writeHook("src/d.ts", [step("plan-step", "escalated")]);
    expect(JSON.stringify(r.out)).not.toContain('"permissionDecision":"deny"');
    expect(r.decision).toBe("allowed-escalated");
  });

  it("near miss: a plan step that succeeded leaves the Write denied, as a successful run does", async () => {
    const r = await writeHook("src/d.ts", [step("plan-step", "success")]);
    expect(JSON.stringify(r.out)).toContain('"permissionDecision":"deny"');
    expect(r.decision).toBe("denied");
  });

  it("near miss: the same escalation recorded by `run` is allowed too", async () => {
    const r = await writeHook("src/d.ts", [step("run", "escalated")]);
    expect(r.decision).toBe("allowed-escalated");
  });
});

describe("a plan step that never ran", () => {
  it("does not hide the escalation of the run before it", async () => {
    const skipped = { ...step("plan-step", "skipped"), attempts: 0 };
    const r = await writeHook("src/d.ts", [step("run", "escalated"), skipped]);
    expect(r.decision).toBe("allowed-escalated");
  });
});
