/**
 * Claude Code's worktrees (`EnterWorktree`, a subagent's `isolation: "worktree"`) are checkouts at
 * `.claude/worktrees/<name>/` under the repository: the session works there while its project
 * folder (CLAUDE_PROJECT_DIR) stays the repository's. A file Claude writes there is a project file
 * of that checkout, which `run` from the checkout writes like any other: enforce mode must judge it,
 * not let it through as one of Claude Code's own settings under `.claude/`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPreToolUse } from "../../src/hook/pre-tool.js";
import { parseEvent, type PreToolUseEvent } from "../../src/hook/event.js";
import { writeHealthCache } from "../../src/model/health-cache.js";
import { runClaude } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";

let work = "";
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-worktree-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function repo(name: string): string {
  const cwd = path.join(work, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(path.join(cwd, "README.md"), "# app\n");
  const git = (...a: string[]) => execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...a], { cwd, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "init");
  return cwd;
}

describe("enforce mode in a Claude Code worktree", () => {
  it("refuses a delegable Write in the worktree the session entered, and the file is not written", { timeout: 120_000 }, async () => {
    const cwd = repo("entered");
    const local = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const fake = await startFakeAnthropic({
      script: [{ toolCalls: [{ name: "EnterWorktree", input: { name: "wt1" } }] }, { toolCalls: [{ name: "Write", input: { file_path: "src/clamp.ts", content: DELEGABLE_UTIL } }] }, { text: "ok" }],
    });
    try {
      const res = await runClaude({
        prompt: "Add a clamp utility in a worktree.",
        cwd,
        pluginDir: pluginRoot(),
        baseUrl: fake.url,
        timeoutMs: 90_000,
        args: ["--permission-mode", "acceptEdits"],
        env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl, LOCAL_DELEGATE_HOOK_MODE: "enforce" },
      });
      expect(res.exitCode, res.stderr).toBe(0);
      const tree = path.join(cwd, ".claude/worktrees/wt1");
      expect(existsSync(path.join(tree, ".git")), "the client made no worktree").toBe(true);
      const result = lastToolResults(fake.mainBodies()[2]!)[0];
      expect(result?.is_error, contentText(result?.content)).toBe(true);
      expect(contentText(result?.content)).toContain("is for the local model, not Claude");
      expect(existsSync(path.join(tree, "src/clamp.ts"))).toBe(false);
    } finally {
      await fake.close();
      await local.close();
    }
  });

  it("near miss: Claude Code's own files, and a checkout under .claude/ the session is not in, stay Claude's to write", async () => {
    const cwd = repo("settings");
    const tree = path.join(cwd, ".claude/worktrees/wt1");
    mkdirSync(tree, { recursive: true });
    writeFileSync(path.join(tree, ".git"), `gitdir: ${path.join(cwd, ".git/worktrees/wt1")}\n`);
    const home = path.join(work, "settings-home");
    const env = { HOME: home, XDG_STATE_HOME: path.join(home, "state"), XDG_CONFIG_HOME: path.join(home, "config"), LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1", LOCAL_DELEGATE_HOOK_MODE: "enforce", CLAUDE_PROJECT_DIR: cwd };
    writeHealthCache(path.join(home, "state", "local-delegate"), env.LOCAL_DELEGATE_BASE_URL, { up: true, model: "m", checked_at: new Date().toISOString() });
    // A skill's own repository, cloned into .claude/skills/: delegated from the session's folder, `run` refuses it.
    const skill = path.join(cwd, ".claude/skills/clamp");
    mkdirSync(path.join(skill, ".git"), { recursive: true });
    const hook = async (abs: string, at = tree) => {
      const event = parseEvent({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: at, session_id: "s1", tool_input: { file_path: abs, content: DELEGABLE_UTIL } }) as PreToolUseEvent;
      return JSON.stringify(await onPreToolUse(event, { env, cwd: at, cliPath: "/x/cli.js" }));
    };
    for (const abs of [path.join(cwd, ".claude/commands/clamp.ts"), path.join(tree, ".claude/commands/clamp.ts"), path.join(cwd, ".claude/worktrees/clamp.ts"), path.join(skill, "clamp.ts")]) expect(await hook(abs), abs).toBe("null");
    // The worktree's file, from the repository's folder (the session left the worktree): as the skill's.
    expect(await hook(path.join(tree, "src/clamp.ts"), cwd)).toBe("null");
    expect(await hook(path.join(tree, "src/clamp.ts"))).toContain('"permissionDecision":"deny"');
  });
});
