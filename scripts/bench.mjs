#!/usr/bin/env node
// `npm run bench`: what local-delegate costs beside the model's own time, each figure measured
// against a baseline in the same run (same machine, same load), so the ratios mean something on
// any machine. Not a test: it prints a table and writes bench-results.json (git-ignored).
//
//   hook      the hook's entry for each event (hooks/hooks.json), with a project config  vs  a bare `node -e 0`  (goal ≤ 1.10×);
//             with the resident helper a plugin hook starts, then each in the hook's own process (no helper)
//   overhead  node dist/cli.js run, server answers at once      vs  a minimal client on the same server (goal ≤ 150 ms);
//             with its code cache (the runs after the first), and a first run without
//   extractor the extractor on the messy-answer corpus            (answers/s, MB/s)
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
//
// The sections live in scripts/bench/ (measure.mjs holds the helpers they time with); this file
// parses the arguments, sets up what they share and passes it to each as `ctx`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { cacheSection } from "./bench/cache.mjs";
import { extractorSection, grammarsSection } from "./bench/gate.mjs";
import { hookSection } from "./bench/hook.mjs";
import { helperPids, progress } from "./bench/measure.mjs";
import { hostileSection, memorySection, overheadSection } from "./bench/run.mjs";

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
  for (const pid of helperPids({ dist, work })) process.kill(pid, "SIGTERM");
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
const support = await import(pathToFileURL(join(work, "support.mjs")).href);
// The entry Claude Code runs for each hook event, as hooks/hooks.json names it (one per event).
const HOOKS = Object.fromEntries(Object.entries(support.hookEntryFiles(readFileSync(join(root, "hooks", "hooks.json"), "utf8"))).map(([event, file]) => [event, join(dist, file)]));
for (const f of Object.values(HOOKS)) needBuilt(f);

const GOOD = 'export function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n';
const ANSWER = "Here you go:\n\n```js\n" + GOOD + "```\n";
const server = await support.startFakeOpenAIServer({
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

// What every section shares; each pushes its rows onto `results`, and each child it starts is in
// `children` while it runs (the exit handler kills those left).
const results = [];
const ctx = { root, dist, CLI, HOOKS, work, home, project, env, server, support, quick, instructions, results, children, GOOD, ANSWER };
// In this order, each after a progress note (shown even for a section --only leaves out).
const sections = [
  ["hook", "hook…", hookSection],
  ["overhead", "cli overhead…", overheadSection],
  ["extractor", "extractor…", extractorSection],
  ["memory", "memory…", memorySection],
  ["hostile", "hostile server…", hostileSection],
  ["grammars", "grammars…", grammarsSection],
  ["cache", "prompt cache…", cacheSection],
];
for (const [name, note, measure] of sections) {
  progress(note);
  if (section(name)) await measure(ctx);
}
progress("");
await server.close();

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
