#!/usr/bin/env node
// `npm run bench`: what local-delegate costs beside the model's own time, each figure measured
// against a baseline in the same run (same machine, same load), so the ratios mean something on
// any machine. Not a test: it prints a table and writes bench-results.json (git-ignored).
//
//   hook      the hook's entry for each event (hooks/hooks.json), with a project config  vs  a bare `node -e 0`  (goal ≤ 1.10×);
//             with the resident helper a plugin hook starts, then each in the hook's own process (no helper)
//   overhead  node dist/cli.js run, server answers at once      vs  a minimal client on the same server (goal ≤ 150 ms);
//             with its code cache (the runs after the first), and a first run without
//   extract   the extractor on the messy-answer corpus            (answers/s, MB/s)
//   memory    peak RSS of a run with the most context a spec may name vs a run with none
//   hostile   peak RSS of a run against a server sending a 3 GB error body, or a stream with no
//             end, vs a normal run                                     (goal ≤ 2×)
//   grammars  the syntax gate's first tree-sitter check in a fresh process (web-tree-sitter and one
//             grammar loaded), then a warm one; and what dist/grammars adds to a clone
//   cache     prompt tokens a real llama-server processes (its `timings`, from the ledger): a retry
//             against its first attempt's prompt (goal ≤ 15%), and the second of two plan tasks
//             reading the same file against its own prompt (goal ≤ 50%). Skipped, with a note,
//             when llama-server is not installed (scripts/install-llama-server.sh).
//
// Measures the committed bundle in dist/ (run `npm run build` first after changing src/), or the one
// in `--dist DIR` (e.g. `node scripts/build.mjs --outdir /tmp/d && node scripts/bench.mjs --dist /tmp/d`).
// `node scripts/bench.mjs --quick` takes fewer samples; `--strict` exits 1 when a goal is missed;
// ($LD_BENCH_DIST works as `--dist`.) `--only SECTION` runs one section; `--instructions` adds instruction counts (valgrind) for the hook and a run.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const strict = process.argv.includes("--strict");
const instructions = process.argv.includes("--instructions");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? process.argv[onlyArg + 1] : null;
const section = (name) => only === null || only === name;
const distArg = process.argv.indexOf("--dist");
const dist = distArg > 0 ? resolve(process.argv[distArg + 1]) : process.env.LD_BENCH_DIST ? resolve(process.env.LD_BENCH_DIST) : join(root, "dist");
const CLI = join(dist, "cli.js");
/** Stops the bench when `dist` lacks a file it runs. */
function needBuilt(f) {
  if (existsSync(f)) return;
  console.error(`bench: ${f} is missing; run \`npm run build\` (or scripts/build.mjs --outdir ${dist}) first`);
  process.exit(2);
}
needBuilt(CLI);

const work = mkdtempSync(join(tmpdir(), "ld-bench-"));
const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
  for (const pid of helperPids()) process.kill(pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

// The fake server and the extractor corpus are TypeScript; plain node runs this script, so they
// are bundled into the temp folder first.
await build({
  stdin: {
    contents: [
      `export { startFakeOpenAIServer } from "./test/support/fake-openai-server.ts";`,
      `export { MESSY_ANSWERS } from "./test/support/messy-answers.ts";`,
      `export { extractFile } from "./src/extract/extract.ts";`,
      `export { startLlamaServer } from "./test/support/llama-server.ts";`,
      `export { writeScriptedGguf } from "./test/support/scripted-gguf.ts";`,
      `export { hookEntryFiles } from "./test/support/hook-entries.ts";`,
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: join(work, "support.mjs"),
  logLevel: "warning",
});
const { startFakeOpenAIServer, MESSY_ANSWERS, extractFile, startLlamaServer, writeScriptedGguf, hookEntryFiles } = await import(pathToFileURL(join(work, "support.mjs")).href);
// The entry Claude Code runs for each hook event, as hooks/hooks.json names it (one per event).
const HOOKS = Object.fromEntries(Object.entries(hookEntryFiles(readFileSync(join(root, "hooks", "hooks.json"), "utf8"))).map(([event, file]) => [event, join(dist, file)]));
for (const f of Object.values(HOOKS)) needBuilt(f);

const GOOD = 'export function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n';
const ANSWER = "Here you go:\n\n```js\n" + GOOD + "```\n";
const server = await startFakeOpenAIServer({
  flavor: "lmstudio",
  models: [{ id: "bench-coder", state: "loaded", maxContextLength: 131072, loadedContextLength: 131072 }],
  // Instant, in one content event: the model's time is not what is measured.
  script: () => ({ content: ANSWER, chunkSize: 1_000_000 }),
});

const home = join(work, "home");
const project = join(work, "project");
mkdirSync(join(project, ".git"), { recursive: true });
mkdirSync(join(project, "src"), { recursive: true });
mkdirSync(home, { recursive: true });
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_STATE_HOME: join(home, ".state"),
  LOCAL_DELEGATE_BASE_URL: server.baseUrl,
};

const results = [];
const ms = (ns) => Number(ns) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a child to its end; the wall time in ms. Async, so the fake server in this process can answer it. */
function timed(args, opts = {}) {
  return new Promise((resolveRun, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: opts.cwd ?? project, env: opts.env ?? env, stdio: ["pipe", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (err += b));
    // A child that exits without reading its stdin (node -e 0) must not crash the bench with EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
    child.on("close", (code) => {
      children.delete(child);
      const wall = ms(process.hrtime.bigint() - started);
      if (code !== 0 && !opts.allowFail) reject(new Error(`${args.join(" ")} exited ${code}: ${(out + err).slice(0, 400)}`));
      else resolveRun({ wall, out, err });
    });
  });
}

/**
 * Alternates the two commands so that drift in machine load hits both alike; medians. `ratio` is
 * the median of each pair's a/b: a burst of load from elsewhere slows both runs of a pair, so it
 * moves the pair's ratio less than either median (the hook's rows are ratios).
 */
async function paired(a, b, n, warm = 3) {
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < n; i++) {
    ta.push((await a()).wall);
    tb.push((await b()).wall);
  }
  return { a: median(ta), b: median(tb), ratio: median(ta.map((x, i) => x / tb[i])), spreadA: [Math.min(...ta), Math.max(...ta)], spreadB: [Math.min(...tb), Math.max(...tb)] };
}

/**
 * Instructions run (valgrind's count, user space): unlike wall time, the same on a machine other
 * sessions keep busy. Both sides run with V8's `--predictable` (no background compiler or GC
 * threads), without which a bare `node -e 0` counted anywhere from 83 to 89 M. Medians of `n`,
 * alternating with `baseline` (`node -e 0` unless told), after `warm` runs of each that are not
 * counted (a code cache written under valgrind and these flags, which V8 sees as another
 * machine's, is a first run's). `input` is the stdin text, or a function that makes each run's.
 */
async function pairedInstructions(args, input, n, baseline = ["-e", "0"], warm = 0, argsEnv = env) {
  const count = (a, stdin, e = env) =>
    new Promise((resolveRun, reject) => {
      const child = spawn("valgrind", ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", process.execPath, "--predictable", ...a], { cwd: project, env: e, stdio: ["pipe", "ignore", "pipe"] });
      children.add(child);
      let err = "";
      child.stderr.on("data", (b) => (err += b));
      child.stdin.on("error", () => {});
      child.stdin.end(stdin);
      child.on("close", () => {
        children.delete(child);
        const m = /I\s+refs:\s+([\d,]+)/.exec(err);
        m ? resolveRun(Number(m[1].replaceAll(",", ""))) : reject(new Error(`valgrind: ${err.slice(-300)}`));
      });
    });
  const a = [];
  const b = [];
  for (let i = -warm; i < n; i++) {
    const ca = await count(args, typeof input === "function" ? input() : input, argsEnv);
    await warmUpsDone();
    const cb = await count(baseline, "");
    if (i >= 0) a.push(ca), b.push(cb);
  }
  return { a: median(a), b: median(b) };
}

/** The processes whose command line is `node <cmd…>`, for which `match` holds; on Linux, where /proc lists them. */
function processes(match) {
  try {
    return readdirSync("/proc").filter((pid) => {
      try {
        return /^\d+$/.test(pid) && match(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"));
      } catch {
        return false;
      }
    }).map(Number);
  } catch {
    return [];
  }
}

/** The hook's resident helpers this bench started: the bundle's, on a socket in this bench's folder. */
function helperPids() {
  return processes((cmd) => cmd[0] === process.execPath && cmd[1] === join(dist, "hook-helper.cjs") && (cmd[2] ?? "").startsWith(`${work}/`));
}

/** Waits (10 s at most) until no `cli.js warm` of the bundle measured runs; on Linux, where /proc lists them. */
async function warmUpsDone() {
  const running = () => processes((cmd) => cmd.join("\0") === `${process.execPath}\0${CLI}\0warm\0`).length > 0;
  for (const until = Date.now() + 10_000; running() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
}

function progress(s) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`);
}

// 1. The hook, on each event it handles, in a project with a config file (the common case): a
// session start (it checks the server and starts the warm-up), a prompt that asks for code, a
// Write of a small utility module (classified, routed and recorded), a one-line Edit (let through
// by the edited file alone) and a Write under node_modules/ (let through unread). The config is an
// existing one, not saved this instant: the hook's config snapshot is not taken from a file changed
// in the last 2 s (src/config/snapshot.ts), and setting its times changes its ctime, so the hook is
// measured once the file is 2 s old.
progress("hook…");
if (section("hook")) {
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
  const n = quick ? 12 : 60;
  let sessions = 0;
  // A Claude Code session's first hook finds no helper, answers by itself and starts one: the
  // events are measured as the rest of the session runs them, then each without a helper.
  await timed([HOOKS.SessionStart], { input: JSON.stringify({ ...startup, session_id: "bench-first" }), env: hookEnv("SessionStart") });
  const sockets = join(stateDir, "hook-helper");
  for (const until = Date.now() + 10_000; !(existsSync(sockets) && readdirSync(sockets).some((f) => f.endsWith(".sock"))) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
  if (existsSync("/proc") && helperPids().length !== 1) throw new Error("the hook started no resident helper");
  await warmUpsDone();
  const modes = [
    ["", {}, n, "≤ 1.10×"],
    [" (no helper: in the hook's process)", { LOCAL_DELEGATE_HOOK_HELPER: "0" }, Math.ceil(n / 2), "—"],
  ];
  for (const [mode, modeEnv, samples, goal] of modes)
  for (const [name, event, says, before] of events) {
    const input = JSON.stringify(event);
    // Each session start is of a new session, as in Claude Code: the hook notes its id for `run`.
    const given = () => (event.hook_event_name === "SessionStart" ? JSON.stringify({ ...event, session_id: `bench-start-${++sessions}` }) : input);
    const hook = async () => {
      before?.();
      const r = await timed([HOOKS[event.hook_event_name]], { input: given(), env: hookEnv(event.hook_event_name, modeEnv) });
      // A hook that fails fast is not a fast hook: each run must answer as it should.
      if (says ? !r.out.includes(says) : r.out !== "") throw new Error(`the hook on ${name} answered ${JSON.stringify(r.out.slice(0, 200))}`);
      // The model warm-up a session start leaves running in the background is not measured, and
      // must not slow the next sample down: it is waited for.
      await warmUpsDone();
      return r;
    };
    const r = await paired(hook, () => timed(["-e", "0"]), samples);
    const ratio = r.ratio;
    const helper = !modeEnv.LOCAL_DELEGATE_HOOK_HELPER;
    results.push({ name: `hook: ${name}${mode}`, measured: `${r.a.toFixed(1)} ms`, baseline: `node -e 0: ${r.b.toFixed(1)} ms`, figure: `${ratio.toFixed(2)}×`, goal, pass: helper ? ratio <= 1.1 : null, raw: { event: name, helper, hook_ms: r.a, node_ms: r.b, ratio, samples, hook_range_ms: r.spreadA, node_range_ms: r.spreadB } });
    // Under valgrind a fetch outlasts the probe's timeout: the server check is timed only.
    if (instructions && !before) {
      const c = await pairedInstructions([HOOKS[event.hook_event_name]], given, 3, undefined, 0, hookEnv(event.hook_event_name, modeEnv));
      results.push({ name: `  instructions`, measured: `${(c.a / 1e6).toFixed(0)} M`, baseline: `node -e 0: ${(c.b / 1e6).toFixed(0)} M`, figure: `${(c.a / c.b).toFixed(3)}×`, goal: "—", pass: null, raw: { event: name, hook_instructions: c.a, node_instructions: c.b, ratio: c.a / c.b } });
    }
  }
}

// 2. The CLI's overhead on a run, against a minimal client doing the one chat request itself.
progress("cli overhead…");
if (section("overhead")) {
  const spec = join(work, "spec.json");
  writeFileSync(spec, JSON.stringify({ task_id: "bench", description: "Write slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs" }));
  const client = join(work, "client.mjs");
  // node:http, the least a client can be: the same streamed chat request, read to its end.
  writeFileSync(
    client,
    `import http from "node:http";
const body = JSON.stringify({ model: "bench-coder", stream: true, messages: [{ role: "user", content: "Write slugify." }] });
const req = http.request(process.argv[2] + "/chat/completions", { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
  let text = "";
  res.setEncoding("utf8");
  res.on("data", (c) => (text += c));
  res.on("end", () => { if (!text.includes("[DONE]")) process.exitCode = 1; });
});
req.end(body);
`,
  );
  const n = quick ? 8 : 25;
  const run = () => timed([CLI, "run", spec]);
  const minimal = () => timed([client, server.baseUrl]);
  // The runs after the first of each command reuse V8's compiled code (src/util/code-cache.ts): the
  // warm-ups write it. A first run after an install or an update is measured apart below.
  const r = await paired(run, minimal, n);
  const diff = r.a - r.b;
  results.push({ name: "cli overhead per task", measured: `${r.a.toFixed(1)} ms`, baseline: `minimal client: ${r.b.toFixed(1)} ms`, figure: `+${diff.toFixed(1)} ms`, goal: "≤ 150 ms", pass: diff <= 150, raw: { cli_ms: r.a, client_ms: r.b, diff_ms: diff, samples: n, cli_range_ms: r.spreadA, client_range_ms: r.spreadB } });
  if (instructions) {
    const c = await pairedInstructions([CLI, "run", spec], "", 3, [client, server.baseUrl], 1);
    results.push({ name: "  instructions", measured: `${(c.a / 1e6).toFixed(0)} M`, baseline: `minimal client: ${(c.b / 1e6).toFixed(0)} M`, figure: `+${((c.a - c.b) / 1e6).toFixed(0)} M`, goal: "—", pass: null, raw: { cli_instructions: c.a, client_instructions: c.b } });
  }
  // A first run: no code cache yet (it compiles the bundle, then writes the cache as it exits).
  const codeCache = join(env.XDG_STATE_HOME, "local-delegate", "code-cache");
  const cold = await paired(() => (rmSync(codeCache, { recursive: true, force: true }), run()), minimal, quick ? 5 : 12, 1);
  results.push({ name: "  first run, no code cache", measured: `${cold.a.toFixed(1)} ms`, baseline: `minimal client: ${cold.b.toFixed(1)} ms`, figure: `+${(cold.a - cold.b).toFixed(1)} ms`, goal: "—", pass: null, raw: { cli_ms: cold.a, client_ms: cold.b, diff_ms: cold.a - cold.b } });
  // Where the overhead goes: the bundle's own start, before any work.
  const start = await paired(() => timed([CLI, "--help"]), () => timed(["-e", "0"]), quick ? 8 : 20);
  const startDiff = start.a - start.b;
  results.push({ name: "  of which cli start-up", measured: `--help: ${start.a.toFixed(1)} ms`, baseline: `node -e 0: ${start.b.toFixed(1)} ms`, figure: `+${startDiff.toFixed(1)} ms`, goal: "—", pass: null, raw: { help_ms: start.a, node_ms: start.b, diff_ms: startDiff } });
}

// 3. The extractor: the corpus of messy answers, and one big answer (a 1 MB file in chatter).
progress("extractor…");
if (section("extractor")) {
  const corpus = MESSY_ANSWERS.map((a) => ({ text: a.content, opts: { outputFile: a.path, language: "typescript", finishReason: a.finishReason ?? "stop" } }));
  const corpusBytes = corpus.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
  const run = (items, budgetMs) => {
    let rounds = 0;
    const started = process.hrtime.bigint();
    while (ms(process.hrtime.bigint() - started) < budgetMs) {
      for (const a of items) extractFile(a.text, a.opts);
      rounds++;
    }
    return { rounds, seconds: ms(process.hrtime.bigint() - started) / 1000 };
  };
  run(corpus, 200);
  const c = run(corpus, quick ? 500 : 1500);
  const perSec = (c.rounds * corpus.length) / c.seconds;
  const mbs = (c.rounds * corpusBytes) / c.seconds / 1e6;
  results.push({ name: "extractor, messy corpus", measured: `${Math.round(perSec).toLocaleString("en")} answers/s`, baseline: `${corpus.length} answers, ${corpusBytes} B`, figure: `${mbs.toFixed(1)} MB/s`, goal: "—", pass: null, raw: { answers_per_s: perSec, mb_per_s: mbs, answers: corpus.length, bytes: corpusBytes } });

  const lines = Array.from({ length: 20_000 }, (_, i) => `export const value${i} = "lorem ipsum ${i}";`).join("\n");
  const big = [{ text: `<think>\nThe user wants constants.\n</think>\nSure! Here is \`src/values.ts\`:\n\n\`\`\`ts\n${lines}\n\`\`\`\n\nLet me know!\n`, opts: { outputFile: "src/values.ts", language: "typescript", finishReason: "stop" } }];
  const bigBytes = Buffer.byteLength(big[0].text);
  const b = run(big, quick ? 500 : 1500);
  const bigMbs = (b.rounds * bigBytes) / b.seconds / 1e6;
  results.push({ name: "extractor, one big answer", measured: `${(b.seconds * 1000 / b.rounds).toFixed(1)} ms/answer`, baseline: `${(bigBytes / 1e6).toFixed(2)} MB answer`, figure: `${bigMbs.toFixed(1)} MB/s`, goal: "—", pass: null, raw: { ms_per_answer: (b.seconds * 1000) / b.rounds, mb_per_s: bigMbs, bytes: bigBytes } });
}

// 4. Peak memory of a run with the most context a spec may name (20 files just under the 1 MB
// limit each), against the same run with no context. Read from the child itself at exit.
progress("memory…");
if (section("memory")) {
  const rss = join(work, "rss.mjs");
  writeFileSync(rss, `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.LD_BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)));\n`);
  const unit = (i) => `/** Renvoie la valeur n° ${i}, déjà calculée. */\nexport function value${i}(a: number): number {\n  return a * 3 + ${i};\n}\n`;
  const files = [];
  for (let f = 0; f < 20; f++) {
    let text = "";
    for (let i = 0, size = 0; size < 1_000_000; i++) {
      const u = unit(f * 100_000 + i);
      text += u;
      size += Buffer.byteLength(u);
    }
    const rel = `lib/part${f}.ts`;
    mkdirSync(join(project, "lib"), { recursive: true });
    writeFileSync(join(project, rel), text);
    files.push(rel);
  }
  const peak = async (name, spec) => {
    const path = join(work, `${name}.json`);
    writeFileSync(path, JSON.stringify(spec));
    const out = join(work, `${name}.rss`);
    const r = await timed(["--import", pathToFileURL(rss).href, CLI, "run", path], { env: { ...env, LD_BENCH_RSS_OUT: out } });
    const status = JSON.parse(r.out.trim().split("\n").at(-1)).status;
    if (status !== "success") throw new Error(`the ${name} run ended ${status}: ${r.out}`);
    return { mb: Number(readFileSync(out, "utf8")) / 1024, wall: r.wall };
  };
  const base = { description: "Write slugify(input).", output_file: "src/slugify.mjs" };
  const small = await peak("small", { ...base, task_id: "bench-small" });
  const max = await peak("max", { ...base, task_id: "bench-max", context_files: files });
  const ratio = max.mb / small.mb;
  results.push({ name: "peak memory, max context", measured: `${max.mb.toFixed(0)} MB in ${(max.wall / 1000).toFixed(1)} s`, baseline: `no context: ${small.mb.toFixed(0)} MB in ${(small.wall / 1000).toFixed(1)} s`, figure: `${ratio.toFixed(1)}×`, goal: "—", pass: null, raw: { max_mb: max.mb, max_ms: max.wall, small_mb: small.mb, small_ms: small.wall, ratio, context: "20 files × 1 MB" } });
}
// 5. Peak memory against a hostile server: an HTTP 500 whose body is 3 GB, and a 200 stream
// that never ends (1 MB per delta). Reads are capped, so neither may cost much more than a normal
// run, measured here against the same server process. Read from the child itself at exit.
progress("hostile server…");
if (section("hostile")) {
  const rss = join(work, "rss-hostile.mjs");
  writeFileSync(rss, `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.LD_BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)));\n`);
  const hostile = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "bench-coder", state: "loaded", loadedContextLength: 32768 }] });
  const spec = join(work, "hostile.json");
  writeFileSync(spec, JSON.stringify({ task_id: "bench-hostile", description: "Write slugify(input).", output_file: "src/hostile.mjs" }));
  const peak = async (name, reply) => {
    hostile.setScript(() => reply);
    const out = join(work, `hostile-${name}.rss`);
    const r = await timed(["--import", pathToFileURL(rss).href, CLI, "run", spec], { env: { ...env, LOCAL_DELEGATE_BASE_URL: hostile.baseUrl, LOCAL_DELEGATE_RETRIES: "0", LD_BENCH_RSS_OUT: out }, allowFail: true });
    const status = JSON.parse(r.out.trim().split("\n").at(-1) || "{}").status ?? "no result line";
    return { mb: existsSync(out) ? Number(readFileSync(out, "utf8")) / 1024 : NaN, wall: r.wall, status };
  };
  const normal = await peak("normal", { content: ANSWER, chunkSize: 1_000_000 });
  const huge500 = await peak("500", { status: 500, hugeErrorBytes: 3 * 1024 ** 3 });
  const endless = await peak("endless", { endlessDeltaBytes: 1024 * 1024 });
  await hostile.close();
  const worst = Math.max(huge500.mb, endless.mb);
  const ratio = worst / normal.mb;
  const show = (r) => `${r.mb.toFixed(0)} MB, ${r.status}, ${(r.wall / 1000).toFixed(1)} s`;
  results.push({
    name: "peak memory, hostile server",
    measured: `3 GB 500: ${show(huge500)}; endless stream: ${show(endless)}`,
    baseline: `normal run: ${normal.mb.toFixed(0)} MB`,
    figure: `${ratio.toFixed(2)}×`,
    goal: "≤ 2×",
    pass: Number.isFinite(ratio) && ratio <= 2,
    raw: { normal_mb: normal.mb, error_500_3gb_mb: huge500.mb, error_500_status: huge500.status, error_500_ms: huge500.wall, endless_stream_mb: endless.mb, endless_stream_status: endless.status, endless_stream_ms: endless.wall, ratio },
  });
}
// 6. The tree-sitter syntax gate: its first check in a fresh process pays for web-tree-sitter and
// the one grammar it needs (compiled from WebAssembly); later checks only parse. The gate is
// bundled from src/ beside a copy of dist/grammars, as dist/ holds it.
progress("grammars…");
if (section("grammars")) {
  const gateDir = join(work, "gate");
  const grammars = join(dist, "grammars");
  await build({
    stdin: {
      contents: `import { checkSyntax } from "./src/lang/syntax.ts";
const [language, file] = process.argv.slice(2);
const text = (await import("node:fs")).readFileSync(file, "utf8");
const t0 = performance.now();
const first = await checkSyntax(text, language);
const cold = performance.now() - t0;
if (!first.ok || first.checked !== "tree-sitter") process.exit(1);
const warm = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await checkSyntax(text, language);
  warm.push(performance.now() - t);
}
console.log(JSON.stringify({ cold, warm: warm.sort((a, b) => a - b)[2] }));`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: gateDir,
    entryNames: "gate",
    // yaml's CommonJS needs `require`, as in scripts/build.mjs.
    banner: { js: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);' },
    logLevel: "warning",
  });
  cpSync(grammars, join(gateDir, "grammars"), { recursive: true });
  for (const [language, file] of [["python", "test/lang/fixtures/python/ok/inventory.py"], ["csharp", "test/lang/fixtures/csharp/ok/OrderService.cs"]]) {
    const runs = [];
    for (let i = 0; i < (quick ? 5 : 15); i++) runs.push(JSON.parse((await timed([join(gateDir, "gate.js"), language, join(root, file)])).out));
    const cold = median(runs.map((r) => r.cold));
    const warm = median(runs.map((r) => r.warm));
    results.push({ name: `syntax gate, ${language}`, measured: `first check ${cold.toFixed(1)} ms`, baseline: `then ${warm.toFixed(1)} ms a check (${readFileSync(join(root, file), "utf8").split("\n").length} lines)`, figure: `${cold.toFixed(0)} ms cold`, goal: "—", pass: null, raw: { cold_ms: cold, warm_ms: warm, samples: runs.length, file } });
  }
  const wasm = readdirSync(grammars).map((f) => readFileSync(join(grammars, f)));
  const raw = wasm.reduce((n, b) => n + b.length, 0);
  const gz = wasm.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  results.push({ name: "dist/grammars in a clone", measured: `${(raw / 1e6).toFixed(1)} MB raw, ${wasm.length} files`, baseline: "gzip -9 each file", figure: `${(gz / 1e6).toFixed(2)} MB gzip`, goal: "≤ 8 MB gzip", pass: gz <= 8e6, raw: { raw_bytes: raw, gzip_bytes: gz, files: wasm.length } });
}
// 7. The model's own time: prompt tokens a real llama-server processes again. A retry keeps the
// first prompt as its prefix, and plan tasks reading the same file begin with it, so a server that
// caches the prompt's prefix processes only what is new. Read from the ledger's `prompt_cache`.
progress("prompt cache…");
if (section("cache")) {
  const bin = process.env.LLAMA_SERVER_BIN || join(root, ".cache/llama-server/bin/llama-server");
  if (!existsSync(bin)) {
    const note = "skipped: no llama-server here (scripts/install-llama-server.sh installs one)";
    for (const [name, goal] of [["prompt cache, retry", "≤ 15%"], ["prompt cache, 2nd plan task", "≤ 50%"]]) {
      results.push({ name, measured: note, baseline: "", figure: "–", goal, pass: null, raw: { skipped: note } });
    }
  } else {
    process.env.LLAMA_SERVER_BIN = bin;
    writeScriptedGguf(join(work, "cache.gguf"), { answer: "```javascript\n" + GOOD + "```", name: "cache", contextLength: 8192 });
    const llama = await startLlamaServer({ model: join(work, "cache.gguf"), ctxSize: 8192 });
    try {
      const r = await promptCacheFigures(llama.baseUrl);
      results.push(r.retry, r.plan);
    } finally {
      await llama.stop();
    }
  }
}
progress("");
await server.close();

/** The retry's and the second plan task's share of their prompt processed afresh, against a llama-server at `baseUrl`. */
async function promptCacheFigures(baseUrl) {
  // About 2,600 tokens of context with the scripted model's tokenizer, about as much as a few real files.
  const lib = (name, n) => Array.from({ length: n }, (_, i) => `export function ${name}${i}(value) { return value * ${i + 2} + ${i * 7}; }`).join("\n") + "\n";
  const projectWith = (name, files) => {
    const dir = join(work, name);
    mkdirSync(join(dir, ".git"), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return dir;
  };
  /** Each run's or plan step's `prompt_cache` (or null), in ledger order. */
  const cacheOf = (dir) => {
    const path = join(dir, ".claude/local-delegate/ledger.jsonl");
    if (!existsSync(path)) return [];
    const entries = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    return entries.filter((e) => e.event === "run" || e.event === "plan-step").map((e) => e.prompt_cache ?? null);
  };
  const cacheEnv = { ...env, LOCAL_DELEGATE_BASE_URL: baseUrl, LOCAL_DELEGATE_RETRIES: "1" };
  const total = (a) => a.prompt_n + a.cache_n;
  const pctOf = (x) => `${(x * 100).toFixed(1)}%`;
  const statusOf = (r) => JSON.parse(r.out.trim().split("\n").at(-1) || "{}").status ?? "no result line";
  const missing = (name, goal, status) => ({ name, measured: `the run ended ${status}, with no prompt_cache in the ledger (is dist/ built from this source?)`, baseline: "", figure: "–", goal, pass: false, raw: { status } });

  // The test passes from its second run only: the first answer fails it, the retry passes.
  const check = `import { existsSync, writeFileSync } from "node:fs";\nimport { slugify } from "./src/slugify.mjs";\nif (slugify("Hello, World!") !== "hello-world") process.exit(1);\nif (!existsSync("checked-once")) { writeFileSync("checked-once", ""); console.error("expected a second look"); process.exit(1); }\n`;
  const one = projectWith("cache-retry", { "check.mjs": check, "lib/words.mjs": lib("weigh", 40) });
  writeFileSync(join(one, "spec.json"), JSON.stringify({ task_id: "bench-retry", description: "Write slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs", context_files: ["lib/words.mjs"], test_command: "node check.mjs" }));
  const ran = await timed([CLI, "run", "spec.json"], { cwd: one, env: cacheEnv, allowFail: true });
  const [first, retry] = cacheOf(one)[0] ?? [];
  const retryShare = first && retry ? retry.prompt_n / total(first) : null;
  const retryRow = retryShare === null
    ? missing("prompt cache, retry", "≤ 15%", statusOf(ran))
    : { name: "prompt cache, retry", measured: `${retry.prompt_n} of ${total(first)} tokens processed again`, baseline: `1st attempt: ${first.prompt_n} processed, ${first.cache_n} cached`, figure: pctOf(retryShare), goal: "≤ 15%", pass: retryShare <= 0.15, raw: { first_prompt_n: first.prompt_n, first_cache_n: first.cache_n, retry_prompt_n: retry.prompt_n, retry_cache_n: retry.cache_n, share: retryShare } };

  const two = projectWith("cache-plan", { "lib/shared.mjs": lib("shared", 40), "lib/a.mjs": lib("onlyA", 4), "lib/b.mjs": lib("onlyB", 4) });
  writeFileSync(
    join(two, "plan.yaml"),
    [
      "request: two modules over one library",
      "name: bench-cache",
      "tasks:",
      '  - {task_id: first, owner: local, description: "slugify(input) for the first module.", output_file: src/first.mjs, context_files: [lib/a.mjs, lib/shared.mjs]}',
      '  - {task_id: second, owner: local, description: "The same slugify for the second module.", output_file: src/second.mjs, context_files: [lib/shared.mjs, lib/b.mjs]}',
      "",
    ].join("\n"),
  );
  const planned = await timed([CLI, "plan", "run", "plan.yaml"], { cwd: two, env: cacheEnv, allowFail: true });
  const [a, b] = cacheOf(two).map((c) => c?.[0]);
  const planShare = a && b ? b.prompt_n / total(b) : null;
  const planRow = planShare === null
    ? missing("prompt cache, 2nd plan task", "≤ 50%", statusOf(planned))
    : { name: "prompt cache, 2nd plan task", measured: `${b.prompt_n} of ${total(b)} tokens processed`, baseline: `1st task: ${a.prompt_n} of ${total(a)} processed`, figure: pctOf(planShare), goal: "≤ 50%", pass: planShare <= 0.5, raw: { first_prompt_n: a.prompt_n, first_cache_n: a.cache_n, second_prompt_n: b.prompt_n, second_cache_n: b.cache_n, share: planShare } };
  return { retry: retryRow, plan: planRow };
}

// The table, and the same figures as JSON.
const cols = [
  ["", (r) => (r.pass === null ? " " : r.pass ? "✓" : "✗")],
  ["measure", (r) => r.name],
  ["figure", (r) => r.figure],
  ["goal", (r) => r.goal],
  ["measured", (r) => r.measured],
  ["baseline", (r) => r.baseline],
];
const widths = cols.map(([h, f]) => Math.max(h.length, ...results.map((r) => [...f(r)].length)));
const line = (cells) => cells.map((c, i) => c + " ".repeat(widths[i] - [...c].length)).join("  ").trimEnd();
console.log(`local-delegate bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}${quick ? " (quick)" : ""}`);
console.log(line(cols.map(([h]) => h)));
console.log(line(widths.map((w) => "─".repeat(w))));
for (const r of results) console.log(line(cols.map(([, f]) => f(r))));

const out = join(root, "bench-results.json");
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, quick, results: results.map(({ name, figure, goal, pass, raw }) => ({ name, figure, goal, pass, ...raw })) }, null, 2)}\n`);
console.log(`\nwritten to ${out}`);
// A missed goal is a finding, not a crash; --strict makes it fail a CI step.
process.exitCode = strict && results.some((r) => r.pass === false) ? 1 : 0;
