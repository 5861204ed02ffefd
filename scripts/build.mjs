#!/usr/bin/env node
// Bundles each entry point into one self-contained ESM file in dist/. The plugin runs from a
// marketplace clone with no `npm install`, so every dependency must be inside the bundle.
// `node scripts/build.mjs --outdir DIR` builds elsewhere; the staleness test compares DIR with dist/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { asciiOnly } from "./ascii-only.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--outdir");
const outdir = i > 0 ? resolve(process.argv[i + 1]) : join(root, "dist");

// One file per entry point. The hook runs on every Write Claude makes, so it is a separate,
// small entry that never loads the engine's parser or HTTP client.
const entries = {
  cli: "src/cli/launch.ts",
  "cli-main": "src/cli/bin.ts",
  statusline: "src/cli/statusline-main.ts",
  hook: "src/hook/main.ts",
  "hook-session-start": "src/hook/main-session-start.ts",
  "hook-prompt": "src/hook/main-prompt.ts",
  "hook-pre-tool-use": "src/hook/main-pre-tool-use.ts",
  "hook-config": "src/config/snapshot-write.ts",
  "hook-probe": "src/model/probe.ts",
  "hook-write": "src/hook/write-event.ts",
  "hook-helper": "src/hook/helper-main.ts",
  "hook-session-start-work": "src/hook/session-start.ts",
  "hook-prompt-work": "src/hook/prompt.ts",
};

// Prompt templates are imported as `./templates/code.md?raw` (Vite's form, so tests read the same
// files); in the bundle they become string constants.
const rawText = {
  name: "raw-text",
  setup(b) {
    // The module id is the path from the project root: an absolute one would make the bundle
    // differ by where the checkout lives.
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: relative(root, resolve(args.resolveDir, args.path.replace(/\?raw$/, ""))).split("\\").join("/"),
      namespace: "raw-text",
    }));
    b.onLoad({ filter: /.*/, namespace: "raw-text" }, (args) => ({
      contents: readFileSync(join(root, args.path), "utf8"),
      loader: "text",
    }));
  },
};

// The hook starts on every Write Claude makes, so dist/hook.cjs holds only its fast path: no YAML
// parser, no schema library. What it needs now and then is a file beside it, loaded with require()
// when needed: the full config read (YAML and the schema, when the config snapshot is missing or
// stale), the server probe (a health check) and the judging of a Write (the classifier, the model's
// record, the ledger: a session start or a prompt never parses them). Source code imports these lazily (`await
// import(...)`); here those imports become the sibling files. src/model/targets.ts imports the
// probe at its top, so inside the hook its `./probe.js` is src/hook/probe-lazy.ts, which imports it lazily.
const hookApart = {
  name: "hook-apart",
  setup(b) {
    const apart = Object.fromEntries(["hook-config", "hook-probe", "hook-write", "hook-session-start-work", "hook-prompt-work"].map((name) => [join(root, entries[name]), `./${name}.cjs`]));
    b.onResolve({ filter: /^\.\/probe\.js$/ }, (args) =>
      args.importer === join(root, "src/model/targets.ts") ? { path: join(root, "src/hook/probe-lazy.ts") } : undefined,
    );
    b.onResolve({ filter: /\.js$/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      const file = join(args.resolveDir, args.path).replace(/\.js$/, ".ts");
      return apart[file] ? { path: apart[file], external: true } : undefined;
    });
  },
};

// The tokenizer's table is data beside the bundle (dist/cl100k.bin, written below), not code: the
// module that builds it from gpt-tokenizer's ranks, for the sources, is left out of the bundle.
const tokenRanksApart = {
  name: "token-ranks-apart",
  setup(b) {
    b.onResolve({ filter: /\/cl100k-ranks\.js$/ }, () => ({ path: "cl100k-ranks", namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: 'export function rankTableBytes() { throw new Error("dist/cl100k.bin is missing; reinstall local-delegate"); }', loader: "js" }));
  },
};

// web-tree-sitter's ES module build declares `var require = createRequire(import.meta.url)` inside
// the function that first calls require("module"): bundled as CommonJS, that `var` hoists over the
// bundle's own require, which is then undefined ("require is not a function") and every
// tree-sitter language would go unchecked. Its CommonJS build has no such line.
const treeSitterCjs = {
  name: "web-tree-sitter-cjs",
  setup(b) {
    b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: join(root, "node_modules/web-tree-sitter/tree-sitter.cjs") }));
  },
};

for (const f of safeList(outdir)) if (f.endsWith(".js") || f.endsWith(".cjs") || f.endsWith(".bin")) rmSync(join(outdir, f));

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  // The embedded backend's optional package (src/model/embedded-load.ts): imported at run time only
  // when `backend: embedded` is configured, from wherever the user installed it; never bundled.
  external: ["node-llama-cpp"],
  platform: "node",
  format: "esm",
  target: "node20",
  charset: "utf8",
  legalComments: "none",
  logLevel: "warning",
  // Paths in the bundle stay relative to the project even when node_modules is a symlink, so
  // the output is the same byte for byte wherever it is built.
  preserveSymlinks: true,
  plugins: [rawText],
  banner: {
    js: [
      "#!/usr/bin/env node",
      "// Generated by scripts/build.mjs from src/. Do not edit.",
      'import { createRequire as __ldCreateRequire } from "node:module";',
      "const require = __ldCreateRequire(import.meta.url);",
    ].join("\n"),
  },
};

// The hooks' build id: a hook finds its resident helper by it, and `doctor` finds it the same way.
const HOOK_BUILD = hookBuildId();

// The CLI runs through V8's code cache (src/util/code-cache.ts): dist/cli.js is a small launcher
// that compiles dist/cli-main.cjs with the compiled code kept in the user's state folder. The
// bundle is CommonJS (Node 20 caches no ES module's code) and runs no import() (Node 20 loses a
// cached script's dynamic-import callback): each import() of the bundle becomes a require() that
// runs the module when reached, so a command still evaluates only its own code. `import.meta.url`
// is the bundle file's URL. The CLI stays readable, so a user can see what runs on their machine.
const cached = {
  ...common,
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  charset: "ascii",
  supported: { "dynamic-import": false },
  // `doctor` finds the hook's helper by the hooks' build id.
  define: { "import.meta.url": "__bundleUrl", __HOOK_BUILD__: JSON.stringify(HOOK_BUILD) },
  banner: { js: ['// Generated by scripts/build.mjs from src/. Do not edit.', 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;'].join("\n") },
};
await build({ ...common, entryPoints: { cli: entries.cli } });
const bundled = await build({ ...cached, entryPoints: { "cli-main": entries["cli-main"] }, plugins: [rawText, tokenRanksApart, treeSitterCjs], write: false });
for (const f of bundled.outputFiles) writeFileSync(f.path, asciiOnly(f.text));
const { rankTableBytes } = await importTs("src/tokens/cl100k-ranks.ts");
const { TABLE_FILE } = await importTs("src/tokens/cl100k.ts");
writeFileSync(join(outdir, TABLE_FILE), rankTableBytes());
// The status line is a file of its own, with nothing beside it: people copy it to a fixed path for
// Claude Code's statusLine setting (docs/savings.md), which `cli.js statusline` cannot be.
await build({ ...common, entryPoints: { statusline: entries.statusline }, minify: true });
// The hook is CommonJS (dist/hook.cjs): Node starts a CommonJS file without its ES module loader,
// which is about a fifth of the hook's start-up. Its lazily loaded parts are CommonJS too, and
// `import()` becomes `require()` (an `import()` would start the ES module loader after all).
const hookCommon = {
  ...common,
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  minify: true,
  supported: { "dynamic-import": false },
  define: { __HOOK_BUILD__: JSON.stringify(HOOK_BUILD) },
  banner: { js: "// Generated by scripts/build.mjs from src/. Do not edit." },
};
// Claude Code runs one entry per event (hooks/hooks.json), each holding only its event's code: a
// hook compiles its whole entry on every start, and the three events share little. dist/hook.cjs
// holds them all, for a person trying it and for a session begun with an earlier hooks.json.
const hookEntries = Object.fromEntries(["hook", "hook-session-start", "hook-prompt", "hook-pre-tool-use"].map((name) => [name, entries[name]]));
await build({ ...hookCommon, entryPoints: hookEntries, plugins: [rawText, hookApart], banner: { js: "#!/usr/bin/env node\n// Generated by scripts/build.mjs from src/. Do not edit." } });
await build({ ...hookCommon, entryPoints: { "hook-config": entries["hook-config"], "hook-probe": entries["hook-probe"] } });
// Judging a Write reaches the probe and the config read too: they stay the siblings they are.
await build({ ...hookCommon, entryPoints: { "hook-write": entries["hook-write"] }, plugins: [rawText, hookApart] });
// What a session start's and a prompt's entry do themselves when no helper answers; the resident
// helper, which answers every event, with the same lazily loaded siblings.
await build({ ...hookCommon, entryPoints: { "hook-session-start-work": entries["hook-session-start-work"], "hook-prompt-work": entries["hook-prompt-work"], "hook-helper": entries["hook-helper"] }, plugins: [rawText, hookApart] });

// The tree-sitter grammars (and web-tree-sitter's own WebAssembly) are data, not code: they are
// copied as they are into dist/grammars/, where src/lang/tree-sitter.ts looks for them. Which files
// is read from the table of languages (src/lang/languages.ts), the one place that lists them.
const { treeSitterFiles } = await importTs("src/lang/grammars.ts");
rmSync(join(outdir, "grammars"), { recursive: true, force: true });
mkdirSync(join(outdir, "grammars"), { recursive: true });
for (const file of treeSitterFiles()) copyFileSync(join(root, "node_modules", file), join(outdir, "grammars", basename(file)));

/**
 * The id a hook finds its resident helper by (src/hook/helper-place.ts): a hash of the sources, the
 * locked dependencies and this script, so a hook talks only to a helper built from the same code,
 * wherever the checkout lives.
 */
function hookBuildId() {
  const hash = createHash("sha256");
  const files = readdirSync(join(root, "src"), { recursive: true }).map((f) => String(f).split("\\").join("/")).sort();
  for (const f of files.filter((f) => statSync(join(root, "src", f)).isFile())) hash.update(`${f}\0`).update(readFileSync(join(root, "src", f)));
  for (const f of ["package.json", "package-lock.json", "scripts/build.mjs"]) hash.update(readFileSync(join(root, f)));
  return hash.digest("hex").slice(0, 16);
}

/** A TypeScript module of src/, bundled in memory and imported. */
async function importTs(path) {
  const out = await build({ absWorkingDir: root, entryPoints: [path], bundle: true, write: false, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
