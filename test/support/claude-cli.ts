/**
 * Run the real Claude Code client (node_modules/.bin/claude, a native binary)
 * fully offline: temporary HOME/CLAUDE_CONFIG_DIR/TMPDIR, a whitelisted
 * environment (nothing of the caller's CLAUDE_* / ANTHROPIC_* leaks in), all
 * non-essential traffic and telemetry off, a hard timeout that kills the whole
 * process group. Point it at a fake Messages API with `baseUrl` (see
 * fake-anthropic.ts).
 *
 * Facts this module relies on (see docs/dev/claude-client-notes.md):
 * - `claude -p` never shows onboarding or the trust dialog; nothing to pre-seed.
 * - As root, `--permission-mode bypassPermissions` / `--dangerously-skip-permissions`
 *   are refused unless IS_SANDBOX=1 is set (runClaude sets nothing; pass it in `env`).
 * - The client honours TMPDIR (it writes `claude-<uid>/` and `cc-socks/` there).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  startFakeAnthropic,
  systemText,
  contentText,
  type FakeAnthropic,
  type MessagesBody,
} from "./fake-anthropic.js";
import { processTag, signalChild } from "./processes.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "..", "..");

/** Absolute path of the Claude Code binary installed as a devDependency (LD_CLAUDE_BIN overrides). */
export function claudeBin(): string {
  const candidates = [
    ...(process.env.LD_CLAUDE_BIN ? [process.env.LD_CLAUDE_BIN] : []),
    ...[REPO_ROOT, process.cwd()].flatMap((root) => [
      path.join(root, "node_modules", ".bin", "claude"),
      path.join(root, "node_modules", "@anthropic-ai", "claude-code", "bin", "claude.exe"),
    ]),
  ];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`claude binary not found (looked in ${candidates.join(", ")}); run npm ci`);
}

export interface ClaudeHome {
  /** Used as HOME. */
  home: string;
  /** $HOME/.claude, used as CLAUDE_CONFIG_DIR. */
  configDir: string;
  /** $HOME/tmp, used as TMPDIR. */
  tmpDir: string;
  dispose(): Promise<void>;
}

/** A fresh temporary HOME (with .claude and tmp inside). Names have a fixed length, so prompts that embed the path measure the same. */
export async function makeClaudeHome(): Promise<ClaudeHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), "ld-claude-home-"));
  const configDir = path.join(home, ".claude");
  const tmpDir = path.join(home, "tmp");
  await mkdir(configDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  return { home, configDir, tmpDir, dispose: () => rm(home, { recursive: true, force: true }) };
}

/** The environment every client process gets (before `extra`). */
export function offlineEnv(h: ClaudeHome, extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: h.home,
    CLAUDE_CONFIG_DIR: h.configDir,
    TMPDIR: h.tmpDir,
    LANG: process.env.LANG ?? "C.UTF-8",
    TERM: "dumb",
    NO_COLOR: "1",
    // A dummy key: the fake server accepts anything. Overridden by extra.
    ANTHROPIC_API_KEY: "sk-ant-fake-0000",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_BUG_COMMAND: "1",
    // A 5xx/529/connection error is retried with backoff for minutes; fail on the first one instead.
    // (A 400 is still re-sent up to 6 times with fewer betas/tools: that is not a "retry".)
    CLAUDE_CODE_MAX_RETRIES: "0",
    // If nothing else sets ANTHROPIC_BASE_URL, point at a closed loopback port rather than the internet.
    ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
  };
  return { ...base, ...extra };
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Spawn the client with args in its own process group; kill the group on timeout. Output capped at
 * 16 MiB per stream. Once the client has exited (and been reaped) its group id is no longer known
 * to be ours: what it left behind is found by a tag in the environment instead.
 */
export function execClaude(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs: number; stdin?: string }): Promise<ExecResult> {
  const started = Date.now();
  const cap = 16 * 1024 * 1024;
  const tag = processTag();
  return new Promise((resolve, reject) => {
    const child = spawn(claudeBin(), args, {
      cwd: opts.cwd,
      env: { ...opts.env, ...tag.env },
      stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: true, // own process group, so the timeout kills hooks and tools too
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      if (stdout.length < cap) stdout += d;
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < cap) stderr += d;
    });
    if (opts.stdin !== undefined && child.stdin) child.stdin.end(opts.stdin);
    // Only while the client is unreaped: until then its pid, and the group it leads, are ours.
    const killGroup = (sig: NodeJS.Signals) => void signalChild(child, sig, { group: true });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 2000).unref();
    }, opts.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Reap anything the client left behind (background hooks, shells), wherever its group went.
      tag.killAll();
      resolve({ exitCode: code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
    });
  });
}

export interface RunClaudeOptions {
  prompt: string;
  /** One or more plugin directories, each passed as --plugin-dir. */
  pluginDir?: string | string[];
  cwd: string;
  /** Extra environment (wins over the defaults). Set ANTHROPIC_BASE_URL here or via baseUrl. */
  env?: Record<string, string>;
  /** Extra CLI args, appended after the defaults. */
  args?: string[];
  /** Hard limit for the process; default 60 s. */
  timeoutMs?: number;
  /** Fake server URL, shorthand for env.ANTHROPIC_BASE_URL. */
  baseUrl?: string;
  /** Default "json". "stream-json" adds --verbose (required by the client). */
  outputFormat?: "json" | "stream-json" | "text";
  /** Use this HOME instead of a fresh temporary one (it is then not deleted). */
  home?: ClaudeHome;
  /** Keep the temporary HOME after the run (result.home; caller disposes). */
  keepHome?: boolean;
}

export interface RunClaudeResult extends ExecResult {
  /** Parsed stdout for --output-format json (the final `result` object). */
  json?: unknown;
  /** Parsed lines for --output-format stream-json. */
  events?: unknown[];
  /** The HOME used, when kept (opts.home or keepHome). */
  home?: ClaudeHome;
}

/** `claude -p <prompt> --output-format json [--plugin-dir ...] [...args]` offline. */
export async function runClaude(opts: RunClaudeOptions): Promise<RunClaudeResult> {
  const home = opts.home ?? (await makeClaudeHome());
  const format = opts.outputFormat ?? "json";
  const args = ["-p", opts.prompt, "--output-format", format];
  if (format === "stream-json") args.push("--verbose");
  const dirs = opts.pluginDir === undefined ? [] : Array.isArray(opts.pluginDir) ? opts.pluginDir : [opts.pluginDir];
  for (const d of dirs) args.push("--plugin-dir", d);
  args.push(...(opts.args ?? []));
  const env = offlineEnv(home, { ...(opts.baseUrl ? { ANTHROPIC_BASE_URL: opts.baseUrl } : {}), ...(opts.env ?? {}) });
  try {
    const res = await execClaude(args, { cwd: opts.cwd, env, timeoutMs: opts.timeoutMs ?? 60_000 });
    const out: RunClaudeResult = { ...res };
    if (format === "json") {
      const parsed = tryParse(res.stdout.trim());
      if (parsed !== undefined) out.json = parsed;
    } else if (format === "stream-json") {
      out.events = res.stdout
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => tryParse(l))
        .filter((e) => e !== undefined);
    }
    if (opts.home || opts.keepHome) out.home = home;
    return out;
  } finally {
    if (!opts.home && !opts.keepHome) await home.dispose();
  }
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// `claude plugin ...` helpers

export interface PluginCommandResult extends ExecResult {
  json?: unknown;
}

/** Run `claude <args...>` (e.g. `plugin list --json`) offline in a given HOME. */
export async function runClaudeCommand(args: string[], opts: { home: ClaudeHome; cwd?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<PluginCommandResult> {
  const res = await execClaude(args, { cwd: opts.cwd ?? opts.home.home, env: offlineEnv(opts.home, opts.env), timeoutMs: opts.timeoutMs ?? 60_000 });
  const out: PluginCommandResult = { ...res };
  if (args.includes("--json")) {
    // Some commands print human text before the JSON line; take the last parseable line, or the whole output.
    const whole = tryParse(res.stdout.trim());
    if (whole !== undefined) out.json = whole;
    else {
      const lines = res.stdout.trim().split("\n").reverse();
      for (const l of lines) {
        const j = tryParse(l);
        if (j !== undefined) {
          out.json = j;
          break;
        }
      }
    }
  }
  return out;
}

export interface ValidateResult extends PluginCommandResult {
  ok: boolean;
}

/**
 * `claude plugin validate <dir> [--strict] [--profile directory] --json`.
 * --strict fails on warnings (e.g. missing `author`, unknown fields); the
 * README/LICENSE/icon "plugin directory" checks only fail with profile "directory".
 */
export async function validatePlugin(dir: string, opts: { strict?: boolean; profile?: "directory"; home?: ClaudeHome; timeoutMs?: number } = {}): Promise<ValidateResult> {
  const home = opts.home ?? (await makeClaudeHome());
  try {
    const args = ["plugin", "validate", dir, "--json"];
    if (opts.strict ?? true) args.push("--strict");
    if (opts.profile) args.push("--profile", opts.profile);
    const res = await runClaudeCommand(args, { home, timeoutMs: opts.timeoutMs ?? 30_000 });
    return { ...res, ok: res.exitCode === 0 };
  } finally {
    if (!opts.home) await home.dispose();
  }
}

export interface InstalledPlugin {
  id: string;
  version?: string;
  scope?: string;
  enabled?: boolean;
  installPath?: string;
  /** Set for directory-source marketplaces: the live folder the plugin is read from. */
  readFromFolder?: string;
  [k: string]: unknown;
}

export interface InstallResult {
  add: PluginCommandResult;
  install: PluginCommandResult;
  list: PluginCommandResult;
  /** The entry of `claude plugin list --json` for `<plugin>@<marketplace>`. */
  installed?: InstalledPlugin;
}

/**
 * `claude plugin marketplace add <source>` then `claude plugin install <plugin>@<marketplace>`
 * (user scope) in the given HOME, then `claude plugin list --json`. Offline-safe for a local
 * directory marketplace (optionally a git work tree) and for `{"source":"url","url":"file://..."}` plugin sources.
 */
export async function installFromMarketplace(opts: { home: ClaudeHome; marketplaceSource: string; marketplace: string; plugin: string; timeoutMs?: number }): Promise<InstallResult> {
  const t = opts.timeoutMs ?? 60_000;
  const add = await runClaudeCommand(["plugin", "marketplace", "add", opts.marketplaceSource, "--json"], { home: opts.home, timeoutMs: t });
  const install = await runClaudeCommand(["plugin", "install", `${opts.plugin}@${opts.marketplace}`, "--json"], { home: opts.home, timeoutMs: t });
  const list = await runClaudeCommand(["plugin", "list", "--json"], { home: opts.home, timeoutMs: t });
  const result: InstallResult = { add, install, list };
  if (Array.isArray(list.json)) {
    const entry = (list.json as InstalledPlugin[]).find((p) => p.id === `${opts.plugin}@${opts.marketplace}`);
    if (entry) result.installed = entry;
  }
  return result;
}

// ---------------------------------------------------------------------------
// Context overhead of a plugin

/** The model-visible text of a request: system prompt, every message (all roles), tool definitions. */
export function requestParts(body: MessagesBody): { system: string; messages: string; tools: string } {
  return {
    system: systemText(body),
    messages: (body.messages ?? []).map((m) => `[${m.role}]\n${contentText(m.content)}`).join("\n"),
    tools: JSON.stringify(body.tools ?? []),
  };
}

export interface PluginOverhead {
  /** Characters the plugin adds to the first request (system + messages + tools). */
  chars: number;
  byPart: { system: number; messages: number; tools: number };
  baselineChars: number;
  withPluginChars: number;
  /** Lines present with the plugin and not without (multiset line diff), for reports. */
  addedLines: string[];
  /** Lines present without the plugin and not with it (should be empty). */
  removedLines: string[];
}

function lineDiff(a: string, b: string): { added: string[]; removed: string[] } {
  const count = new Map<string, number>();
  for (const l of a.split("\n")) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of b.split("\n")) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added.push(l);
  }
  const removed: string[] = [];
  for (const [l, n] of count) for (let i = 0; i < n; i++) removed.push(l);
  return { added, removed };
}

/**
 * Run the same prompt twice against a fake server — once without and once with
 * `--plugin-dir pluginDir` — in the same cwd, with fresh HOMEs of identical path
 * length, and diff the first /v1/messages request. Includes what the plugin's
 * command/skill and agent descriptions add to the listings and what its
 * SessionStart / UserPromptSubmit hooks inject (they run for real).
 */
export async function measurePluginOverhead(pluginDir: string, opts: { prompt?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<PluginOverhead> {
  const prompt = opts.prompt ?? "Reply with OK.";
  const fake: FakeAnthropic = await startFakeAnthropic({ script: () => ({ text: "OK" }) });
  const cwd = await mkdtemp(path.join(os.tmpdir(), "ld-overhead-cwd-"));
  try {
    const first = async (withPlugin: boolean) => {
      fake.reset();
      const home = await makeClaudeHome();
      try {
        const res = await runClaude({
          prompt,
          cwd,
          home,
          baseUrl: fake.url,
          timeoutMs: opts.timeoutMs ?? 60_000,
          ...(opts.env ? { env: opts.env } : {}),
          ...(withPlugin ? { pluginDir } : {}),
        });
        const body = fake.mainBodies()[0];
        if (!body) throw new Error(`no /v1/messages request (exit ${res.exitCode}): ${res.stderr.slice(0, 2000)}`);
        // The temp HOME shows up in the prompt (memory dir); neutralise it so the two runs compare line by line.
        const parts = requestParts(body);
        const norm = (s: string) => s.split(home.home).join("<HOME>");
        return { system: norm(parts.system), messages: norm(parts.messages), tools: norm(parts.tools) };
      } finally {
        await home.dispose();
      }
    };
    const base = await first(false);
    const withP = await first(true);
    const len = (p: { system: string; messages: string; tools: string }) => p.system.length + p.messages.length + p.tools.length;
    const byPart = {
      system: withP.system.length - base.system.length,
      messages: withP.messages.length - base.messages.length,
      tools: withP.tools.length - base.tools.length,
    };
    const diffs = (["system", "messages", "tools"] as const).map((k) => lineDiff(base[k], withP[k]));
    return {
      chars: len(withP) - len(base),
      byPart,
      baselineChars: len(base),
      withPluginChars: len(withP),
      addedLines: diffs.flatMap((d) => d.added),
      removedLines: diffs.flatMap((d) => d.removed),
    };
  } finally {
    await fake.close();
    await rm(cwd, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Throwaway plugins for harness tests

export interface HookResponse {
  /** Printed to stdout (objects as JSON). */
  stdout?: string | Record<string, unknown>;
  stderr?: string;
  exitCode?: number;
}

export interface ThrowawayPluginSpec {
  name: string;
  /** Extra plugin.json fields (name/version/description/author default sensibly). */
  manifest?: Record<string, unknown>;
  /** Events to register the dump hook for; value = matcher (or null for none). */
  hookEvents?: Record<string, string | null>;
  /** What the dump hook answers per event name. */
  responses?: Record<string, HookResponse>;
  /** commands/<name>.md contents. */
  commands?: Record<string, string>;
  /** agents/<name>.md contents. */
  agents?: Record<string, string>;
  /** Any other files, relative to the plugin root. */
  files?: Record<string, string>;
}

/**
 * The hook script every throwaway plugin ships as hooks/dump.mjs: it appends
 * {event, t, cwd, stdin, env} to $HOOK_DUMP_DIR/<t>-<pid>-<event>.json (env
 * filtered to CLAUDE*, ANTHROPIC*, HOOK*, PWD, HOME, TMPDIR) and answers from
 * $CLAUDE_PLUGIN_ROOT/hook-responses.json.
 */
export const DUMP_HOOK_SOURCE = `import fs from "node:fs";
import path from "node:path";
const event = process.argv[2] ?? "unknown";
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  const t = process.hrtime.bigint().toString();
  const dir = process.env.HOOK_DUMP_DIR;
  let stdin;
  try { stdin = JSON.parse(input); } catch { stdin = input; }
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(CLAUDE|ANTHROPIC|HOOK_|PWD$|HOME$|TMPDIR$)/.test(k)));
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, Date.now() + "-" + t + "-" + process.pid + "-" + event + ".json"), JSON.stringify({ event, t, cwd: process.cwd(), argv: process.argv.slice(2), stdin, env }, null, 1));
  }
  let responses = {};
  try { responses = JSON.parse(fs.readFileSync(path.join(process.env.CLAUDE_PLUGIN_ROOT ?? ".", "hook-responses.json"), "utf8")); } catch {}
  const r = responses[event] ?? {};
  if (r.stdout !== undefined) process.stdout.write(typeof r.stdout === "string" ? r.stdout : JSON.stringify(r.stdout));
  if (r.stderr !== undefined) process.stderr.write(r.stderr);
  process.exitCode = r.exitCode ?? 0;
});
`;

/** Write a throwaway plugin under `root` (created). Returns root. */
export async function writeThrowawayPlugin(root: string, spec: ThrowawayPluginSpec): Promise<string> {
  const { writeFile } = await import("node:fs/promises");
  const put = async (rel: string, text: string) => {
    const p = path.join(root, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, text);
  };
  await put(
    ".claude-plugin/plugin.json",
    JSON.stringify({ name: spec.name, version: "0.0.1", description: `Throwaway ${spec.name} plugin`, author: { name: "Harness" }, ...(spec.manifest ?? {}) }, null, 2),
  );
  if (spec.hookEvents && Object.keys(spec.hookEvents).length > 0) {
    const hooks: Record<string, unknown[]> = {};
    for (const [event, matcher] of Object.entries(spec.hookEvents)) {
      const entry: Record<string, unknown> = { hooks: [{ type: "command", command: `node "\${CLAUDE_PLUGIN_ROOT}/hooks/dump.mjs" ${event}`, timeout: 30 }] };
      if (matcher !== null) entry.matcher = matcher;
      hooks[event] = [entry];
    }
    await put("hooks/hooks.json", JSON.stringify({ hooks }, null, 2));
    await put("hooks/dump.mjs", DUMP_HOOK_SOURCE);
    await put("hook-responses.json", JSON.stringify(spec.responses ?? {}, null, 2));
  }
  for (const [n, text] of Object.entries(spec.commands ?? {})) await put(`commands/${n}.md`, text);
  for (const [n, text] of Object.entries(spec.agents ?? {})) await put(`agents/${n}.md`, text);
  for (const [rel, text] of Object.entries(spec.files ?? {})) await put(rel, text);
  return root;
}

export interface HookDump {
  event: string;
  cwd: string;
  argv: string[];
  stdin: Record<string, unknown>;
  env: Record<string, string>;
}

/** Read the dumps the throwaway hooks wrote, in the order they ran. */
export async function readHookDumps(dir: string): Promise<HookDump[]> {
  const { readdir, readFile } = await import("node:fs/promises");
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
  const dumps = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8")) as HookDump & { t: string }));
  dumps.sort((a, b) => (BigInt(a.t) < BigInt(b.t) ? -1 : BigInt(a.t) > BigInt(b.t) ? 1 : 0));
  return dumps;
}
