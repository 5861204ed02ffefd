/**
 * The plugin inside the real Claude Code client (the npm package's native binary), offline: the
 * client talks to a fake Anthropic Messages API that scripts Claude's tool calls, and the plugin's
 * hooks and commands talk to a fake local model server. Both on 127.0.0.1. This is the proof that
 * the plugin changes what Claude does, not only that its functions work.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { runClaude, validatePlugin, measurePluginOverhead, type RunClaudeResult } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic, type MessagesBody, type Script } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { pluginRoot } from "../support/dist.js";
import { deadBaseUrl } from "../support/project.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";

// The plugin's files around a fresh build of dist/ (test/global-setup.ts).
const PLUGIN = pluginRoot();
// A user who lets Claude edit files without asking each time: the hook, not a permission prompt, decides.
const ACCEPT_EDITS = ["--permission-mode", "acceptEdits"];
const T = 120_000;

const CUSTOM_HOOK = `import { useEffect, useState } from "react";

export function useTheme(): "light" | "dark" {
  const [theme, setTheme] = useState<"light" | "dark">("light");
  useEffect(() => setTheme(matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"), []);
  return theme;
}
`;

let work = "";
let n = 0;
let local: FakeOpenAIServer;

beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-plugin-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  local = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await local.close();
});

interface Session {
  res: RunClaudeResult;
  main: MessagesBody[];
  cwd: string;
}

/** A project folder (with .git) and a `claude -p` session in it with the plugin loaded. */
async function session(opts: { prompt: string; scriptFor: (cwd: string) => Script; env?: Record<string, string>; args?: string[]; files?: Record<string, string> }): Promise<Session> {
  const cwd = path.join(work, `project-${++n}`);
  await mkdir(path.join(cwd, ".git"), { recursive: true });
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    await mkdir(path.dirname(path.join(cwd, rel)), { recursive: true });
    await writeFile(path.join(cwd, rel), content);
  }
  const fake = await startFakeAnthropic({ script: opts.scriptFor(cwd) });
  try {
    const res = await runClaude({
      prompt: opts.prompt,
      cwd,
      pluginDir: PLUGIN,
      baseUrl: fake.url,
      timeoutMs: 90_000,
      env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl, ...(opts.env ?? {}) },
      ...(opts.args ? { args: opts.args } : {}),
    });
    return { res, main: fake.mainBodies(), cwd };
  } finally {
    await fake.close();
  }
}

const text = (b: MessagesBody | undefined) => JSON.stringify(b?.messages ?? []);
const ledgerLines = (cwd: string) => {
  const p = path.join(cwd, ".claude/local-delegate/ledger.jsonl");
  return existsSync(p) ? readFileSync(p, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : [];
};

describe("the plugin bundle", () => {
  it("passes `claude plugin validate . --strict --profile directory`", { timeout: T }, async () => {
    const v = await validatePlugin(PLUGIN, { strict: true, profile: "directory" });
    expect(v.ok, v.stdout + v.stderr).toBe(true);
  });

  it("adds under 850 characters to every request, with the local server up", { timeout: T }, async () => {
    const o = await measurePluginOverhead(PLUGIN, { env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl } });
    expect(o.addedLines.join("\n")).toContain("qwen2.5-coder-7b-instruct is up");
    // The longest case: a fresh HOME, so the model has no record yet and the policy says so.
    expect(o.addedLines.join("\n")).toContain("It has no record yet");
    expect(o.chars, o.addedLines.join("\n")).toBeLessThanOrEqual(850);
  });
});

describe("SessionStart: routing happens when Claude plans", () => {
  it("puts the delegation policy, with the loaded model, into the first request", { timeout: T }, async () => {
    const s = await session({ prompt: "Add a clamp utility.", scriptFor: () => [{ text: "ok" }] });
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    const first = text(s.main[0]);
    expect(first).toContain("local-delegate: local model qwen2.5-coder-7b-instruct is up");
    expect(first).toContain("local-delegate:local-code");
    // The prompt asks for code: the one-line reminder comes too.
    expect(first).toContain("local-delegate: decompose this");
  });

  it("says the server is down, and stays quiet on prompts, when nothing answers", { timeout: T }, async () => {
    const dead = await deadBaseUrl();
    const s = await session({ prompt: "Add a clamp utility.", scriptFor: () => [{ text: "ok" }], env: { LOCAL_DELEGATE_BASE_URL: dead } });
    const first = text(s.main[0]);
    expect(first).toContain(`no local model server answers at ${dead}`);
    expect(first).not.toContain("decompose this");
  });
});

describe("PreToolUse: a Write the local model should have written", () => {
  it("nudge (default): the Write goes through and the next request tells Claude to delegate", { timeout: T }, async () => {
    const s = await session({
      prompt: "Add a clamp utility.",
      args: ACCEPT_EDITS,
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "src/clamp.ts"), content: DELEGABLE_UTIL } }] }, { text: "done" }],
    });
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    expect(readFileSync(path.join(s.cwd, "src/clamp.ts"), "utf8")).toBe(DELEGABLE_UTIL);
    const second = text(s.main[1]);
    expect(second).toContain("src/clamp.ts (pure utility, 10 lines) was delegable");
    expect(second).toContain("/local-delegate:local-code");
    expect(ledgerLines(s.cwd)).toContainEqual(expect.objectContaining({ event: "hook", decision: "flagged", file: "src/clamp.ts", mode: "nudge" }));
  });

  it("enforce: the Write is denied with the reason in the tool_result, and the file is not written", { timeout: T }, async () => {
    const s = await session({
      prompt: "Add a clamp utility.",
      env: { LOCAL_DELEGATE_HOOK_MODE: "enforce" },
      args: ACCEPT_EDITS,
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "src/clamp.ts"), content: DELEGABLE_UTIL } }] }, { text: "ok, delegating" }],
    });
    expect(existsSync(path.join(s.cwd, "src/clamp.ts"))).toBe(false);
    const results = lastToolResults(s.main[1]!);
    expect(results[0]?.is_error).toBe(true);
    expect(contentText(results[0]?.content)).toContain("src/clamp.ts (pure utility, 10 lines) is for the local model, not Claude");
    expect(ledgerLines(s.cwd)).toContainEqual(expect.objectContaining({ decision: "denied", file: "src/clamp.ts" }));
  });

  it("lets a custom React hook through untouched", { timeout: T }, async () => {
    const s = await session({
      prompt: "Add a useTheme hook.",
      env: { LOCAL_DELEGATE_HOOK_MODE: "enforce" },
      args: ACCEPT_EDITS,
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "src/useTheme.ts"), content: CUSTOM_HOOK } }] }, { text: "done" }],
    });
    expect(readFileSync(path.join(s.cwd, "src/useTheme.ts"), "utf8")).toBe(CUSTOM_HOOK);
    expect(text(s.main[1])).not.toContain("local-delegate: src/useTheme.ts");
    expect(lastToolResults(s.main[1]!)[0]?.is_error ?? false).toBe(false);
    expect(ledgerLines(s.cwd)).toContainEqual(expect.objectContaining({ decision: "not-delegable", category: "react-hook" }));
  });
});

describe("commands", () => {
  it("/local-delegate:local-code expands with its arguments", { timeout: T }, async () => {
    const s = await session({ prompt: "/local-delegate:local-code write src/clamp.ts: clamp(n, lo, hi)", scriptFor: () => [{ text: "ok" }] });
    const first = text(s.main[0]);
    expect(first).toContain("Delegate to the local model: write src/clamp.ts: clamp(n, lo, hi)");
    expect(first).toContain(`${PLUGIN}/dist/cli.js`);
  });

  it("a scripted Claude hands a spec to the engine as the command says; the local model's file lands", { timeout: T }, async () => {
    local.setScript([{ content: "```ts\n" + DELEGABLE_UTIL + "```\n" }]);
    // The command's own instructions: one Bash call, the spec as YAML on stdin (no permission
    // prompt: the command's allowed-tools covers it; no Write under .claude/, which always asks).
    const yaml = [
      "task_id: clamp",
      "kind: code",
      "output_file: src/clamp.ts",
      "description: |",
      "  Export clamp(n, lo, hi): n limited to [lo, hi], e.g. { n: 5, lo: 0, hi: 3 } gives 3.",
      "test_command: 'grep -q Math.min src/clamp.ts'",
    ].join("\n");
    const s = await session({
      prompt: "/local-delegate:local-code write src/clamp.ts: clamp(n, lo, hi)",
      scriptFor: () => [
        { toolCalls: [{ name: "Bash", input: { command: `node "${PLUGIN}/dist/cli.js" run - --wait 540 <<'SPEC'\n${yaml}\nSPEC` } }] },
        // What the command says to do with a run still going: allowed as well, without a prompt.
        { toolCalls: [{ name: "Bash", input: { command: `node "${PLUGIN}/dist/cli.js" status --wait 540` } }] },
        { text: "The local model wrote src/clamp.ts." },
      ],
    });
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    expect(readFileSync(path.join(s.cwd, "src/clamp.ts"), "utf8")).toBe(DELEGABLE_UTIL);
    // Claude read one line of JSON back, not the file.
    const bashResult = contentText(lastToolResults(s.main[1]!)[0]?.content);
    expect(JSON.parse(bashResult.trim())).toMatchObject({ status: "success", task_id: "clamp", tests: "passed" });
    expect(bashResult.length).toBeLessThan(400);
    const waited = lastToolResults(s.main[2]!)[0];
    expect(waited?.is_error ?? false, contentText(waited?.content)).toBe(false);
    expect(JSON.parse(contentText(waited?.content).trim())).toEqual(JSON.parse(bashResult.trim()));
    // The engine kept the spec with the others, so the task can be rerun by file.
    expect(JSON.parse(readFileSync(path.join(s.cwd, ".claude/local-delegate/specs/clamp.json"), "utf8"))).toMatchObject({ task_id: "clamp", output_file: "src/clamp.ts" });
  });

  it("/local-delegate:local-status: Claude may read the status of the job it offers to start, as the command says", { timeout: T }, async () => {
    // The command offers `qualify --background`, then `status <id>` for its result: both must run
    // without a permission prompt (which `-p` refuses outright).
    const cli = `node "${PLUGIN}/dist/cli.js"`;
    const s = await session({
      prompt: "/local-delegate:local-status",
      scriptFor: () => [{ toolCalls: [{ name: "Bash", input: { command: `${cli} status` } }] }, { toolCalls: [{ name: "Bash", input: { command: `${cli} jobs --compact` } }] }, { text: "done" }],
    });
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    // It ran: the CLI's own answer (no job yet, exit 2), not the client's "This command requires approval".
    const status = contentText(lastToolResults(s.main[1]!)[0]?.content);
    expect(JSON.parse(status.trim().split("\n").at(-1)!), status).toEqual({ status: "invalid", error: "no jobs in this project yet" });
    // Near miss: what the command allowed before stays allowed.
    const jobs = lastToolResults(s.main[2]!)[0];
    expect(jobs?.is_error ?? false, contentText(jobs?.content)).toBe(false);
  });

  it("/local-delegate:local-ask puts the local model's answer in front of Claude, quotes and all", { timeout: T }, async () => {
    local.setScript([{ content: "Use `Array.prototype.at(-1)`.", usage: { prompt_tokens: 31, completion_tokens: 9 } }]);
    const question = `How do I get the last item? Don't say "arr[arr.length - 1]"; $(echo nope) {"x": 1}`;
    const s = await session({ prompt: `/local-delegate:local-ask ${question}`, scriptFor: () => [{ text: "Answer from the local model above." }] });
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    const first = text(s.main[0]);
    expect(first).toContain("Use `Array.prototype.at(-1)`.");
    expect(first).toContain("qwen2.5-coder-7b-instruct, 31+9 tokens");
    // The question reached the local model exactly as typed: no shell expansion, no quoting damage.
    const asked = local.requests.find((r) => r.path.endsWith("/chat/completions"))!.body.messages.at(-1).content;
    expect(asked).toBe(question);
  });
});

