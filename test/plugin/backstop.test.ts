/**
 * The PreToolUse backstop in the real Claude Code client, on the shapes of a file write that are
 * not a plain Write of a new file: each is what Claude Code really accepts, so a shape the hook does
 * not judge is a delegable file Claude writes itself while the policy says delegate.
 */
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaude } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic, type ToolCall } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";

const T = 120_000;
let work = "";
let n = 0;
beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-backstop-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * A project holding `files`, and one enforce-mode session in it where Claude makes `call` to
 * src/clamp.ts, named by `named` (the project's folder by default), by a user who allowed Write.
 */
async function attempt(files: Record<string, string>, call: (file: string) => ToolCall, named?: (cwd: string) => string) {
  const cwd = path.join(work, `p${++n}`);
  await mkdir(path.join(cwd, ".git"), { recursive: true });
  await mkdir(path.join(cwd, "src"));
  for (const [rel, content] of Object.entries(files)) await writeFile(path.join(cwd, rel), content);
  const file = path.join(cwd, "src/clamp.ts");
  const as = path.join(named?.(cwd) ?? cwd, "src/clamp.ts");
  const local = await startFakeOpenAIServer({ flavor: "lmstudio" });
  const fake = await startFakeAnthropic({ script: [{ toolCalls: [call(as)] }, { text: "done" }] });
  try {
    const res = await runClaude({
      prompt: "Add a clamp utility.",
      cwd,
      pluginDir: pluginRoot(),
      baseUrl: fake.url,
      timeoutMs: 90_000,
      args: ["--permission-mode", "acceptEdits", "--allowedTools", "Write"],
      env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl, LOCAL_DELEGATE_HOOK_MODE: "enforce" },
    });
    expect(res.exitCode, res.stderr).toBe(0);
    const result = lastToolResults(fake.mainBodies()[1]!)[0];
    return { denied: result?.is_error === true, said: contentText(result?.content), content: existsSync(file) ? readFileSync(file, "utf8") : null };
  } finally {
    await fake.close();
    await local.close();
  }
}

describe("enforce mode refuses a delegable file however Claude writes it", () => {
  it("an Edit from \"\" into an existing empty file (Claude Code fills it as a new file)", { timeout: T }, async () => {
    for (const blank of ["", "\n"]) {
      const r = await attempt({ "src/clamp.ts": blank }, (file) => ({ name: "Edit", input: { file_path: file, old_string: "", new_string: DELEGABLE_UTIL } }));
      expect(r.said, JSON.stringify(blank)).toContain("src/clamp.ts (pure utility, 10 lines) is for the local model");
      expect(r.denied).toBe(true);
      expect(r.content).toBe(blank);
    }
  });

  it("a Write through a symlink to the project (the path the user knows it by; Claude Code reports the real one)", { timeout: T }, async () => {
    const r = await attempt({}, (file) => ({ name: "Write", input: { file_path: file, content: DELEGABLE_UTIL } }), (cwd) => {
      const link = `${cwd}-link`;
      symlinkSync(cwd, link);
      return link;
    });
    expect(r.said).toContain("src/clamp.ts (pure utility, 10 lines) is for the local model");
    expect(r.content).toBeNull();
  });

  it("near miss: a small Edit of a file with content is Claude's to make", { timeout: T }, async () => {
    const r = await attempt({ "src/clamp.ts": DELEGABLE_UTIL }, (file) => ({ name: "Edit", input: { file_path: file, old_string: "return lo;", new_string: "return NaN;" } }));
    expect(r.denied, r.said).toBe(false);
    expect(r.content).toBe(DELEGABLE_UTIL.replace("return lo;", "return NaN;"));
  });
});
