// What a `run` costs beside the model's time: the CLI's overhead against a minimal client, and its
// peak memory with the most context a spec may name and against a hostile server.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { paired, pairedInstructions, timed } from "./measure.mjs";

// node:http, the least a client can be: the same streamed chat request, read to its end.
const MINIMAL_CLIENT = `import http from "node:http";
const body = JSON.stringify({ model: "bench-coder", stream: true, messages: [{ role: "user", content: "Write slugify." }] });
const req = http.request(process.argv[2] + "/chat/completions", { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
  let text = "";
  res.setEncoding("utf8");
  res.on("data", (c) => (text += c));
  res.on("end", () => { if (!text.includes("[DONE]")) process.exitCode = 1; });
});
req.end(body);
`;

// Preloaded into a run (--import): its peak RSS, read from the child itself at exit.
const RSS_AT_EXIT = `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.LD_BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)));\n`;

// 2. The CLI's overhead on a run, against a minimal client doing the one chat request itself.
export async function overheadSection(ctx) {
  const { CLI, work, env, server, quick, instructions, results } = ctx;
  const spec = join(work, "spec.json");
  writeFileSync(spec, JSON.stringify({ task_id: "bench", description: "Write slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs" }));
  const client = join(work, "client.mjs");
  writeFileSync(client, MINIMAL_CLIENT);
  const n = quick ? 8 : 25;
  const run = () => timed(ctx, [CLI, "run", spec]);
  const minimal = () => timed(ctx, [client, server.baseUrl]);
  // The runs after the first of each command reuse V8's compiled code (src/util/code-cache.ts): the
  // warm-ups write it. A first run after an install or an update is measured apart below.
  const r = await paired(run, minimal, n);
  const diff = r.a - r.b;
  results.push({ name: "cli overhead per task", measured: `${r.a.toFixed(1)} ms`, baseline: `minimal client: ${r.b.toFixed(1)} ms`, figure: `+${diff.toFixed(1)} ms`, goal: "≤ 150 ms", pass: diff <= 150, raw: { cli_ms: r.a, client_ms: r.b, diff_ms: diff, samples: n, cli_range_ms: r.spreadA, client_range_ms: r.spreadB } });
  if (instructions) {
    const c = await pairedInstructions(ctx, [CLI, "run", spec], "", 3, [client, server.baseUrl], 1);
    results.push({ name: "  instructions", measured: `${(c.a / 1e6).toFixed(0)} M`, baseline: `minimal client: ${(c.b / 1e6).toFixed(0)} M`, figure: `+${((c.a - c.b) / 1e6).toFixed(0)} M`, goal: "—", pass: null, raw: { cli_instructions: c.a, client_instructions: c.b } });
  }
  // A first run: no code cache yet (it compiles the bundle, then writes the cache as it exits).
  const codeCache = join(env.XDG_STATE_HOME, "local-delegate", "code-cache");
  const cold = await paired(() => (rmSync(codeCache, { recursive: true, force: true }), run()), minimal, quick ? 5 : 12, 1);
  results.push({ name: "  first run, no code cache", measured: `${cold.a.toFixed(1)} ms`, baseline: `minimal client: ${cold.b.toFixed(1)} ms`, figure: `+${(cold.a - cold.b).toFixed(1)} ms`, goal: "—", pass: null, raw: { cli_ms: cold.a, client_ms: cold.b, diff_ms: cold.a - cold.b } });
  // Where the overhead goes: the bundle's own start, before any work.
  const start = await paired(() => timed(ctx, [CLI, "--help"]), () => timed(ctx, ["-e", "0"]), quick ? 8 : 20);
  const startDiff = start.a - start.b;
  results.push({ name: "  of which cli start-up", measured: `--help: ${start.a.toFixed(1)} ms`, baseline: `node -e 0: ${start.b.toFixed(1)} ms`, figure: `+${startDiff.toFixed(1)} ms`, goal: "—", pass: null, raw: { help_ms: start.a, node_ms: start.b, diff_ms: startDiff } });
}

// 4. Peak memory of a run with the most context a spec may name (20 files just under the 1 MB
// limit each), against the same run with no context. Read from the child itself at exit.
export async function memorySection(ctx) {
  const { CLI, work, env, project, results } = ctx;
  const rss = join(work, "rss.mjs");
  writeFileSync(rss, RSS_AT_EXIT);
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
    const r = await timed(ctx, ["--import", pathToFileURL(rss).href, CLI, "run", path], { env: { ...env, LD_BENCH_RSS_OUT: out } });
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
export async function hostileSection(ctx) {
  const { CLI, work, env, ANSWER, results } = ctx;
  const { startFakeOpenAIServer } = ctx.support;
  const rss = join(work, "rss-hostile.mjs");
  writeFileSync(rss, RSS_AT_EXIT);
  const hostile = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "bench-coder", state: "loaded", loadedContextLength: 32768 }] });
  const spec = join(work, "hostile.json");
  writeFileSync(spec, JSON.stringify({ task_id: "bench-hostile", description: "Write slugify(input).", output_file: "src/hostile.mjs" }));
  const peak = async (name, reply) => {
    hostile.setScript(() => reply);
    const out = join(work, `hostile-${name}.rss`);
    const r = await timed(ctx, ["--import", pathToFileURL(rss).href, CLI, "run", spec], { env: { ...env, LOCAL_DELEGATE_BASE_URL: hostile.baseUrl, LOCAL_DELEGATE_RETRIES: "0", LD_BENCH_RSS_OUT: out }, allowFail: true });
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
