// What checking a model's answer costs: the extractor that finds the file in it, and the
// tree-sitter syntax gate that parses it.
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { median, ms, timed } from "./measure.mjs";

// 3. The extractor: the corpus of messy answers, and one big answer (a 1 MB file in chatter).
export async function extractorSection(ctx) {
  const { quick, results } = ctx;
  const { MESSY_ANSWERS, extractFile } = ctx.support;
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

/** Bundles the syntax gate from src/ into `gateDir` as gate.js: it prints its first check's time and a warm one's. */
async function bundleGate(root, gateDir) {
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
}

// 6. The tree-sitter syntax gate: its first check in a fresh process pays for web-tree-sitter and
// the one grammar it needs (compiled from WebAssembly); later checks only parse. The gate is
// bundled from src/ beside a copy of dist/grammars, as dist/ holds it.
export async function grammarsSection(ctx) {
  const { root, dist, work, quick, results } = ctx;
  const gateDir = join(work, "gate");
  const grammars = join(dist, "grammars");
  await bundleGate(root, gateDir);
  cpSync(grammars, join(gateDir, "grammars"), { recursive: true });
  for (const [language, file] of [["python", "test/lang/fixtures/python/ok/inventory.py"], ["csharp", "test/lang/fixtures/csharp/ok/OrderService.cs"]]) {
    const runs = [];
    for (let i = 0; i < (quick ? 5 : 15); i++) runs.push(JSON.parse((await timed(ctx, [join(gateDir, "gate.js"), language, join(root, file)])).out));
    const cold = median(runs.map((r) => r.cold));
    const warm = median(runs.map((r) => r.warm));
    results.push({ name: `syntax gate, ${language}`, measured: `first check ${cold.toFixed(1)} ms`, baseline: `then ${warm.toFixed(1)} ms a check (${readFileSync(join(root, file), "utf8").split("\n").length} lines)`, figure: `${cold.toFixed(0)} ms cold`, goal: "—", pass: null, raw: { cold_ms: cold, warm_ms: warm, samples: runs.length, file } });
  }
  const wasm = readdirSync(grammars).map((f) => readFileSync(join(grammars, f)));
  const raw = wasm.reduce((n, b) => n + b.length, 0);
  const gz = wasm.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  results.push({ name: "dist/grammars in a clone", measured: `${(raw / 1e6).toFixed(1)} MB raw, ${wasm.length} files`, baseline: "gzip -9 each file", figure: `${(gz / 1e6).toFixed(2)} MB gzip`, goal: "≤ 8 MB gzip", pass: gz <= 8e6, raw: { raw_bytes: raw, gzip_bytes: gz, files: wasm.length } });
}
