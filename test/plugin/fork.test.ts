/**
 * A forked session (`claude --resume <id> --fork-session`, `/branch`) starts with SessionStart
 * source "fork" (Claude Code 2.1.214+; "resume" before). It is a new session: its own
 * CLAUDE_ENV_FILE, which only the plugin's SessionStart hook fills with the plugin's options for
 * the commands Claude runs, and the server's state as it is now, not as the parent saw it.
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClaudeHome, runClaude } from "../support/claude-cli.js";
import { startFakeAnthropic } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";

let work = "";
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-fork-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a forked session", () => {
  it("gets the plugin's options in its commands, as the session it came from did", { timeout: 180_000 }, async () => {
    const cwd = path.join(work, "project");
    await mkdir(path.join(cwd, ".git"), { recursive: true });
    const local = await startFakeOpenAIServer({ flavor: "lmstudio", script: () => ({ content: "Four." }) });
    const home = await makeClaudeHome();
    // The server URL set as the plugin's option (what `/plugin configure` keeps), no LOCAL_DELEGATE_* variable.
    await writeFile(path.join(home.configDir, "settings.json"), JSON.stringify({ pluginConfigs: { "local-delegate@inline": { options: { base_url: local.baseUrl } } } }));
    const fake = await startFakeAnthropic({ script: [{ text: "Answer from the local model above." }, { text: "Answer from the local model above." }] });
    try {
      const run = (prompt: string, args: string[] = []) => runClaude({ prompt, cwd, pluginDir: pluginRoot(), baseUrl: fake.url, home, timeoutMs: 90_000, args });
      const first = await run("/local-delegate:local-ask What is 2 + 2?");
      expect(first.exitCode, first.stderr).toBe(0);
      const id = (first.json as { session_id: string }).session_id;
      const fork = await run("/local-delegate:local-ask And 3 + 3?", ["--resume", id, "--fork-session"]);
      expect(fork.exitCode, fork.stderr).toBe(0);
      const asked = local.requests.filter((r) => r.path.endsWith("/chat/completions")).map((r) => r.body.messages.at(-1).content);
      expect(asked).toEqual(["What is 2 + 2?", "And 3 + 3?"]);
      expect(JSON.stringify(fake.mainBodies().at(-1)?.messages)).toContain("And 3 + 3?");
    } finally {
      await fake.close();
      await local.close();
      await home.dispose();
    }
  });
});
