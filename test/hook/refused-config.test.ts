import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runClaude } from "../support/claude-cli.js";
import { startFakeAnthropic } from "../support/fake-anthropic.js";
import { builtHook, pluginRoot } from "../support/dist.js";
import { deadBaseUrl, tempProject, type TempProject } from "../support/project.js";

// A config every command refuses turns the plugin off for the session: no policy, no reminder, no
// Write judged. A user who typed "Enforce" in Claude Code's options dialog must learn that at the
// session's start, not believe Claude's Writes are refused while every one goes through.
let proj: TempProject;
let DEAD = "";
beforeAll(async () => {
  DEAD = await deadBaseUrl();
});
afterEach(() => proj?.cleanup());

function sessionStart(env: Record<string, string>): string {
  const event = JSON.stringify({ hook_event_name: "SessionStart", source: "startup", cwd: proj.root, session_id: "s1" });
  const r = spawnSync(process.execPath, [builtHook("SessionStart")], {
    input: event,
    encoding: "utf8",
    timeout: 15_000,
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), XDG_CONFIG_HOME: join(proj.home, "config"), LOCAL_DELEGATE_BASE_URL: DEAD, LOCAL_DELEGATE_HOOK_HELPER: "0", ...env },
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("a session starting with a refused config", () => {
  it("says so to the user and to Claude, with what is wrong and where to change it", () => {
    proj = tempProject();
    for (const run of [1, 2]) {
      // Twice: the second start reads the refusal from the snapshot the first one made.
      const out = JSON.parse(sessionStart({ CLAUDE_PLUGIN_OPTION_HOOK_MODE: "Enforce" }));
      expect(out.systemMessage, `start ${run}`).toMatch(/^local-delegate is off/);
      expect(out.systemMessage).toContain("hook_mode");
      expect(out.systemMessage).toContain("/plugin configure");
      expect(out.hookSpecificOutput).toMatchObject({ hookEventName: "SessionStart" });
      expect(out.hookSpecificOutput.additionalContext).toContain("local-delegate is off");
    }
  });

  it("names the broken file", () => {
    proj = tempProject();
    mkdirSync(join(proj.root, ".claude"), { recursive: true });
    writeFileSync(join(proj.root, ".claude/local-delegate.yaml"), "hook_mode: [enforce\n");
    expect(JSON.parse(sessionStart({})).systemMessage).toContain(join(proj.root, ".claude/local-delegate.yaml"));
  });

  it("near miss: hook_mode off stays silent, and a valid option gives the policy", () => {
    proj = tempProject();
    expect(sessionStart({ CLAUDE_PLUGIN_OPTION_HOOK_MODE: "off" })).toBe("");
    const out = JSON.parse(sessionStart({ CLAUDE_PLUGIN_OPTION_HOOK_MODE: "enforce" }));
    expect(out.systemMessage).toBeUndefined();
    expect(out.hookSpecificOutput.additionalContext).toContain("no local model server answers");
  });
});

describe("in the real client", () => {
  it("the answer is read as the hook's own: Claude's first request carries it", { timeout: 120_000 }, async () => {
    proj = tempProject();
    const fake = await startFakeAnthropic({ script: [{ text: "ok" }] });
    try {
      const res = await runClaude({
        prompt: "Add a clamp utility.",
        cwd: proj.root,
        pluginDir: pluginRoot(),
        baseUrl: fake.url,
        timeoutMs: 90_000,
        env: { LOCAL_DELEGATE_BASE_URL: DEAD, LOCAL_DELEGATE_HOOK_MODE: "Enforce" },
      });
      expect(res.exitCode, res.stderr).toBe(0);
      const first = JSON.stringify(fake.mainBodies()[0]?.messages ?? []);
      expect(first).toContain("SessionStart hook additional context: local-delegate is off for this session");
      expect(first).toContain("LOCAL_DELEGATE_HOOK_MODE");
    } finally {
      await fake.close();
    }
  });
});
