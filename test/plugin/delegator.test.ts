/**
 * The local-delegator agent in the real Claude Code client: a scripted subagent does what the
 * agent's prompt (as the client sends it, placeholders substituted) says, in a session whose user
 * allowed `node` commands and file writes. Claude Code asks before any Write under `.claude/` even
 * then, so the plan must reach the CLI another way, or the agent stops at its second step.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaude } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic, systemText, type ContentBlock, type MessagesBody, type Turn } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";

let work = "";
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-delegator-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The first ```bash block of the agent's prompt that hands a plan to `plan check`, or null. */
function planCheckBlock(body: MessagesBody): string | null {
  const blocks = [...systemText(body).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
  return blocks.find((b) => b.includes(" plan check ")) ?? null;
}

describe("the local-delegator agent", () => {
  it("hands its plan to `plan check` and `plan run` as its prompt says, with no Write under .claude/", { timeout: 120_000 }, async () => {
    const cwd = path.join(work, "project");
    await mkdir(path.join(cwd, ".git"), { recursive: true });
    const local = await startFakeOpenAIServer({ flavor: "lmstudio" });
    let block: string | null = null;
    // The subagent's turns: the prompt's plan check, the same plan to `plan run - --background`, then its `status --wait`.
    const subagentScript = (ctx: { mainIndex: number; body: MessagesBody; toolResults: ContentBlock[] }): Turn => {
      if (ctx.mainIndex === 0) block = planCheckBlock(ctx.body);
      if (!block) return { text: "NO-PLAN-CHECK-BLOCK" };
      const run = block.replace(" plan check - ", " plan run - --background ");
      if (ctx.mainIndex === 0) return { toolCalls: [{ name: "Bash", input: { command: block } }] };
      if (ctx.mainIndex === 1) return { toolCalls: [{ name: "Bash", input: { command: run } }] };
      const job = /"job":"([^"]+)"/.exec(contentText(ctx.toolResults[0]?.content))?.[1];
      if (ctx.mainIndex === 2 && job) return { toolCalls: [{ name: "Bash", input: { command: `${block.split(" plan check ")[0]} status ${job} --wait 60` } }] };
      return { text: "SUB-DONE" };
    };
    const fake = await startFakeAnthropic({
      script: [{ toolCalls: [{ name: "Agent", input: { description: "theme", prompt: "Add dark mode.", subagent_type: "local-delegate:local-delegator", run_in_background: false } }] }, { text: "done" }],
      subagentScript,
    });
    try {
      const res = await runClaude({
        prompt: "Add dark mode.",
        cwd,
        pluginDir: pluginRoot(),
        baseUrl: fake.url,
        timeoutMs: 90_000,
        args: ["--allowedTools", "Bash(node:*) Write", "--permission-mode", "acceptEdits"],
        env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl },
      });
      expect(res.exitCode, res.stderr).toBe(0);
      expect(block, "the agent's prompt has no ```bash block that pipes the plan to `plan check -`").not.toBeNull();
      const subs = fake.requests.flatMap((r) => (r.kind === "subagent" && r.body ? [r.body] : []));
      expect(systemText(subs[0]!)).toContain("plan run - --background");
      const check = contentText(lastToolResults(subs[1]!)[0]?.content);
      expect(check, check).toContain("theme-constants");
      expect(check).not.toContain("requires approval");
      const started = contentText(lastToolResults(subs[2]!)[0]?.content);
      expect(started).toMatch(/"job":"[^"]+"/);
      // The job ended (the fake model has no answer scripted): nothing is left running in the project.
      const ended = contentText(lastToolResults(subs[3]!)[0]?.content);
      expect(ended, ended).toMatch(/"status":"(failed|escalated|unavailable)"/);
      expect(existsSync(path.join(cwd, ".claude/local-delegate/plans"))).toBe(false);
    } finally {
      await fake.close();
      await local.close();
    }
  });
});

describe("why the plan goes on stdin", () => {
  it("Claude Code refuses a subagent's Write under .claude/ even when the user allowed Write and edits", { timeout: 120_000 }, async () => {
    const cwd = path.join(work, "write");
    await mkdir(path.join(cwd, ".git"), { recursive: true });
    const plan = path.join(cwd, ".claude/local-delegate/plans/theme.yaml");
    const fake = await startFakeAnthropic({
      script: [{ toolCalls: [{ name: "Agent", input: { description: "theme", prompt: "Add dark mode.", subagent_type: "local-delegate:local-delegator", run_in_background: false } }] }, { text: "done" }],
      subagentScript: [{ toolCalls: [{ name: "Write", input: { file_path: plan, content: "request: x\ntasks: []\n" } }] }, { text: "SUB-DONE" }],
    });
    try {
      const res = await runClaude({ prompt: "Add dark mode.", cwd, pluginDir: pluginRoot(), baseUrl: fake.url, timeoutMs: 90_000, args: ["--allowedTools", "Write(.claude/**) Write", "--permission-mode", "acceptEdits"] });
      expect(res.exitCode, res.stderr).toBe(0);
      const subs = fake.requests.flatMap((r) => (r.kind === "subagent" && r.body ? [r.body] : []));
      const result = lastToolResults(subs[1]!)[0];
      expect(result?.is_error).toBe(true);
      expect(contentText(result?.content)).toContain("sensitive file");
      expect(existsSync(plan)).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
