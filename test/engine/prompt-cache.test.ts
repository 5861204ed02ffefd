// What the server says of its prompt cache, per attempt, into the ledger; what the engine sends so
// that a caching server can reuse the prompt's prefix: a retry and a plan's tasks that read the
// same files. Against the scripted server; test/engine/prompt-cache-real.test.ts has the real one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { promptCacheUse } from "../../src/model/wire.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject, ledgerEntries } from "../support/project.js";
import { askedFile } from "../plan/fixtures.js";

const GOOD = "export function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, \"-\").replace(/^-+|-+$/g, \"\");\n}\n";
const BUGGY = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
const CHECK = `import { slugify } from "./src/slugify.mjs";
if (slugify(" Hello, World! ") !== "hello-world") { console.error("expected hello-world"); process.exit(1); }
`;
const fence = (s: string) => "```js\n" + s + "```\n";

let server: FakeOpenAIServer | undefined;
let proj: TempProject | undefined;
afterEach(async () => {
  await server?.close();
  proj?.cleanup();
  server = undefined;
  proj = undefined;
});

const env = () => ({ LOCAL_DELEGATE_BASE_URL: server!.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const chats = () => server!.requests.filter((q) => q.path.endsWith("/chat/completions"));
function ledger(p: TempProject): any[] {
  return ledgerEntries(p.root);
}
async function slugifyRun(p: TempProject) {
  const spec = p.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", context_files: ["ctx.mjs"], test_command: "node check.mjs" });
  return runCli(["run", spec], { cwd: p.root, home: p.home, env: env() });
}

describe("the prompt cache, per attempt, in the ledger", () => {
  it("records llama.cpp's prompt_n and cache_n for each attempt", async () => {
    server = await startFakeOpenAIServer({
      flavor: "llamacpp",
      script: [
        { content: fence(BUGGY), usage: { prompt_tokens: 900, completion_tokens: 30 } },
        { content: fence(GOOD), usage: { prompt_tokens: 1000, completion_tokens: 40 }, cached: 930 },
      ],
    });
    proj = tempProject({ "check.mjs": CHECK, "ctx.mjs": "export const SEP = \"-\";\n" });
    const r = await slugifyRun(proj);
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    const [entry] = ledger(proj);
    expect(entry.prompt_cache).toEqual([
      { attempt: 1, prompt_n: 900, cache_n: 0 },
      { attempt: 2, prompt_n: 70, cache_n: 930 },
    ]);
    expect(entry.local).toEqual({ prompt_tokens: 1900, completion_tokens: 70 });
  });

  it("writes nothing when the server does not say: not measured is not zero", async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD), usage: { prompt_tokens: 500, completion_tokens: 40 } }] });
    proj = tempProject({ "check.mjs": CHECK, "ctx.mjs": "export const SEP = \"-\";\n" });
    const r = await slugifyRun(proj);
    expect(r.json.status).toBe("success");
    const [entry] = ledger(proj);
    expect(entry.local).toEqual({ prompt_tokens: 500, completion_tokens: 40 });
    expect(entry).not.toHaveProperty("prompt_cache");
  });

  it("reads llama.cpp's timings first, else OpenAI's cached_tokens, else nothing", () => {
    expect(promptCacheUse({ prompt_n: 12, cache_n: 300 }, { prompt_tokens: 312, prompt_tokens_details: { cached_tokens: 1 } })).toEqual({ prompt_n: 12, cache_n: 300 });
    expect(promptCacheUse(null, { prompt_tokens: 312, prompt_tokens_details: { cached_tokens: 300 } })).toEqual({ prompt_n: 12, cache_n: 300 });
    expect(promptCacheUse({ predicted_per_second: 30 }, { prompt_tokens: 312 })).toBeNull();
    expect(promptCacheUse({ prompt_n: 12 }, { prompt_tokens: 312, prompt_tokens_details: null })).toBeNull();
    // A server contradicting itself is not believed.
    expect(promptCacheUse(undefined, { prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 11 } })).toBeNull();
  });
});

describe("what a caching server can reuse", () => {
  it("a retry re-sends the first request's messages unchanged, first, and sends no server-specific field", async () => {
    server = await startFakeOpenAIServer({ flavor: "llamacpp", script: [{ content: fence(BUGGY) }, { content: fence(GOOD) }] });
    proj = tempProject({ "check.mjs": CHECK, "ctx.mjs": "export const SEP = \"-\";\n" });
    expect((await slugifyRun(proj)).json).toMatchObject({ status: "success", attempts: 2 });
    const [first, retry] = chats().map((q) => q.body);
    const json = (ms: unknown[]) => JSON.stringify(ms);
    expect(json(retry.messages).startsWith(json(first.messages).slice(0, -1) + ",")).toBe(true);
    expect(retry.messages).toHaveLength(first.messages.length + 2);
    // llama-server caches prompts by default (--cache-prompt); `cache_prompt` would add nothing there
    // and is a field other OpenAI-compatible servers do not know.
    expect(first).not.toHaveProperty("cache_prompt");
  });

  it("a plan's tasks that read the same files send them first, in one order, and run one after the other", async () => {
    server = await startFakeOpenAIServer({ flavor: "llamacpp", script: (q: RecordedRequest) => ({ content: fence(`export const done = ${JSON.stringify(askedFile(q))};\n`) }) });
    const big = (name: string) => Array.from({ length: 30 }, (_, i) => `export const ${name}${i} = ${i};`).join("\n") + "\n";
    proj = tempProject({ "lib/types.mjs": big("T"), "lib/util.mjs": big("U"), "lib/own.mjs": big("O"), "lib/lone.mjs": big("L") });
    const plan = `request: three modules
name: shared-prefix
tasks:
  - {task_id: one, owner: local, description: "Module one.", output_file: src/one.mjs, context_files: [lib/own.mjs, lib/util.mjs, lib/types.mjs]}
  - {task_id: lone, owner: local, description: "Module lone.", output_file: src/lone.mjs, context_files: [lib/lone.mjs]}
  - {task_id: two, owner: local, description: "Module two.", output_file: src/two.mjs, context_files: [./lib/types.mjs, lib/util.mjs]}
`;
    proj.write("plan.yaml", plan);
    const r = await runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ status: "success" });
    // `two` shares its files with `one`: it goes right after it, before `lone`, listed first in the plan.
    expect(chats().map(askedFile)).toEqual(["src/one.mjs", "src/two.mjs", "src/lone.mjs"]);
    const [one, two] = chats().map((q) => q.body.messages as { role: string; content: string }[]);
    expect(one![0]).toEqual(two![0]);
    const order = (u: string) => [...u.matchAll(/<file path="([^"]+)"/g)].map((m) => m[1]);
    expect(order(one![1]!.content)).toEqual(["lib/types.mjs", "lib/util.mjs", "lib/own.mjs"]);
    expect(order(two![1]!.content)).toEqual(["lib/types.mjs", "lib/util.mjs"]);
    const endOfShared = one![1]!.content.indexOf("</file>", one![1]!.content.indexOf('<file path="lib/util.mjs">')) + "</file>\n".length;
    expect(two![1]!.content.slice(0, endOfShared)).toBe(one![1]!.content.slice(0, endOfShared));
  });
});
