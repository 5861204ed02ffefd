/**
 * Self-tests of the offline Claude Code harness (fake Messages API + real
 * client), and the empirical facts about how the client treats a plugin that
 * docs/dev/claude-client-notes.md records. Every plugin here is a throwaway
 * written to a temp dir; every claude run is bounded (≤ 60 s) and talks only
 * to 127.0.0.1.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeAnthropic,
  locate,
  lastToolResults,
  contentText,
  systemText,
  type MessagesBody,
  type RecordedRequest,
  type Script,
} from "./support/fake-anthropic.js";
import {
  installFromMarketplace,
  makeClaudeHome,
  measurePluginOverhead,
  readHookDumps,
  runClaude,
  runClaudeCommand,
  validatePlugin,
  writeThrowawayPlugin,
  type HookDump,
  type RunClaudeResult,
  type ThrowawayPluginSpec,
} from "./support/claude-cli.js";

const T = 120_000; // per test; each claude run inside is capped at 60 s
let work = "";
let counter = 0;

beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "ld-harness-")));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface Scenario {
  res: RunClaudeResult;
  requests: RecordedRequest[];
  main: MessagesBody[];
  dumps: HookDump[];
  cwd: string;
  pluginDir: string;
}

/** Write the plugin, start a fake API with the script, run `claude -p`, collect everything. */
async function scenario(opts: {
  plugin?: ThrowawayPluginSpec;
  script?: Script;
  /** Build the script from the run's cwd (when tool inputs need absolute paths). */
  scriptFor?: (cwd: string) => Script;
  prompt: string;
  args?: string[];
  env?: Record<string, string>;
  outputFormat?: "json" | "stream-json";
}): Promise<Scenario> {
  const n = ++counter;
  const pluginDir = path.join(work, `plugin-${n}`);
  const cwd = path.join(work, `cwd-${n}`);
  const dumpDir = path.join(work, `dumps-${n}`);
  await mkdir(cwd, { recursive: true });
  if (opts.plugin) await writeThrowawayPlugin(pluginDir, opts.plugin);
  const fake = await startFakeAnthropic({ script: opts.scriptFor ? opts.scriptFor(cwd) : (opts.script ?? []) });
  try {
    const res = await runClaude({
      prompt: opts.prompt,
      cwd,
      baseUrl: fake.url,
      timeoutMs: 60_000,
      env: { HOOK_DUMP_DIR: dumpDir, ...(opts.env ?? {}) },
      ...(opts.plugin ? { pluginDir } : {}),
      ...(opts.args ? { args: opts.args } : {}),
      ...(opts.outputFormat ? { outputFormat: opts.outputFormat } : {}),
    });
    return { res, requests: [...fake.requests], main: fake.mainBodies(), dumps: await readHookDumps(dumpDir), cwd, pluginDir };
  } finally {
    await fake.close();
  }
}

const ctx = (event: string, additionalContext: string) => ({ stdout: { hookSpecificOutput: { hookEventName: event, additionalContext } } });

function resultJson(res: RunClaudeResult): Record<string, unknown> {
  expect(res.json, `stdout was: ${res.stdout.slice(0, 500)}\nstderr: ${res.stderr.slice(0, 1500)}`).toBeTypeOf("object");
  return res.json as Record<string, unknown>;
}

describe("fake Anthropic server", () => {
  it("streams text and tool_use turns, records requests, answers unknown routes", async () => {
    const fake = await startFakeAnthropic({ script: [{ toolCalls: [{ name: "Bash", input: { command: "echo hi" } }] }, { text: "bye" }] });
    try {
      const post = async (body: unknown) =>
        fetch(`${fake.url}/v1/messages?beta=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const first = await (await post({ model: "m", max_tokens: 100, stream: true, tools: [{ name: "Bash" }], messages: [{ role: "user", content: "go" }] })).text();
      expect(first).toContain("event: message_start");
      expect(first).toContain('"type":"tool_use"');
      expect(first).toContain('"partial_json"');
      expect(first).toContain('"stop_reason":"tool_use"');
      expect(first.trim().endsWith('data: {"type":"message_stop"}')).toBe(true);
      // An auxiliary call (no tools, small max_tokens) does not consume the script.
      const aux = (await (await post({ model: "claude-haiku", max_tokens: 50, messages: [{ role: "user", content: "title?" }] })).json()) as { content: Array<{ text: string }> };
      expect(aux.content[0]?.text).toBe("Fake title");
      const second = (await (await post({ model: "m", max_tokens: 100, tools: [{ name: "Bash" }], messages: [{ role: "user", content: "go" }] })).json()) as { content: Array<{ text: string }>; stop_reason: string };
      expect(second.content[0]?.text).toBe("bye");
      expect(second.stop_reason).toBe("end_turn");
      const count = (await (await fetch(`${fake.url}/v1/messages/count_tokens`, { method: "POST", body: "{}" })).json()) as { input_tokens: number };
      expect(count.input_tokens).toBeGreaterThan(0);
      expect((await fetch(`${fake.url}/api/hello`, { method: "HEAD" })).status).toBe(200);
      expect(fake.requests.map((r) => r.kind)).toEqual(["main", "aux", "main", "count_tokens", "other"]);
      expect(fake.requests[2]?.turnIndex).toBe(1);
    } finally {
      await fake.close();
    }
  });
});

describe("real Claude Code client against the fake API", () => {
  it("plain run: one /v1/messages request, json result, nothing else contacted", { timeout: T }, async () => {
    const s = await scenario({ script: [{ text: "hello from fake" }], prompt: "say hi" });
    expect(s.res.exitCode).toBe(0);
    const out = resultJson(s.res);
    expect(out.result).toBe("hello from fake");
    expect(out.is_error).toBe(false);
    expect(s.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/messages?beta=true"]);
    const body = s.main[0]!;
    expect(body.stream).toBe(true);
    expect(Array.isArray(body.tools) && body.tools.length).toBeGreaterThan(0);
    // First user message: a system-reminder block, then the prompt; then a role:"system" message with the environment.
    expect(body.messages?.[0]?.role).toBe("user");
    expect(contentText(body.messages?.[0]?.content)).toContain("say hi");
    expect(body.messages?.[1]?.role).toBe("system");
    expect(contentText(body.messages?.[1]?.content)).toContain(`Primary working directory: ${s.cwd}`);
    expect(s.requests[0]?.headers["x-api-key"]).toBe("sk-ant-fake-0000");
  });

  it("scripted API errors: a 500 fails fast (CLAUDE_CODE_MAX_RETRIES=0), a 400 is re-sent with fewer betas/tools", { timeout: T }, async () => {
    const s500 = await scenario({ script: [{ error: { status: 500, type: "api_error", message: "FAKE-500" } }], prompt: "hi" });
    expect(s500.res.exitCode).toBe(1);
    expect(s500.requests).toHaveLength(1);
    expect(resultJson(s500.res)).toMatchObject({ is_error: true, api_error_status: 500 });
    const s400 = await scenario({ script: () => ({ error: { status: 400, type: "invalid_request_error", message: "FAKE-400" } }), prompt: "hi" });
    expect(s400.res.exitCode).toBe(1);
    expect(s400.requests.length).toBeGreaterThan(1); // 6 with 2.1.332
    expect(resultJson(s400.res)).toMatchObject({ is_error: true, api_error_status: 400, result: "API Error: 400 FAKE-400" });
  });

  it("(1) SessionStart additionalContext lands in the role:system message of the FIRST request", { timeout: T }, async () => {
    const s = await scenario({
      plugin: { name: "ssplug", hookEvents: { SessionStart: null }, responses: { SessionStart: ctx("SessionStart", "POLICY-MARKER") } },
      script: [{ text: "ok" }],
      prompt: "hello",
    });
    expect(s.res.exitCode).toBe(0);
    const first = s.main[0]!;
    expect(locate(first, "POLICY-MARKER")).toEqual(["messages[1]:system"]);
    expect(systemText(first)).not.toContain("POLICY-MARKER");
    expect(contentText(first.messages?.[1]?.content).startsWith("SessionStart hook additional context: POLICY-MARKER\n\n")).toBe(true);

    const ss = s.dumps.find((d) => d.event === "SessionStart")!;
    expect(ss.stdin).toMatchObject({ hook_event_name: "SessionStart", source: "startup", cwd: s.cwd });
    expect(ss.stdin.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(ss.stdin.transcript_path)).toMatch(/\/\.claude\/projects\/.+\.jsonl$/);
    expect(ss.cwd).toBe(s.cwd);
    expect(ss.env.CLAUDE_PLUGIN_ROOT).toBe(s.pluginDir);
    expect(ss.env.CLAUDE_PROJECT_DIR).toBe(s.cwd);
    expect(ss.env.CLAUDE_PLUGIN_DATA).toMatch(/\/\.claude\/plugins\/data\/ssplug-inline$/);
    expect(ss.env.CLAUDE_ENV_FILE).toMatch(/session-env\/.+\/sessionstart-hook-0\.sh$/);
    expect(ss.env.CLAUDE_CODE_SESSION_ID).toBe(ss.stdin.session_id);
    expect(ss.env.CLAUDECODE).toBe("1");
  });

  it("(2) PreToolUse allow: Write runs in default mode; additionalContext lands in a role:system message after the tool_result", { timeout: T }, async () => {
    const s2 = await scenario({
      plugin: {
        name: "preallow",
        hookEvents: { PreToolUse: "Write", PostToolUse: "Write" },
        responses: {
          PreToolUse: { stdout: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "ALLOW-REASON", additionalContext: "PRE-ALLOW-CONTEXT" } } },
          PostToolUse: ctx("PostToolUse", "POST-CONTEXT"),
        },
      },
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "out.txt"), content: "written\n" } }] }, { text: "done" }],
      prompt: "write a file",
    });
    const target = path.join(s2.cwd, "out.txt");
    expect(s2.res.exitCode).toBe(0);
    expect(await readFile(target, "utf8")).toBe("written\n");
    expect(s2.main).toHaveLength(2);
    const next = s2.main[1]!;
    const msgs = next.messages ?? [];
    // [0] user prompt, [1] system env, [2] assistant tool_use, [3] user tool_result, [4] system hook context
    expect(msgs.map((m) => m.role)).toEqual(["user", "system", "assistant", "user", "system"]);
    const tr = lastToolResults(next)[0]!;
    expect(tr.is_error ?? false).toBe(false);
    expect(contentText(tr.content)).toContain("File created successfully");
    expect(locate(next, "PRE-ALLOW-CONTEXT")).toEqual(["messages[4]:system"]);
    expect(contentText(msgs[4]!.content)).toBe("PreToolUse:Write hook additional context: PRE-ALLOW-CONTEXT\n\nPostToolUse:Write hook additional context: POST-CONTEXT");
    expect(locate(next, "ALLOW-REASON")).toEqual([]); // the allow reason is not shown to the model

    const pre = s2.dumps.find((d) => d.event === "PreToolUse")!;
    expect(pre.stdin).toMatchObject({
      hook_event_name: "PreToolUse",
      tool_name: "Write",
      tool_input: { file_path: target, content: "written\n" },
      tool_use_id: "toolu_fake_0001",
      permission_mode: "default",
      cwd: s2.cwd,
    });
    const post = s2.dumps.find((d) => d.event === "PostToolUse")!;
    expect(post.stdin).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Write", tool_use_id: "toolu_fake_0001" });
    expect(post.stdin.tool_response).toBeTypeOf("object");
  });

  it("(3) PreToolUse deny: tool_result is_error with the reason, file not written, listed in permission_denials", { timeout: T }, async () => {
    const s = await scenario({
      plugin: {
        name: "predeny",
        hookEvents: { PreToolUse: "Write", PostToolUse: "Write" },
        responses: {
          PreToolUse: { stdout: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "DENY-REASON: use the local model", additionalContext: "DENY-CONTEXT" } } },
        },
      },
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "denied.txt"), content: "nope\n" } }] }, { text: "understood" }],
      prompt: "write a file",
    });
    const target = path.join(s.cwd, "denied.txt");
    expect(s.res.exitCode).toBe(0);
    expect(existsSync(target)).toBe(false);
    const next = s.main[1]!;
    const tr = lastToolResults(next)[0]!;
    expect(tr.is_error).toBe(true);
    expect(contentText(tr.content)).toBe("PreToolUse:Write hook error: DENY-REASON: use the local model");
    expect(locate(next, "DENY-CONTEXT")).toEqual(["messages[4]:system"]);
    expect(s.dumps.some((d) => d.event === "PostToolUse")).toBe(false); // no PostToolUse for a denied call
    const out = resultJson(s.res);
    expect(out.permission_denials).toEqual([{ tool_name: "Write", tool_use_id: "toolu_fake_0001", tool_input: { file_path: target, content: "nope\n" } }]);
  });

  it("(3b) PreToolUse exit 2: stderr becomes the is_error tool_result (with the command and plugin named); exit 1 is non-blocking", { timeout: T }, async () => {
    const s = await scenario({
      plugin: { name: "exit2", hookEvents: { PreToolUse: "Write" }, responses: { PreToolUse: { stderr: "EXIT2-REASON", exitCode: 2 } } },
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "a.txt"), content: "a" } }] }, { text: "ok" }],
      prompt: "w",
    });
    const tr = lastToolResults(s.main[1]!)[0]!;
    expect(tr.is_error).toBe(true);
    expect(contentText(tr.content)).toBe(`PreToolUse:Write hook error: [node "${s.pluginDir}/hooks/dump.mjs" PreToolUse]: EXIT2-REASON\nThis hook comes from the exit2@inline plugin.`);
    expect(existsSync(path.join(s.cwd, "a.txt"))).toBe(false);

    // exit 1 (or plain stdout) neither blocks nor allows: the normal -p permission check applies (Write is refused)
    const s1 = await scenario({
      plugin: { name: "exit1", hookEvents: { PreToolUse: "Write" }, responses: { PreToolUse: { stderr: "EXIT1-STDERR", stdout: "EXIT1-STDOUT", exitCode: 1 } } },
      scriptFor: (cwd) => [{ toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "a.txt"), content: "a" } }] }, { text: "ok" }],
      prompt: "w",
    });
    const tr1 = lastToolResults(s1.main[1]!)[0]!;
    expect(tr1.is_error).toBe(true);
    expect(contentText(tr1.content)).toContain("but you haven't granted it yet");
    expect(locate(s1.main[1]!, "EXIT1-STDERR")).toEqual([]);
    expect(locate(s1.main[1]!, "EXIT1-STDOUT")).toEqual([]);
  });

  it("(4) UserPromptSubmit additionalContext lands at the end of the same role:system message (before the date line)", { timeout: T }, async () => {
    const s = await scenario({
      plugin: {
        name: "upsplug",
        hookEvents: { SessionStart: null, UserPromptSubmit: null, Stop: null, SessionEnd: null },
        responses: { SessionStart: ctx("SessionStart", "SS-CTX"), UserPromptSubmit: ctx("UserPromptSubmit", "UPS-CTX") },
      },
      script: [{ text: "final words" }],
      prompt: "please do the thing",
    });
    expect(s.res.exitCode).toBe(0);
    const first = s.main[0]!;
    expect(locate(first, "UPS-CTX")).toEqual(["messages[1]:system"]);
    const sys = contentText(first.messages?.[1]?.content);
    expect(sys).toMatch(/\n\nUserPromptSubmit hook additional context: UPS-CTX\n\nToday's date is \d{4}-\d{2}-\d{2}\.$/);
    expect(sys.indexOf("SS-CTX")).toBeLessThan(sys.indexOf("UPS-CTX"));
    // the user's own message is unchanged
    expect(contentText(first.messages?.[0]?.content)).not.toContain("UPS-CTX");

    expect(s.dumps.map((d) => d.event)).toEqual(["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"]);
    const ups = s.dumps[1]!;
    expect(ups.stdin).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "please do the thing", permission_mode: "default" });
    const stop = s.dumps[2]!;
    expect(stop.stdin).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false, last_assistant_message: "final words" });
    const end = s.dumps[3]!;
    expect(end.stdin).toMatchObject({ hook_event_name: "SessionEnd", reason: "other" });
    // same session everywhere
    expect(new Set(s.dumps.map((d) => d.stdin.session_id)).size).toBe(1);
  });

  it("(4b) UserPromptSubmit decision:block: no API request at all, the result text carries the reason", { timeout: T }, async () => {
    const s = await scenario({
      plugin: { name: "upsblock", hookEvents: { UserPromptSubmit: null }, responses: { UserPromptSubmit: { stdout: { decision: "block", reason: "UPS-JSON-BLOCK" } } } },
      script: [{ text: "never" }],
      prompt: "hello",
    });
    expect(s.res.exitCode).toBe(0);
    expect(s.requests).toHaveLength(0);
    expect(resultJson(s.res).result).toBe("UserPromptSubmit operation blocked by hook:\nUPS-JSON-BLOCK\n\nOriginal prompt: hello");
  });

  it("(5) /<plugin>:<command> args expands $ARGUMENTS into the first user message", { timeout: T }, async () => {
    const s = await scenario({
      plugin: {
        name: "cmdplug",
        hookEvents: { UserPromptSubmit: null },
        commands: { foo: "---\ndescription: Foo the bar\nargument-hint: <what>\n---\nFOO-BODY args=[$ARGUMENTS] end.\n" },
      },
      script: [{ text: "ok" }],
      prompt: "/cmdplug:foo some args here",
    });
    expect(s.res.exitCode).toBe(0);
    const first = s.main[0]!;
    const blocks = first.messages?.[0]?.content;
    expect(Array.isArray(blocks)).toBe(true);
    const texts = (blocks as Array<{ text?: string }>).map((b) => b.text ?? "");
    expect(texts).toContain("<command-message>cmdplug:foo</command-message>\n<command-name>/cmdplug:foo</command-name>\n<command-args>some args here</command-args>\n");
    expect(texts).toContain("FOO-BODY args=[some args here] end.\n");
    expect(locate(first, "- cmdplug:foo: Foo the bar")).toEqual(["messages[1]:system"]);
    expect(s.dumps[0]?.stdin.prompt).toBe("/cmdplug:foo some args here");
  });

  it("(5b) unknown bare /foo is not expanded: the client adds a system-reminder instead", { timeout: T }, async () => {
    const s = await scenario({
      plugin: { name: "cmdplug2", commands: { foo: "---\ndescription: Foo\n---\nFOO2-BODY $ARGUMENTS\n" } },
      script: [{ text: "ok" }],
      prompt: "/foo bare",
    });
    const first = s.main[0]!;
    expect(locate(first, "FOO2-BODY")).toEqual([]);
    expect(contentText(first.messages?.[0]?.content)).toContain("no command with that name is available in this session");
  });

  it("(6) Bash tool calls: run in cwd with --allowedTools, denied by default in -p, allowed by a command's allowed-tools", { timeout: T }, async () => {
    const bash = { name: "Bash", input: { command: "pwd > where.txt && echo BASH-OUT-$((6*7))", description: "probe" } };
    // (a) --allowedTools Bash
    const a = await scenario({ script: [{ toolCalls: [bash] }, { text: "done" }], prompt: "run it", args: ["--allowedTools", "Bash"] });
    expect(a.res.exitCode).toBe(0);
    expect((await readFile(path.join(a.cwd, "where.txt"), "utf8")).trim()).toBe(a.cwd);
    const ta = lastToolResults(a.main[1]!)[0]!;
    expect(ta).toMatchObject({ is_error: false, content: "BASH-OUT-42" });

    // (b) default permission mode, no rule: a command that writes a file is refused
    const b = await scenario({ script: [{ toolCalls: [bash] }, { text: "done" }], prompt: "run it" });
    expect(existsSync(path.join(b.cwd, "where.txt"))).toBe(false);
    const tb = lastToolResults(b.main[1]!)[0]!;
    expect(tb.is_error).toBe(true);
    expect(contentText(tb.content)).toContain("needs approval");
    expect((resultJson(b.res).permission_denials as unknown[]).length).toBe(1);

    // (c) a command whose frontmatter has allowed-tools: Bash(touch:*) lets that call through
    const c = await scenario({
      plugin: { name: "atplug", commands: { mk: "---\ndescription: make a file\nallowed-tools: Bash(touch:*)\n---\nMake $ARGUMENTS\n" } },
      script: [{ toolCalls: [{ name: "Bash", input: { command: "touch made.txt", description: "touch" } }] }, { text: "done" }],
      prompt: "/atplug:mk made.txt",
    });
    expect(existsSync(path.join(c.cwd, "made.txt"))).toBe(true);
    expect(resultJson(c.res).permission_denials).toEqual([]);

    // (d) --permission-mode acceptEdits also lets the write-redirecting Bash command run in cwd
    const d = await scenario({ script: [{ toolCalls: [bash] }, { text: "done" }], prompt: "run it", args: ["--permission-mode", "acceptEdits"] });
    expect(existsSync(path.join(d.cwd, "where.txt"))).toBe(true);
  });

  it("(6b) bypassPermissions as root needs IS_SANDBOX=1", { timeout: T }, async () => {
    const bash = { name: "Bash", input: { command: "echo BYPASS > bypass.txt", description: "probe" } };
    const refused = await scenario({ script: [{ toolCalls: [bash] }, { text: "done" }], prompt: "run", args: ["--permission-mode", "bypassPermissions"] });
    if (process.getuid?.() === 0) {
      expect(refused.res.exitCode).toBe(1);
      expect(refused.res.stderr).toContain("cannot be used with root/sudo privileges");
      expect(refused.requests).toHaveLength(0);
    }
    const ok = await scenario({ script: [{ toolCalls: [bash] }, { text: "done" }], prompt: "run", args: ["--permission-mode", "bypassPermissions"], env: { IS_SANDBOX: "1" } });
    expect(ok.res.exitCode).toBe(0);
    expect(existsSync(path.join(ok.cwd, "bypass.txt"))).toBe(true);
  });

  it("subagent (Agent tool, plugin agent): own request with the agent body as system prompt and only its tools", { timeout: T }, async () => {
    const fakeDir = path.join(work, `sub-${++counter}`);
    const pluginDir = await writeThrowawayPlugin(path.join(fakeDir, "plugin"), {
      name: "subplug",
      hookEvents: { SubagentStart: null, SubagentStop: null },
      agents: { helper: "---\nname: helper\ndescription: Helper agent\ntools: Read\n---\nHELPER-SYSTEM-PROMPT body.\n" },
    });
    const cwd = path.join(fakeDir, "cwd");
    await mkdir(cwd, { recursive: true });
    const fake = await startFakeAnthropic({
      script: [{ toolCalls: [{ name: "Agent", input: { description: "help", prompt: "SUBTASK-PROMPT", subagent_type: "subplug:helper", run_in_background: false } }] }, { text: "done" }],
      subagentScript: [{ text: "SUBAGENT-RESULT" }],
    });
    try {
      const res = await runClaude({ prompt: "delegate", cwd, pluginDir, baseUrl: fake.url, env: { HOOK_DUMP_DIR: path.join(fakeDir, "dumps") } });
      expect(res.exitCode).toBe(0);
      expect(fake.requests.map((r) => r.kind)).toEqual(["main", "subagent", "main"]);
      const sub = fake.bodies("subagent")[0]!;
      expect(sub.tools?.map((t) => t.name)).toEqual(["Read"]);
      expect(locate(sub, "HELPER-SYSTEM-PROMPT")).toEqual(["system"]);
      expect(locate(sub, "SUBTASK-PROMPT")).toEqual(["messages[0]:user"]);
      const back = lastToolResults(fake.mainBodies()[1]!)[0]!;
      expect(contentText(back.content)).toContain("\n  SUBAGENT-RESULT\n"); // indented inside a "[Subagent hand-back]" frame
      const dumps = await readHookDumps(path.join(fakeDir, "dumps"));
      expect(dumps.map((d) => d.event)).toEqual(["SubagentStart", "SubagentStop"]);
      expect(dumps[0]?.stdin).toMatchObject({ hook_event_name: "SubagentStart", agent_type: "subplug:helper" });
      expect(dumps[1]?.stdin).toMatchObject({ hook_event_name: "SubagentStop", agent_type: "subplug:helper", last_assistant_message: "SUBAGENT-RESULT" });
    } finally {
      await fake.close();
    }
  });

  it("stream-json --verbose: hook events and an init event listing the plugin", { timeout: T }, async () => {
    const s = await scenario({
      plugin: { name: "streamplug", hookEvents: { SessionStart: null }, responses: { SessionStart: ctx("SessionStart", "S") }, commands: { foo: "---\ndescription: d\n---\nx\n" } },
      script: [{ text: "streamed" }],
      prompt: "hi",
      outputFormat: "stream-json",
    });
    const events = (s.res.events ?? []) as Array<Record<string, unknown>>;
    const kinds = events.map((e) => `${String(e.type)}${e.subtype ? `/${String(e.subtype)}` : ""}`);
    expect(kinds).toEqual(["system/hook_started", "system/hook_response", "system/init", "assistant", "result/success"]);
    const init = events[2]!;
    expect(init.plugins).toContainEqual({ name: "streamplug", path: s.pluginDir, source: "streamplug@inline", version: "0.0.1" });
    expect(init.slash_commands).toContain("streamplug:foo");
    expect(events[4]?.result).toBe("streamed");
  });

  it("(7) measurePluginOverhead: command/agent descriptions and SessionStart context, exact", { timeout: T }, async () => {
    const dir = path.join(work, "overhead-plugin");
    const cmdDesc = "Delegate a coding task to the local model";
    const agentDesc = "Reviews diffs produced by the local model";
    await writeThrowawayPlugin(dir, {
      name: "ovp",
      hookEvents: { SessionStart: null, PreToolUse: "Write|Edit" },
      responses: { SessionStart: ctx("SessionStart", "POLICY-MARKER") },
      commands: {
        foo: `---\ndescription: ${cmdDesc}\nargument-hint: <task>\n---\nDo $ARGUMENTS\n`,
        hidden: "---\ndescription: Not listed\ndisable-model-invocation: true\n---\nHidden $ARGUMENTS\n",
        nodesc: "A command without frontmatter\n",
      },
      agents: { helper: `---\nname: helper\ndescription: ${agentDesc}\ntools: Read, Grep\n---\nYou review.\n` },
    });
    const m = await measurePluginOverhead(dir);
    const expected = [
      `- ovp:foo: ${cmdDesc}\n`, // skills listing line (argument-hint not shown)
      `- ovp:helper: ${agentDesc} (Tools: Read, Grep)\n`, // agent types line
      "SessionStart hook additional context: POLICY-MARKER\n\n", // prepended to the role:system message
    ];
    expect(m.removedLines).toEqual([]);
    expect(m.byPart).toEqual({ system: 0, messages: m.chars, tools: 0 });
    expect(m.chars).toBe(expected.join("").length);
    expect(m.addedLines.filter((l) => l !== "").sort()).toEqual(expected.map((e) => e.trim()).sort());
  });

  it("(8a) claude plugin validate --strict: minimal plugin passes, broken ones fail", { timeout: T }, async () => {
    const good = await writeThrowawayPlugin(path.join(work, "valid-plugin"), { name: "valid", commands: { hi: "---\ndescription: Say hi\n---\nHi $ARGUMENTS\n" } });
    const v1 = await validatePlugin(good, { strict: true });
    expect(v1.ok).toBe(true);
    expect(v1.json).toMatchObject({ success: true, strict: true, manifest: { errors: [], warnings: [] }, provides: { commands: ["valid:hi"] } });

    const badJson = path.join(work, "broken-json");
    await mkdir(path.join(badJson, ".claude-plugin"), { recursive: true });
    await writeFile(path.join(badJson, ".claude-plugin", "plugin.json"), '{"name": "broken",');
    const v2 = await validatePlugin(badJson, { strict: true });
    expect(v2.ok).toBe(false);
    expect(v2.exitCode).toBe(1);

    // no author + unknown field: a warning, so it passes without --strict and fails with it
    const warn = await writeThrowawayPlugin(path.join(work, "warn-plugin"), { name: "warn", manifest: { author: undefined, bogus: true } });
    expect((await validatePlugin(warn, { strict: false })).ok).toBe(true);
    const v3 = await validatePlugin(warn, { strict: true });
    expect(v3.ok).toBe(false);
    const warnings = (v3.json as { manifest: { warnings: Array<{ path: string }> } }).manifest.warnings.map((w) => w.path).sort();
    expect(warnings).toEqual(["author", "bogus"]);

    // the "plugin directory" profile also wants README + LICENSE
    expect((await validatePlugin(good, { strict: false, profile: "directory" })).ok).toBe(false);
  });

  it("(8b) marketplace add + install offline; where CLAUDE_PLUGIN_ROOT points", { timeout: T }, async () => {
    // A marketplace that is a local git repo with the plugin inside it (relative source).
    const mkt = path.join(work, "mkt");
    await writeThrowawayPlugin(path.join(mkt, "plugins", "mplug"), {
      name: "mplug",
      hookEvents: { SessionStart: null },
      responses: { SessionStart: ctx("SessionStart", "INSTALLED-MARKER") },
    });
    // A second plugin in its own git repo, referenced by a file:// url source.
    const repo = path.join(work, "urlplug-repo");
    await writeThrowawayPlugin(repo, { name: "urlplug", hookEvents: { SessionStart: null } });
    await mkdir(path.join(mkt, ".claude-plugin"), { recursive: true });
    await writeFile(
      path.join(mkt, ".claude-plugin", "marketplace.json"),
      JSON.stringify({
        name: "ld-test-mkt",
        description: "Harness marketplace",
        owner: { name: "Harness" },
        plugins: [
          { name: "mplug", source: "./plugins/mplug", description: "Directory-source plugin" },
          { name: "urlplug", source: { source: "url", url: `file://${repo}` }, description: "Git-url plugin" },
        ],
      }),
    );
    const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=h", "-c", "user.email=h@example.invalid", ...args], { cwd, stdio: "ignore" });
    for (const d of [mkt, repo]) {
      git(d, "init", "-q");
      git(d, "add", "-A");
      git(d, "commit", "-qm", "init");
    }
    const mv = await validatePlugin(mkt, { strict: true });
    expect(mv.ok).toBe(true);

    const home = await makeClaudeHome();
    try {
      const r1 = await installFromMarketplace({ home, marketplaceSource: mkt, marketplace: "ld-test-mkt", plugin: "mplug" });
      expect(r1.add.json).toMatchObject({ outcome: "ok", marketplace: "ld-test-mkt" });
      expect(r1.install.json).toMatchObject({ outcome: "ok", pluginId: "mplug@ld-test-mkt", scope: "user" });
      expect(r1.installed).toMatchObject({
        id: "mplug@ld-test-mkt",
        enabled: true,
        installPath: path.join(home.configDir, "plugins", "cache", "ld-test-mkt", "mplug", "0.0.1"),
        readFromFolder: path.join(mkt, "plugins", "mplug"),
      });
      expect(existsSync(path.join(r1.installed!.installPath!, ".claude-plugin", "plugin.json"))).toBe(true);
      const settings = JSON.parse(await readFile(path.join(home.configDir, "settings.json"), "utf8")) as Record<string, unknown>;
      expect(settings).toMatchObject({ enabledPlugins: { "mplug@ld-test-mkt": true }, extraKnownMarketplaces: { "ld-test-mkt": { source: { source: "directory", path: mkt } } } });

      const i2 = await runClaudeCommand(["plugin", "install", "urlplug@ld-test-mkt", "--json"], { home });
      expect(i2.json).toMatchObject({ outcome: "ok" });

      // Both load in a later session without --plugin-dir.
      const cwd = path.join(work, "installed-cwd");
      const dumpDir = path.join(work, "installed-dumps");
      await mkdir(cwd, { recursive: true });
      const fake = await startFakeAnthropic({ script: [{ text: "ok" }] });
      try {
        const res = await runClaude({ prompt: "hi", cwd, home, baseUrl: fake.url, env: { HOOK_DUMP_DIR: dumpDir } });
        expect(res.exitCode).toBe(0);
        expect(locate(fake.mainBodies()[0]!, "INSTALLED-MARKER")).toEqual(["messages[1]:system"]);
      } finally {
        await fake.close();
      }
      const dumps = await readHookDumps(dumpDir);
      const roots = dumps.map((d) => d.env.CLAUDE_PLUGIN_ROOT).sort();
      // directory-source plugin: ROOT is the live source folder, not the cache copy;
      // url (git) source plugin: ROOT is the cache dir.
      expect(roots).toEqual(
        [path.join(mkt, "plugins", "mplug"), path.join(home.configDir, "plugins", "cache", "ld-test-mkt", "urlplug", "0.0.1")].sort(),
      );
      const datas = dumps.map((d) => d.env.CLAUDE_PLUGIN_DATA).sort();
      expect(datas).toEqual([path.join(home.configDir, "plugins", "data", "mplug-ld-test-mkt"), path.join(home.configDir, "plugins", "data", "urlplug-ld-test-mkt")]);
      // nothing tried to phone home
      expect(existsSync(path.join(home.configDir, "telemetry"))).toBe(false);
    } finally {
      await home.dispose();
    }
  });
});
