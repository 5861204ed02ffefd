// The embedded backend: a scripted GGUF (test/support/scripted-gguf.ts) loaded in this process by
// the real node-llama-cpp (an optional dependency; `npm ci` installs it). Same prompts, real
// tokenizer and chat template, real token counts, grammar-constrained JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedBackend } from "../../src/model/embedded.js";
import { loadNodeLlamaCpp, type NodeLlamaCpp } from "../../src/model/embedded-load.js";
import type { ModelBackend } from "../../src/model/backend.js";
import { runCli, tempProject } from "../support/project.js";
import { writeScriptedGguf } from "../support/scripted-gguf.js";

const FILE = ["Here is the file:", "", "```javascript", "export function double(n) {", "  return n * 2;", "}", "```"].join("\n");
const JSON_ANSWER = '{"path": "src/double.mjs", "content": "export const double = (n) => n * 2;\\n"}';
const CHECK = `import { double } from "./src/double.mjs";
if (double(21) !== 42) { console.error("expected 42"); process.exit(1); }
`;
const messages = [
  { role: "system" as const, content: "You write one file." },
  { role: "user" as const, content: "Write src/double.mjs: export double(n)." },
];

let dir: string;
let model: string;
let backend: ModelBackend;

beforeAll(async () => {
  // node-llama-cpp is optional for users, not for this suite: `npm ci` installs it. Say so plainly.
  const lib = await loadNodeLlamaCpp();
  if (!lib.ok) throw new Error(`these tests need node-llama-cpp: run \`npm ci\` (${lib.error.message})`);
  dir = mkdtempSync(join(tmpdir(), "ld-embedded-"));
  model = join(dir, "double-coder.gguf");
  writeScriptedGguf(model, { answer: FILE, jsonAnswer: JSON_ANSWER, name: "double-coder", contextLength: 2048 });
  backend = embeddedBackend({ modelPath: model, maxParallel: 1 });
}, 60_000);

afterAll(async () => {
  await backend?.dispose?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("embedded backend (node-llama-cpp, in process)", () => {
  it("describes the loaded model with the context it allocated", async () => {
    const info = await backend.describe();
    expect(info).toEqual({ ok: true, value: { flavor: "embedded", models: [{ id: "double-coder", loaded: true, contextLength: 2048 }] } });
    expect(backend.id).toBe(`embedded:${model}`);
  });

  it("streams the scripted answer with progress and the library's token counts", async () => {
    const progress: number[] = [];
    const r = await backend.chat({ model: "double-coder", messages, maxTokens: 200, temperature: 0.2, timeoutMs: 30_000, onProgress: (p) => progress.push(p.tokens) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.text).toBe(FILE);
    expect(r.value.finishReason).toBe("stop");
    expect(r.value.model).toBe("double-coder");
    // One token per line piece; unlike llama-server, node-llama-cpp does not count the end token.
    // The prompt is the whole templated chat.
    expect(r.value.usage?.completion_tokens).toBe(7);
    expect(r.value.usage?.prompt_tokens).toBeGreaterThan(20);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // Each call starts from a clean sequence: the same prompt counts the same again.
    const again = await backend.chat({ model: "double-coder", messages, maxTokens: 200, temperature: 0.2, timeoutMs: 30_000 });
    expect(again.ok && again.value.usage).toEqual(r.value.usage);
  });

  it("stops at max_tokens and says the answer was cut", async () => {
    const r = await backend.chat({ model: "double-coder", messages, maxTokens: 2, temperature: 0.2, timeoutMs: 30_000 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.finishReason).toBe("length");
    expect(r.value.usage?.completion_tokens).toBe(2);
  });

  it("follows a JSON schema through a grammar, not a prompt hint", async () => {
    const schema = { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] };
    const r = await backend.chat({ model: "double-coder", messages, maxTokens: 200, temperature: 0.2, timeoutMs: 30_000, responseSchema: schema });
    if (!r.ok) throw new Error(r.error.message);
    expect(JSON.parse(r.value.text)).toEqual({ path: "src/double.mjs", content: "export const double = (n) => n * 2;\n" });
  });

  it("reports a cancel as cancelled", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await backend.chat({ model: "double-coder", messages, maxTokens: 200, temperature: 0.2, timeoutMs: 30_000, signal: ac.signal });
    expect(r).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
  });

  it("runs a task end to end from the CLI with backend: embedded", async () => {
    const proj = tempProject({ "check.mjs": CHECK });
    try {
      const spec = proj.spec({ task_id: "double", description: "double(n)", output_file: "src/double.mjs", test_command: "node check.mjs" });
      const r = await runCli(["run", spec, "--verbose"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BACKEND: "embedded", LOCAL_DELEGATE_MODEL_PATH: model } });
      expect(r.stdout.trim().split("\n")).toHaveLength(1);
      expect(r.json).toMatchObject({ status: "success", attempts: 1, tests: "passed", model: "double-coder", local_tokens: { completion: 7 } });
      expect(r.code).toBe(0);
      expect(proj.read("src/double.mjs")).toBe("export function double(n) {\n  return n * 2;\n}\n");
    } finally {
      proj.cleanup();
    }
  }, 60_000);
});

describe("embedded backend: what goes wrong, said plainly", () => {
  it("says how to install node-llama-cpp when it is missing", async () => {
    const env = { HOME: "/home/someone" };
    const missing = embeddedBackend({ modelPath: model, maxParallel: 1 }, { load: () => loadNodeLlamaCpp({ specifier: "node-llama-cpp-not-installed-here", env }) });
    const r = await missing.describe();
    expect(r).toMatchObject({ ok: false, error: { code: "MODEL_UNAVAILABLE" } });
    if (r.ok) return;
    expect(r.error.message).toBe("backend: embedded needs the optional package node-llama-cpp-not-installed-here, which is not installed");
    expect(r.error.hint).toContain("`npm i --prefix /home/someone/.local/share/local-delegate/embedded node-llama-cpp`");
    expect(r.error.hint).toContain("@node-llama-cpp/linux-x64 --omit=optional");
  });

  it("finds it in the user's data folder, where the hint says to install it", async () => {
    const data = mkdtempSync(join(tmpdir(), "ld-data-"));
    try {
      const pkg = join(data, "local-delegate", "embedded", "node_modules", "stand-in-llama");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "stand-in-llama", type: "module", exports: { ".": { node: "./index.js" } } }));
      writeFileSync(join(pkg, "index.js"), "export async function getLlama() {}\nexport class LlamaChat {}\n");
      const r = await loadNodeLlamaCpp({ specifier: "stand-in-llama", env: { XDG_DATA_HOME: data } });
      expect(r.ok).toBe(true);
      const elsewhere = await loadNodeLlamaCpp({ specifier: "stand-in-llama", env: { XDG_DATA_HOME: join(data, "nothing-here") } });
      expect(elsewhere.ok).toBe(false);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  // A big model takes a while to load from disk, longer from a network folder: describe() is what
  // doctor and every run's first check call, and its signal went unheard until the load was done.
  it("a Ctrl-C while the model loads ends the wait at once, as the backend interface promises", async () => {
    const lib = { getLlama: () => new Promise<never>(() => {}), LlamaChat: class {} } as unknown as NodeLlamaCpp;
    const loading = embeddedBackend({ modelPath: model, maxParallel: 1 }, { load: async () => ({ ok: true, value: lib }) });
    const stop = new AbortController();
    const described = loading.describe(stop.signal);
    stop.abort();
    const bound = new Promise<string>((r) => setTimeout(() => r("still waiting for the load"), 10_000).unref());
    expect(await Promise.race([described, bound])).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    // Not cancelled, the same load is still waited for: only the caller that was stopped stops.
    expect(await Promise.race([loading.describe(), new Promise<string>((r) => setTimeout(() => r("waiting"), 200).unref())])).toBe("waiting");
  });

  it("says so when the file is not a model llama.cpp can load", async () => {
    const junk = join(dir, "junk.gguf");
    writeFileSync(junk, "this is not a GGUF file\n");
    const r = await embeddedBackend({ modelPath: junk, maxParallel: 1 }).describe();
    expect(r).toMatchObject({ ok: false, error: { code: "MODEL_UNAVAILABLE" } });
    if (!r.ok) expect(r.error.message).toMatch(new RegExp(`^cannot load ${junk.replace(/[.]/g, "\\.")} in process: `));
  });

  it("refuses a missing model file as a config error naming model_path", async () => {
    const proj = tempProject();
    try {
      const spec = proj.spec({ task_id: "nofile", description: "double(n)", output_file: "src/double.mjs" });
      const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BACKEND: "embedded", LOCAL_DELEGATE_MODEL_PATH: "models/none.gguf" } });
      expect(r.code).toBe(2);
      expect(r.json).toMatchObject({ status: "invalid", attempts: 0 });
      expect(r.json.error).toMatch(/^model_path: no such file: .*models\/none\.gguf/);
    } finally {
      proj.cleanup();
    }
  });

  it("asks for model_path when backend: embedded has none", async () => {
    const proj = tempProject();
    try {
      const spec = proj.spec({ task_id: "nopath", description: "double(n)", output_file: "src/double.mjs" });
      const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BACKEND: "embedded" } });
      expect(r.code).toBe(2);
      expect(r.json.error).toMatch(/^model_path: backend: embedded needs the GGUF file/);
    } finally {
      proj.cleanup();
    }
  });
});
