// A real llama.cpp llama-server in router mode (`--models-dir`): models listed as unloaded, loaded
// on demand by the request that names them, swapped under `--models-max 1`, much like LM Studio's
// just-in-time loading. A plan with a model per task kind runs on it end to end.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverBackend } from "../../src/model/http-backend.js";
import { ensureLlamaServer, startLlamaServer, type LlamaServer } from "../support/llama-server.js";
import { runCli, tempProject } from "../support/project.js";
import { writeScriptedGguf } from "../support/scripted-gguf.js";

const CODE = ["```javascript", "export function triple(n) {", "  return n * 3;", "}", "```"].join("\n");
const DOC = ["```markdown", "# triple", "", "`triple(n)` returns three times `n`.", "```"].join("\n");
const JSON_ANSWER = '{"path": "src/triple.mjs", "content": "export const triple = (n) => n * 3;\\n"}';
const CHECK = `import { triple } from "./src/triple.mjs";
if (triple(3) !== 9) { console.error("expected 9"); process.exit(1); }
`;

let dir: string;
let router: LlamaServer;

beforeAll(async () => {
  await ensureLlamaServer({ timeoutMs: 300_000 });
  dir = mkdtempSync(join(tmpdir(), "ld-router-"));
  mkdirSync(join(dir, "models"));
  writeScriptedGguf(join(dir, "models", "coder.gguf"), { answer: CODE, jsonAnswer: JSON_ANSWER, name: "coder" });
  writeScriptedGguf(join(dir, "models", "writer.gguf"), { answer: DOC, name: "writer" });
  router = await startLlamaServer({ modelsDir: join(dir, "models"), extraArgs: ["--models-max", "1"] });
}, 320_000);

afterAll(async () => {
  await router?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const backend = () => serverBackend({ baseUrl: router.baseUrl, maxParallel: 1 }, 5_000);

describe("llama-server router mode", () => {
  it("lists every model as unloaded, with the context each would get, before any request", async () => {
    const info = await backend().describe();
    expect(info).toEqual({
      ok: true,
      value: {
        flavor: "llamacpp",
        models: [
          { id: "coder", loaded: false, contextLength: 4096 },
          { id: "writer", loaded: false, contextLength: 4096 },
        ],
      },
    });
  });

  it("runs a plan with a model per task kind, each loaded on demand and swapped for the next", async () => {
    const proj = tempProject({ "check.mjs": CHECK });
    try {
      proj.write(
        "plan.yaml",
        `request: triple, and its docs
tasks:
  - {task_id: triple, owner: local, description: a pure function triple(n), output_file: src/triple.mjs, test_command: node check.mjs}
  - {task_id: triple-docs, owner: local, kind: doc, description: document triple, output_file: docs/triple.md, depends_on: [triple], context_files: [src/triple.mjs]}
`,
      );
      const env = { LOCAL_DELEGATE_BASE_URL: router.baseUrl, LOCAL_DELEGATE_MODELS: "{code: coder, doc: writer}" };
      const r = await runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env });
      expect(r.json).toMatchObject({
        status: "success",
        tasks: [
          { id: "triple", status: "success", tests: "passed" },
          { id: "triple-docs", status: "success" },
        ],
      });
      expect(proj.read("src/triple.mjs")).toBe("export function triple(n) {\n  return n * 3;\n}\n");
      expect(proj.read("docs/triple.md")).toBe("# triple\n\n`triple(n)` returns three times `n`.\n");
      const steps = proj
        .read(".claude/local-delegate/ledger.jsonl")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(steps.map((e) => [e.task_id, e.model])).toEqual([
        ["triple", "coder"],
        ["triple-docs", "writer"],
      ]);
      // Real token counts from the real tokenizer.
      expect(steps[0].local.completion_tokens).toBeGreaterThan(3);

      // --models-max 1: loading the writer unloaded the coder.
      const after = await backend().describe();
      expect(after.ok && after.value.models.map((m) => [m.id, m.loaded])).toEqual([
        ["coder", false],
        ["writer", true],
      ]);
    } finally {
      proj.cleanup();
    }
  });

  it("follows a JSON schema through llama.cpp's grammar when a request asks for one", async () => {
    const schema = { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] };
    const r = await backend().chat({
      model: "coder",
      messages: [{ role: "user", content: "Write src/triple.mjs" }],
      maxTokens: 200,
      temperature: 0.2,
      timeoutMs: 30_000,
      responseSchema: schema,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(JSON.parse(r.value.text)).toEqual({ path: "src/triple.mjs", content: "export const triple = (n) => n * 3;\n" });
  });
});
