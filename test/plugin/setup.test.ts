/**
 * Setting the plugin up the Claude Code way, in the real client (offline, as install.test.ts):
 * the plugin's options (`userConfig`) set through the client's own settings
 * (`claude plugin configure --values-stdin`, what `/plugin configure` writes) reach the hooks and
 * the commands Claude runs; and a model qualified in one project routes the same way in another,
 * through the user's record of the model.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execClaude, installFromMarketplace, makeClaudeHome, offlineEnv, runClaude, runClaudeCommand, type ClaudeHome, type ExecResult, type PluginCommandResult } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic, type Script } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { freshCopy } from "../support/fresh-copy.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";

const T = 240_000;
const MODEL = "qwen2.5-coder-7b-instruct";
const KEY = "sk-local-'quoted' $key";

let work: string;
let home: ClaudeHome;
let root: string;
let local: FakeOpenAIServer;
/** `claude plugin configure --json` right after the install, and the answer to setting the options. */
let shown: PluginCommandResult;
let set: ExecResult;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(path.join(os.tmpdir(), "ld-setup-")));
  const clone = path.join(work, "local-delegate");
  freshCopy(clone);
  local = await startFakeOpenAIServer({ flavor: "lmstudio" });
  home = await makeClaudeHome();
  const r = await installFromMarketplace({ home, marketplaceSource: clone, marketplace: "local-delegate", plugin: "local-delegate" });
  if (r.install.exitCode !== 0 || !r.installed) throw new Error(`install failed: ${r.install.stdout}${r.install.stderr}`);
  root = r.installed.readFromFolder ?? r.installed.installPath!;
  shown = await runClaudeCommand(["plugin", "configure", "local-delegate@local-delegate", "--json"], { home });
  // What `/plugin configure` does, without its dialog.
  set = await execClaude(["plugin", "configure", "local-delegate@local-delegate", "--values-stdin", "--json"], {
    cwd: home.home,
    env: offlineEnv(home),
    timeoutMs: 60_000,
    stdin: JSON.stringify({ base_url: local.baseUrl, api_key: KEY, hook_mode: "enforce" }),
  });
}, 120_000);
afterAll(async () => {
  await local?.close();
  await home?.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** A project folder and one `claude -p` session in it, with the installed plugin and no LOCAL_DELEGATE_* variable. */
async function session(name: string, prompt: string, script: (cwd: string) => Script) {
  const cwd = path.join(work, name);
  mkdirSync(path.join(cwd, ".git"), { recursive: true });
  const fake = await startFakeAnthropic({ script: script(cwd) });
  try {
    const res = await runClaude({ prompt, cwd, home, baseUrl: fake.url, timeoutMs: 180_000, args: ["--allowedTools", "Bash", "--permission-mode", "acceptEdits"] });
    return { res, main: fake.mainBodies(), cwd };
  } finally {
    await fake.close();
  }
}

const text = (b: unknown) => JSON.stringify((b as { messages?: unknown } | undefined)?.messages ?? []);
const cli = () => `node "${root}/dist/cli.js"`;
const hookLines = (cwd: string) => {
  const p = path.join(cwd, ".claude/local-delegate/ledger.jsonl");
  return existsSync(p) ? readFileSync(p, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === "hook") : [];
};

describe("the plugin's options, set in Claude Code", () => {
  it("are what `claude plugin configure` shows and asks for, and are kept where the client keeps them", () => {
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.json).toMatchObject({
      schema: { base_url: { title: "Model server URL" }, model: { title: "Model" }, api_key: { title: "API key", sensitive: true }, hook_mode: { title: "Hook mode" } },
      unconfigured: ["base_url", "model", "api_key", "hook_mode"],
    });
    expect(set.exitCode, set.stdout + set.stderr).toBe(0);
    // The client's own storage: the key in its secure storage, never in settings.json.
    const settings = readFileSync(path.join(home.configDir, "settings.json"), "utf8");
    expect(JSON.parse(settings).pluginConfigs["local-delegate@local-delegate"].options).toEqual({ base_url: local.baseUrl, hook_mode: "enforce" });
    expect(settings).not.toContain("sk-local");
  });

  it("reach the hooks and the commands Claude runs: server, key and hook mode", { timeout: T }, async () => {
    const s = await session("options", "/local-delegate:local-status", (cwd) => [
      { toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "src/clamp.ts"), content: DELEGABLE_UTIL } }] },
      { toolCalls: [{ name: "Bash", input: { command: `${cli()} doctor --json` } }] },
      { text: "done" },
    ]);
    expect(s.res.exitCode, s.res.stderr).toBe(0);
    const first = text(s.main[0]);
    // The hook: the server at the option's URL answered (LM Studio's default port would not have).
    expect(first).toContain(`local model ${MODEL} is up`);
    expect(first).toContain("It has no record yet: tell the user /local-delegate:local-status offers to qualify it.");
    // The command's `!` lines: the report reads the same config and offers the next step.
    expect(first).toContain(`model: ${MODEL} has no record yet: \`local-delegate qualify --background\` measures it as a background job`);
    // hook_mode enforce: the delegable Write was refused.
    expect(existsSync(path.join(s.cwd, "src/clamp.ts"))).toBe(false);
    expect(lastToolResults(s.main[1]!)[0]?.is_error).toBe(true);
    expect(hookLines(s.cwd)).toContainEqual(expect.objectContaining({ decision: "denied", mode: "enforce", file: "src/clamp.ts" }));
    // Claude's own Bash call: every option, and where it came from.
    const doctor = JSON.parse(contentText(lastToolResults(s.main[2]!)[0]?.content).trim());
    expect(doctor).toMatchObject({ ok: true, base_url: local.baseUrl, model: MODEL, next_step: expect.stringContaining("qualify --background") });
    expect(doctor.config_sources).toEqual({
      base_url: { layer: "plugin", name: "plugin option base_url", value: local.baseUrl },
      api_key: { layer: "plugin", name: "plugin option api_key", value: "(set)" },
      hook_mode: { layer: "plugin", name: "plugin option hook_mode", value: "enforce" },
    });
    // The key, quotes and all, went to the server from the hook's probe and from the command.
    const auth = local.requests.map((r) => r.headers.authorization);
    expect(auth).toContain(`Bearer ${KEY}`);
    expect(auth.every((a) => a === `Bearer ${KEY}`)).toBe(true);
    // The session's shell file that carries the options to the commands is the user's alone.
    const envFiles = readdirSync(path.join(home.configDir, "session-env"), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(envFiles.length).toBeGreaterThan(0);
    for (const f of envFiles) expect(statSync(path.join(f.parentPath, f.name)).mode & 0o777).toBe(0o600);
  });
});

describe("one record per model, per user", () => {
  it("a model qualified in one project routes the same way in a second project", { timeout: T }, async () => {
    // Every answer is unusable: the model fails every code task of the suite.
    local.setScript(() => ({ content: "I am sorry, I cannot write that file without more information." }));
    const a = await session("qualified", "Measure the local model.", () => [
      { toolCalls: [{ name: "Bash", input: { command: `${cli()} qualify --kinds code --json`, timeout: 170_000 } }] },
      { text: "measured" },
    ]);
    expect(a.res.exitCode, a.res.stderr).toBe(0);
    const report = JSON.parse(contentText(lastToolResults(a.main[1]!)[0]?.content).trim().split("\n").pop()!);
    expect(report).toMatchObject({ status: "done", model: MODEL, kinds: [expect.objectContaining({ kind: "code", first_pass: 0 })] });
    const judged = report.kinds[0].judged as number;
    expect(judged).toBeGreaterThanOrEqual(4);

    // Another project, never qualified: the same Write that enforce mode refused before is now
    // Claude's to write, because this model's record on code says so.
    const b = await session("second", "/local-delegate:local-status", (cwd) => [
      { toolCalls: [{ name: "Write", input: { file_path: path.join(cwd, "src/clamp.ts"), content: DELEGABLE_UTIL } }] },
      { text: "done" },
    ]);
    expect(b.res.exitCode, b.res.stderr).toBe(0);
    const first = text(b.main[0]);
    expect(first).toContain(`local model ${MODEL} is up`);
    expect(first).not.toContain("It has no record yet");
    expect(first).toContain(`model ${MODEL}: code 0/${judged} first-pass → claude (${judged} from your record, ${judged} by qualify)`);
    expect(readFileSync(path.join(b.cwd, "src/clamp.ts"), "utf8")).toBe(DELEGABLE_UTIL);
    expect(lastToolResults(b.main[1]!)[0]?.is_error ?? false).toBe(false);
    expect(hookLines(b.cwd)).toEqual([expect.objectContaining({ decision: "not-delegable", category: "utility", file: "src/clamp.ts" })]);
    // The record is in Claude Code's folder for the plugin, which survives its updates.
    const records = path.join(home.configDir, "plugins", "data", "local-delegate-local-delegate", "records");
    expect(readdirSync(records).filter((f) => f.endsWith(".jsonl"))).toHaveLength(1);
  });
});
