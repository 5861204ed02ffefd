/**
 * /local-delegate:local-ask in the real Claude Code client, when the local model is slow: the
 * command's `!` line runs under the client's Bash time limit (BASH_DEFAULT_TIMEOUT_MS, 2 minutes
 * unless set; set short here). A line still running then is moved to the background, and the
 * command's text tells Claude the answer is "above" when it is not.
 */
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaude } from "../support/claude-cli.js";
import { startFakeAnthropic, type MessagesBody } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";

let work = "";
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-ask-limit-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** `/local-delegate:local-ask` with the client's Bash limit at `limitMs` and the local model answering after `delayMs`. */
async function askSlow(name: string, limitMs: number, delayMs: number) {
  const local = await startFakeOpenAIServer({ flavor: "lmstudio" });
  local.setScript([{ content: "Use `Array.prototype.at(-1)`.", delayMs }]);
  const cwd = path.join(work, name);
  await mkdir(path.join(cwd, ".git"), { recursive: true });
  const fake = await startFakeAnthropic({ script: [{ text: "Answer from the local model above." }, { text: "ok" }] });
  try {
    const res = await runClaude({
      prompt: "/local-delegate:local-ask How do I get the last item?",
      cwd,
      pluginDir: pluginRoot(),
      baseUrl: fake.url,
      timeoutMs: 90_000,
      env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl, BASH_DEFAULT_TIMEOUT_MS: String(limitMs) },
    });
    return { res, sent: fake.mainBodies().map((b: MessagesBody) => JSON.stringify(b.messages)) };
  } finally {
    await fake.close();
    await local.close();
  }
}

describe("/local-delegate:local-ask and Claude Code's Bash time limit", () => {
  it("a model slower than the limit (10 s here, 2.5 s of it left to exit in): the user is told why and what to do; Claude is never told the answer is above", { timeout: 120_000 }, async () => {
    const { res, sent } = await askSlow("slow", 10_000, 25_000);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(sent.join("\n")).not.toContain("moved to the background");
    // The command stops with the reason, shown to the user: no request to Claude at all.
    expect(sent).toEqual([]);
    const result = String((res.json as { result?: unknown } | undefined)?.result ?? "");
    expect(result).toContain("the local model had not finished its answer after 7.5 s");
    expect(result).toContain("BASH_DEFAULT_TIMEOUT_MS");
    expect(result).toMatch(/ask it at a terminal, where it has as long as it needs: node ".*\/cli\.js" ask/);
  });

  it("near miss: an answer well within the limit is put in front of Claude as before", { timeout: 120_000 }, async () => {
    const { res, sent } = await askSlow("quick", 10_000, 1_000);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(sent[0]).toContain("Use `Array.prototype.at(-1)`.");
    expect(sent[0]).not.toContain("moved to the background");
  });
});
