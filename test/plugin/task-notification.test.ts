/**
 * Claude Code hands the end of a background task (a Bash run in the background, a background
 * subagent, which is the Agent tool's default) to the UserPromptSubmit hook as a prompt:
 * `<task-notification>…<summary>Background command "…" completed…</summary>…`. That is not the user
 * asking for code, whatever words the command holds.
 */
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaude } from "../support/claude-cli.js";
import { startFakeAnthropic } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";

let work = "";
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-notify-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the prompt reminder and background tasks", () => {
  it("a background task's end gets no \"decompose this\"; the user's own prompt still does", { timeout: 120_000 }, async () => {
    const cwd = path.join(work, "project");
    await mkdir(path.join(cwd, ".git"), { recursive: true });
    const local = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const fake = await startFakeAnthropic({
      script: [{ toolCalls: [{ name: "Bash", input: { command: "sleep 1; echo add a helper function and its tests", run_in_background: true } }] }, { text: "waiting" }, { text: "done" }],
    });
    try {
      const res = await runClaude({
        prompt: "Add a date formatting helper and its tests.",
        cwd,
        pluginDir: pluginRoot(),
        baseUrl: fake.url,
        timeoutMs: 90_000,
        args: ["--allowedTools", "Bash"],
        env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl },
      });
      expect(res.exitCode, res.stderr).toBe(0);
      const sent = fake.mainBodies().map((b) => JSON.stringify(b.messages));
      const reminders = (s: string) => s.split("local-delegate: decompose this").length - 1;
      // Near miss: the user's prompt asks for code, and the reminder comes with it.
      expect(reminders(sent[0]!)).toBe(1);
      const last = sent.at(-1)!;
      expect(last).toContain("<task-notification>");
      expect(reminders(last)).toBe(1);
    } finally {
      await fake.close();
      await local.close();
    }
  });
});
