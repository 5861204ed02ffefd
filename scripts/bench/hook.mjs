// 1. The hook, on each event it handles, in a project with a config file (the common case): a
// session start (it checks the server and starts the warm-up), a prompt that asks for code, a
// Write of a small utility module (classified, routed and recorded), a one-line Edit (let through
// by the edited file alone) and a Write under node_modules/ (let through unread). The config is an
// existing one, not saved this instant: the hook's config snapshot is not taken from a file changed
// in the last 2 s (src/config/snapshot.ts), and setting its times changes its ctime, so the hook is
// measured once the file is 2 s old.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { helperPids, paired, pairedInstructions, timed, warmUpsDone } from "./measure.mjs";

/** Writes the project's config and the file a small Edit touches; the events measured and the env each hook runs with. */
async function hookSetup(ctx) {
  const { root, home, project, env } = ctx;
  mkdirSync(join(project, ".claude"), { recursive: true });
  const config = join(project, ".claude/local-delegate.yaml");
  writeFileSync(config, "# the project's settings\nmodel: bench-coder\nhook_mode: nudge\nroute_min_samples: 4\n");
  const old = new Date(Date.now() - 60_000);
  utimesSync(config, old, old);
  const racy = statSync(config).ctimeMs + 2_100 - Date.now();
  if (racy > 0) await new Promise((r) => setTimeout(r, racy));
  const content = Array.from({ length: 12 }, (_, i) => `export function pad${i}(s: string, n = ${i + 2}): string {\n  return s.padStart(n, "0");\n}\n`).join("\n");
  const base = { session_id: "bench-session", transcript_path: join(home, "transcript.jsonl"), cwd: project, permission_mode: "default" };
  const write = (file) => ({ ...base, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(project, file), content } });
  // Claude's own fix, one line of a module it wrote: the hook reads the file to learn that.
  mkdirSync(join(project, "src"), { recursive: true });
  writeFileSync(join(project, "src/long.ts"), `${content}\n${content.replaceAll("pad", "trim")}`);
  const edit = { ...base, hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: join(project, "src/long.ts"), old_string: "pad3(s: string, n = 5)", new_string: "pad3(s: string, n = 6)" } };
  const stateDir = join(env.XDG_STATE_HOME, "local-delegate");
  // A session start checks the server unless it was seen up in the last minute (a resume, /clear,
  // /compact, another session, the status line), and spawns a warm-up unless one found the model
  // loaded in the last 4 minutes: both are measured, the check and the spawn first.
  const forgetHealth = () => {
    for (const f of existsSync(stateDir) ? readdirSync(stateDir) : []) if (/^(health|warm)-.*\.json$/.test(f)) rmSync(join(stateDir, f));
  };
  const startup = { ...base, hook_event_name: "SessionStart", source: "startup" };
  // What Claude Code sets for a plugin's hook (docs/dev/claude-client-notes.md): the plugin's data
  // folder, and for a session start the file whose export lines the session's Bash commands get.
  const envFile = join(home, ".claude/session-env/bench-session/sessionstart-hook-0.sh");
  mkdirSync(dirname(envFile), { recursive: true });
  const plugin = { CLAUDE_PLUGIN_ROOT: root, CLAUDE_PLUGIN_DATA: join(home, ".claude/plugins/data/local-delegate-inline"), CLAUDE_PROJECT_DIR: project, CLAUDE_CODE_SESSION_ID: base.session_id, CLAUDECODE: "1" };
  // The helper a plugin hook starts checks its socket every half second here (30 s by default), so
  // it is gone soon after this bench's folder is; the exit handler stops it first anyway.
  const hookEnv = (event, extra = {}) => ({ ...env, ...plugin, LOCAL_DELEGATE_HOOK_HELPER_WATCH_MS: "500", ...(event === "SessionStart" ? { CLAUDE_ENV_FILE: envFile } : {}), ...extra });
  const events = [
    ["SessionStart, server checked, warm-up spawned", startup, "is up", forgetHealth],
    ["SessionStart, server seen up, model warm", startup, "is up"],
    ["UserPromptSubmit", { ...base, hook_event_name: "UserPromptSubmit", prompt: "Add a date formatting helper and its tests" }, "decompose this"],
    ["PreToolUse, delegable Write", write("src/pad.ts"), "was delegable"],
    ["PreToolUse, small Edit", edit, ""],
    ["PreToolUse, ignored path", write("node_modules/pad/index.js"), ""],
  ];
  return { events, hookEnv, startup, stateDir };
}

/** Runs a first session start, as a session's first hook does, and waits for the resident helper it starts. */
async function startHelper(ctx, { hookEnv, startup, stateDir }) {
  await timed(ctx, [ctx.HOOKS.SessionStart], { input: JSON.stringify({ ...startup, session_id: "bench-first" }), env: hookEnv("SessionStart") });
  const sockets = join(stateDir, "hook-helper");
  for (const until = Date.now() + 10_000; !(existsSync(sockets) && readdirSync(sockets).some((f) => f.endsWith(".sock"))) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
  if (existsSync("/proc") && helperPids(ctx).length !== 1) throw new Error("the hook started no resident helper");
  await warmUpsDone(ctx);
}

/** One event's rows in one mode (with the helper, or without): its time against `node -e 0`, and with --instructions its count. */
async function measureEvent(ctx, { hookEnv, nextSession }, [name, event, says, before], [mode, modeEnv, samples, goal]) {
  const { HOOKS, instructions, results } = ctx;
  const input = JSON.stringify(event);
  // Each session start is of a new session, as in Claude Code: the hook notes its id for `run`.
  const given = () => (event.hook_event_name === "SessionStart" ? JSON.stringify({ ...event, session_id: `bench-start-${nextSession()}` }) : input);
  const hook = async () => {
    before?.();
    const r = await timed(ctx, [HOOKS[event.hook_event_name]], { input: given(), env: hookEnv(event.hook_event_name, modeEnv) });
    // A hook that fails fast is not a fast hook: each run must answer as it should.
    if (says ? !r.out.includes(says) : r.out !== "") throw new Error(`the hook on ${name} answered ${JSON.stringify(r.out.slice(0, 200))}`);
    // The model warm-up a session start leaves running in the background is not measured, and
    // must not slow the next sample down: it is waited for.
    await warmUpsDone(ctx);
    return r;
  };
  const r = await paired(hook, () => timed(ctx, ["-e", "0"]), samples);
  const ratio = r.ratio;
  const helper = !modeEnv.LOCAL_DELEGATE_HOOK_HELPER;
  results.push({ name: `hook: ${name}${mode}`, measured: `${r.a.toFixed(1)} ms`, baseline: `node -e 0: ${r.b.toFixed(1)} ms`, figure: `${ratio.toFixed(2)}×`, goal, pass: helper ? ratio <= 1.1 : null, raw: { event: name, helper, hook_ms: r.a, node_ms: r.b, ratio, samples, hook_range_ms: r.spreadA, node_range_ms: r.spreadB } });
  // Under valgrind a fetch outlasts the probe's timeout: the server check is timed only.
  if (instructions && !before) {
    const c = await pairedInstructions(ctx, [HOOKS[event.hook_event_name]], given, 3, undefined, 0, hookEnv(event.hook_event_name, modeEnv));
    results.push({ name: `  instructions`, measured: `${(c.a / 1e6).toFixed(0)} M`, baseline: `node -e 0: ${(c.b / 1e6).toFixed(0)} M`, figure: `${(c.a / c.b).toFixed(3)}×`, goal: "—", pass: null, raw: { event: name, hook_instructions: c.a, node_instructions: c.b, ratio: c.a / c.b } });
  }
}

export async function hookSection(ctx) {
  const setup = await hookSetup(ctx);
  const n = ctx.quick ? 12 : 60;
  let sessions = 0;
  const nextSession = () => ++sessions;
  // A Claude Code session's first hook finds no helper, answers by itself and starts one: the
  // events are measured as the rest of the session runs them, then each without a helper.
  await startHelper(ctx, setup);
  const modes = [
    ["", {}, n, "≤ 1.10×"],
    [" (no helper: in the hook's process)", { LOCAL_DELEGATE_HOOK_HELPER: "0" }, Math.ceil(n / 2), "—"],
  ];
  for (const mode of modes) for (const event of setup.events) await measureEvent(ctx, { ...setup, nextSession }, event, mode);
}
