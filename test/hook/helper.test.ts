import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ledgerPath } from "../../src/ledger/append.js";
import { noteWarm } from "../../src/model/health-cache.js";
import { dataDir } from "../../src/project/root.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";
import { builtHook, distDir, pluginRoot, type HookEventName } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { deadBaseUrl, tempProject, type TempProject } from "../support/project.js";

// The built entries against the built resident helper (dist/hook-helper.cjs), started as Claude
// Code's hooks start it: every event answered as the hook's own process answers it, the helper
// started only for Claude Code's plugin hooks, and never waited for longer than the hook can.

let proj: TempProject;
let server: FakeOpenAIServer;
const stuck: Server[] = [];
const children: ChildProcess[] = [];
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "loaded", maxContextLength: 32768 }] });
  proj.write(".claude/local-delegate.yaml", "model: coder-7b\nhook_mode: nudge\n");
  // The model warmed a moment ago: no warm-up is spawned, by the helper or by a hook.
  noteWarm(state(), server.baseUrl, "coder-7b");
});
afterEach(async () => {
  for (const s of stuck.splice(0)) s.close();
  // Our own children, still unreaped: their pids are ours to signal.
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await stopHelpers();
  await server.close();
  proj.cleanup();
});

const state = () => join(proj.home, "state", "local-delegate");
const helperDir = () => join(state(), "hook-helper");
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: proj.home,
  XDG_STATE_HOME: join(proj.home, "state"),
  XDG_CONFIG_HOME: join(proj.home, "config"),
  LOCAL_DELEGATE_BASE_URL: server.baseUrl,
  CLAUDE_PROJECT_DIR: proj.root,
  ...extra,
});
/** What Claude Code sets for a plugin's hook, which is what starts a helper. */
const claude = (extra: Record<string, string> = {}) => env({ CLAUDE_PLUGIN_ROOT: pluginRoot(), ...extra });
const off = (extra: Record<string, string> = {}) => env({ LOCAL_DELEGATE_HOOK_HELPER: "0", ...extra });

const base = () => ({ session_id: "s1", transcript_path: join(proj.home, "t.jsonl"), cwd: proj.root });
const startup = () => JSON.stringify({ ...base(), hook_event_name: "SessionStart", source: "startup" });
const prompt = (text: string) => JSON.stringify({ ...base(), hook_event_name: "UserPromptSubmit", prompt: text });
const write = (file: string) => JSON.stringify({ ...base(), hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(proj.root, file), content: DELEGABLE_UTIL } });

interface HookRun {
  stdout: string;
  ms: number;
  /** Our own files the entry required (its work beside it, when no helper answered). */
  required: string[];
  builtins: string[];
}

/** Runs the built entry for `event`, as Claude Code does, and lists what it loaded. */
async function hook(event: HookEventName, input: string, e: Record<string, string>): Promise<HookRun> {
  const list = join(proj.home, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const preload = join(proj.home, "record-loads.cjs");
  writeFileSync(
    preload,
    `const M = require("module"); const seen = [];
const load = M._load; M._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify({ seen, builtins: process.moduleLoadList })));\n`,
  );
  const started = Date.now();
  const child = spawn(process.execPath, ["--require", preload, builtHook(event)], { cwd: proj.root, env: e, stdio: ["pipe", "pipe", "ignore"] });
  let stdout = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  expect(code).toBe(0);
  const { seen, builtins } = JSON.parse(readFileSync(list, "utf8")) as { seen: string[]; builtins: string[] };
  return { stdout, ms: Date.now() - started, required: seen.filter((m) => m.startsWith("./")), builtins };
}

/** The helper's socket once one listens (bounded wait), or null. */
async function socketAppears(ms = 15_000): Promise<string | null> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    const sock = existsSync(helperDir()) ? readdirSync(helperDir()).find((f) => f.endsWith(".sock")) : undefined;
    if (sock) return join(helperDir(), sock);
  }
  return null;
}

/** Helpers serving this test's home (helperPidsOf), asked to stop, waited for. */
async function stopHelpers(): Promise<void> {
  for (const pid of helperPidsOf()) process.kill(pid, "SIGTERM");
  for (const end = Date.now() + 10_000; helperPidsOf().length > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
  expect(helperPidsOf()).toEqual([]);
}

/** Waits, bounded, until `read` returns something. */
async function eventually<T>(read: () => T | null | Promise<T | null>): Promise<T> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    const v = await read();
    if (v !== null) return v;
  }
  throw new Error("gave up waiting");
}

const ledgerLines = (): string[] => (existsSync(ledgerPath(dataDir(proj.root))) ? readFileSync(ledgerPath(dataDir(proj.root)), "utf8").trim().split("\n") : []);

/** Starts this home's helper the way Claude Code's first hook does, and waits for it. */
async function helperUp(): Promise<string> {
  const first = await hook("SessionStart", startup(), claude());
  expect(first.required).toContain("./hook-session-start-work.cjs");
  const sock = await socketAppears();
  expect(sock).not.toBeNull();
  return sock!;
}

describe("the hook's resident helper", () => {
  it("is started by Claude Code's plugin hooks only, and answers from then on", async () => {
    // By hand (no CLAUDE_PLUGIN_ROOT): the hook answers itself and starts nothing.
    const byHand = await hook("SessionStart", startup(), env());
    expect(byHand.stdout).toContain("is up");
    expect(byHand.required).toContain("./hook-session-start-work.cjs");
    expect(byHand.builtins).not.toContain("NativeModule child_process");
    expect(existsSync(helperDir())).toBe(false);

    await helperUp();
    const helped = await hook("SessionStart", startup(), claude());
    expect(helped.stdout).toBe(byHand.stdout);
    expect(helped.required).toEqual([]);
    expect(helped.builtins).not.toContain("NativeModule child_process");
  });

  it("answers every event as the hook's own process does, and still notes what the hook notes", async () => {
    await helperUp();
    const reset = () => {
      rmSync(dataDir(proj.root), { recursive: true, force: true });
      rmSync(join(state(), "sessions"), { recursive: true, force: true });
    };
    // An Edit that rewrites a CRLF file: judged (Claude Code edits it as LF text), here and there.
    const crlf = join(proj.root, "src", "k.ts");
    mkdirSync(join(proj.root, "src"), { recursive: true });
    writeFileSync(crlf, Array.from({ length: 12 }, (_, i) => `export const k${i} = OLD;`).join("\r\n") + "\r\n");
    const rewrite = JSON.stringify({ ...base(), hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: crlf, old_string: "OLD;", new_string: "0;", replace_all: true } });
    const small = JSON.stringify({ ...base(), hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: crlf, old_string: "k3 = OLD;", new_string: "k3 = 3;" } });
    // What the entry loads when it does the work itself; null: it lets the event through unjudged.
    const cases: [HookEventName, string, string | null][] = [
      ["SessionStart", startup(), "./hook-session-start-work.cjs"],
      ["UserPromptSubmit", prompt("Add a clamp helper and its tests"), "./hook-prompt-work.cjs"],
      ["UserPromptSubmit", prompt("What does this error mean?"), "./hook-prompt-work.cjs"],
      ["PreToolUse", write("src/clamp.ts"), "./hook-write.cjs"],
      ["PreToolUse", write("node_modules/clamp/index.js"), null],
      ["PreToolUse", rewrite, "./hook-write.cjs"],
      ["PreToolUse", small, null],
    ];
    for (const [event, input, work] of cases) {
      reset();
      const own = await hook(event, input, off());
      if (work) expect(own.required).toContain(work);
      else expect([own.required, own.stdout]).toEqual([[], ""]);
      const ownLedger = ledgerLines();
      reset();
      const helped = await hook(event, input, claude());
      expect(helped.required, input).toEqual([]);
      expect(helped.stdout, input).toBe(own.stdout);
      // The helper notes the session (a Write need not) and writes the ledger line once the answer is sent.
      if (event !== "PreToolUse") await eventually(() => (existsSync(join(dataDir(proj.root), "session.json")) ? true : null));
      if (ownLedger.length > 0) expect((await eventually(() => (ledgerLines().length ? ledgerLines() : null))).map((l) => JSON.parse(l).decision)).toEqual(ownLedger.map((l) => JSON.parse(l).decision));
    }
    // The Write was worth a nudge: the comparison above compared something.
    expect((await hook("PreToolUse", write("src/clamp2.ts"), claude())).stdout).toContain("delegable");
  });

  it("answers each event with that event's own environment", async () => {
    await helperUp();
    const down = await deadBaseUrl();
    const helpedDown = await hook("SessionStart", startup(), claude({ LOCAL_DELEGATE_BASE_URL: down }));
    const ownDown = await hook("SessionStart", startup(), off({ LOCAL_DELEGATE_BASE_URL: down }));
    expect(helpedDown.required).toEqual([]);
    expect(helpedDown.stdout).toBe(ownDown.stdout);
    expect(helpedDown.stdout).not.toContain("is up");
    const helpedUp = await hook("SessionStart", startup(), claude());
    expect(helpedUp.stdout).toContain("is up");
    // Switched off, the hook does not ask even a helper that runs.
    expect((await hook("SessionStart", startup(), off())).required).toContain("./hook-session-start-work.cjs");
  });

  it("does the work itself, in time, when the helper does not answer, and a new helper takes over from the stuck one", async () => {
    const sock = await helperUp();
    await stopHelpers();
    expect(existsSync(sock)).toBe(false);
    // Something listens on the helper's socket and never answers.
    const s = createServer(() => {}).listen(sock);
    stuck.push(s);
    await new Promise((r) => s.once("listening", r));
    const r = await hook("SessionStart", startup(), claude());
    expect(r.stdout).toContain("is up");
    expect(r.required).toContain("./hook-session-start-work.cjs");
    // It gave the helper 3 s, then answered well before Claude Code's 10 s.
    expect(r.ms).toBeGreaterThanOrEqual(2_900);
    expect(r.ms).toBeLessThan(8_000);
    // The helper it started found the socket taken by something that answers no ping, and took it.
    await eventually(() => (helperPidsOf().length === 1 ? true : null));
    const next = await eventually(async () => {
      const run = await hook("SessionStart", startup(), claude());
      return run.required.length === 0 ? run : null;
    });
    expect(next.stdout).toBe(r.stdout);
  });

  it("does the work itself when the helper fails, as when a file of its bundle is gone", async () => {
    // A helper of the same build running from a copy of the bundle whose judging file was then removed.
    const copy = join(proj.home, "copy");
    cpSync(distDir(), copy, { recursive: true });
    mkdirSync(helperDir(), { recursive: true, mode: 0o700 });
    const sock = join(helperDir(), buildSocketName());
    const child = spawn(process.execPath, [join(copy, "hook-helper.cjs"), sock], { env: { ...env(), LOCAL_DELEGATE_HOOK_HELPER_OF: sock }, detached: true, stdio: "ignore" });
    child.unref();
    await eventually(() => (existsSync(sock) ? true : null));
    rmSync(join(copy, "hook-write.cjs"));
    const own = await hook("PreToolUse", write("src/clamp.ts"), off());
    rmSync(ledgerPath(dataDir(proj.root)), { force: true });
    const r = await hook("PreToolUse", write("src/clamp.ts"), claude());
    expect(r.stdout).toContain("delegable");
    expect(r.stdout).toBe(own.stdout);
    expect(r.required).toContain("./hook-write.cjs");
    // The hook noted its own decision; the helper, which failed, noted nothing.
    await new Promise((res) => setTimeout(res, 300));
    expect(ledgerLines()).toHaveLength(1);
  });

  it("reads a file named by a relative path against the hook's folder, as the hook itself does", async () => {
    await helperUp();
    const relative = JSON.stringify({ ...base(), hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: "src/rel.ts", content: DELEGABLE_UTIL } });
    const own = await hook("PreToolUse", relative, off());
    expect(own.stdout).toContain("delegable");
    const helped = await hook("PreToolUse", relative, claude());
    expect(helped.required).toEqual([]);
    expect(helped.stdout).toBe(own.stdout);
  });

  it("passes the plugin's options on to the session's shell from the hook itself, the helper answering", async () => {
    await helperUp();
    const envFile = join(proj.home, ".claude", "session-env", "s1", "sessionstart-hook-0.sh");
    mkdirSync(join(envFile, ".."), { recursive: true });
    const r = await hook("SessionStart", startup(), claude({ CLAUDE_ENV_FILE: envFile, CLAUDE_PLUGIN_OPTION_MODEL: "coder-7b" }));
    expect(r.required).toEqual([]);
    expect(r.stdout).toContain("is up");
    expect(readFileSync(envFile, "utf8")).toContain("export CLAUDE_PLUGIN_OPTION_MODEL='coder-7b'");
  });

  it("ends a stuck helper it was started to replace, found by its tag, and only that process", async () => {
    mkdirSync(helperDir(), { recursive: true, mode: 0o700 });
    const sock = join(helperDir(), buildSocketName());
    // A stuck helper: it listens on the socket, with the tag a hook starts a helper with, and answers nothing.
    const stuckOne = spawn(process.execPath, ["-e", `require("net").createServer(() => {}).listen(${JSON.stringify(sock)}, () => console.log("up")); setInterval(() => {}, 1000)`], {
      env: { ...env(), LOCAL_DELEGATE_HOOK_HELPER_OF: sock },
      stdio: ["ignore", "pipe", "ignore"],
    });
    children.push(stuckOne);
    const gone = new Promise((r) => stuckOne.once("exit", r));
    await new Promise((r) => stuckOne.stdout!.once("data", r));
    const first = await hook("SessionStart", startup(), claude({ LOCAL_DELEGATE_HOOK_HELPER_EVICT_AFTER_MS: "1" }));
    expect(first.stdout).toContain("is up");
    expect(first.required).toContain("./hook-session-start-work.cjs");
    await gone;
    expect(stuckOne.signalCode).toBe("SIGKILL");
    const next = await eventually(async () => {
      const run = await hook("SessionStart", startup(), claude());
      return run.required.length === 0 ? run : null;
    });
    expect(next.stdout).toBe(first.stdout);
  });

  it("ends with one helper when two start at once, neither ending the other", async () => {
    mkdirSync(helperDir(), { recursive: true, mode: 0o700 });
    const sock = join(helperDir(), buildSocketName());
    for (let i = 0; i < 2; i++) {
      spawn(process.execPath, [join(distDir(), "hook-helper.cjs"), sock], { env: { ...env(), LOCAL_DELEGATE_HOOK_HELPER_OF: sock, LOCAL_DELEGATE_HOOK_HELPER_WATCH_MS: "100" }, detached: true, stdio: "ignore" }).unref();
    }
    await eventually(() => (helperPidsOf().length === 1 ? true : null));
    const r = await hook("SessionStart", startup(), claude());
    expect(r.required).toEqual([]);
    expect(r.stdout).toContain("is up");
  });

  it("sends nothing to a helper folder that is not this user's alone", async () => {
    const sock = await helperUp();
    chmodSync(helperDir(), 0o755);
    const r = await hook("SessionStart", startup(), claude());
    expect(r.required).toContain("./hook-session-start-work.cjs");
    expect(r.stdout).toContain("is up");
    chmodSync(helperDir(), 0o700);
    expect(existsSync(sock)).toBe(true);
  });
});

/** The socket the built entries ask, by the build id set in them. */
function buildSocketName(): string {
  const id = /"([0-9a-f]{16})"/.exec(readFileSync(builtHook("SessionStart"), "utf8"))?.[1];
  if (!id) throw new Error("no build id in the built entry");
  return `${id}.sock`;
}

/** Helpers of this test's home, by their command line: a hook-helper.cjs on a socket in this home. */
function helperPidsOf(): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
        return (cmd[1] ?? "").endsWith("hook-helper.cjs") && (cmd[2] ?? "").startsWith(`${helperDir()}/`);
      } catch {
        return false;
      }
    })
    .map(Number);
}
