// The engine against a real llama.cpp llama-server with scripted tiny models: real tokenizer, chat
// template, SSE stream (first delta `content: null`, `timings`), real usage and real error bodies.
// What fakes get wrong shows up here.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaServer, startLlamaServer, type LlamaServer } from "../support/llama-server.js";
import { runCli, tempProject } from "../support/project.js";
import { writeScriptedGguf } from "../support/scripted-gguf.js";

const FILE = [
  "Here is the file:",
  "",
  "```javascript",
  "// src/slugify.mjs",
  "export function slugify(input) {",
  "  return input",
  "    .toLowerCase()",
  "    .replace(/[^a-z0-9]+/g, \"-\")",
  "    .replace(/^-+|-+$/g, \"\");",
  "}",
  "```",
].join("\n");
const CHECK = `import { slugify } from "./src/slugify.mjs";
if (slugify("Hello, World!") !== "hello-world") { console.error("expected hello-world"); process.exit(1); }
`;

let dir: string;
let server: LlamaServer;

beforeAll(async () => {
  await ensureLlamaServer({ timeoutMs: 300_000 });
  dir = mkdtempSync(join(tmpdir(), "ld-real-"));
  writeScriptedGguf(join(dir, "slugify.gguf"), { answer: FILE, name: "slugify", contextLength: 4096 });
  server = await startLlamaServer({ model: join(dir, "slugify.gguf"), ctxSize: 4096, extraArgs: ["-a", "scripted-coder"] });
}, 320_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("run against a real llama-server", () => {
  it("writes the file, runs the test, and reports the server's real usage", async () => {
    const proj = tempProject({ "check.mjs": CHECK });
    try {
      const spec = proj.spec({ task_id: "real-slugify", description: "slugify", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
      const r = await runCli(["run", spec, "--verbose"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
      expect(r.json).toMatchObject({ status: "success", attempts: 1, tests: "passed", model: "scripted-coder" });
      expect(r.json.local_tokens.completion).toBeGreaterThan(3);
      expect(r.json.local_tokens.prompt).toBeGreaterThan(50);
      expect(proj.read("src/slugify.mjs")).toBe(FILE.split("\n").slice(4, 10).join("\n") + "\n");
    } finally {
      proj.cleanup();
    }
  });

  it("never writes an answer cut off by max_tokens, and escalates with the files as they were", async () => {
    const long = ["```javascript", ...Array.from({ length: 120 }, (_, i) => `export const C${i} = ${i};`), "```"].join("\n");
    writeScriptedGguf(join(dir, "long.gguf"), { answer: long, name: "long" });
    const longServer = await startLlamaServer({ model: join(dir, "long.gguf"), ctxSize: 4096 });
    const proj = tempProject({ "src/consts.mjs": "export const KEEP = 1;\n" });
    try {
      const spec = proj.spec({ task_id: "cut", description: "constants", output_file: "src/consts.mjs" });
      const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: longServer.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "64", LOCAL_DELEGATE_RETRIES: "0" } });
      expect(r.json).toMatchObject({ status: "escalated", attempts: 1, well_formed: false });
      expect(r.json.error).toMatch(/cut off at the output token limit/);
      expect(proj.read("src/consts.mjs")).toBe("export const KEEP = 1;\n");
    } finally {
      await longServer.stop();
      proj.cleanup();
    }
  });

  it("refuses before calling when the prompt cannot fit the context the server reports", async () => {
    const small = await startLlamaServer({ model: join(dir, "slugify.gguf"), ctxSize: 256 });
    const proj = tempProject({ "ctx.mjs": "export const filler = 'x';\n".repeat(300) });
    try {
      // llama.cpp reports n_ctx in /props; the engine checks it before sending anything.
      const spec = proj.spec({ task_id: "ctx", description: "slugify", output_file: "src/slugify.mjs", context_files: ["ctx.mjs"] });
      const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: small.baseUrl, LOCAL_DELEGATE_CONTEXT_BUDGET: "100000" } });
      expect(r.json.status).toBe("failed");
      expect(r.json.error).toMatch(/do not fit the model's loaded context of 256 tokens/);
      expect(proj.exists("src/slugify.mjs")).toBe(false);
    } finally {
      await small.stop();
      proj.cleanup();
    }
  });

  it("picks a model from a router-mode server and loads it on demand", async () => {
    const models = join(dir, "router");
    mkdirSync(models, { recursive: true });
    writeScriptedGguf(join(models, "coder.gguf"), { answer: FILE, name: "coder" });
    const router = await startLlamaServer({ modelsDir: models, extraArgs: ["--models-max", "1"] });
    const proj = tempProject({ "check.mjs": CHECK });
    try {
      const spec = proj.spec({ task_id: "router", description: "slugify", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
      const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: router.baseUrl, LOCAL_DELEGATE_MODEL: "coder" } });
      expect(r.json).toMatchObject({ status: "success", tests: "passed" });
    } finally {
      await router.stop();
      proj.cleanup();
    }
  });
});
