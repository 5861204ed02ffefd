// No prompt token processed twice, against a real llama.cpp llama-server with scripted models: the
// server's own `timings` (prompt_n processed, cache_n taken from its cache) as the ledger records
// them. A retry must process at most 15% of the first attempt's prompt; the second of two plan
// tasks reading the same file at most half of its own. The server runs with its defaults: prompt
// caching on, 4 slots, no `cache_prompt` in the request (the engine sends none).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaServer, startLlamaServer, type LlamaServer } from "../support/llama-server.js";
import { runCli, tempProject, type TempProject, ledgerEntries } from "../support/project.js";
import { writeScriptedGguf } from "../support/scripted-gguf.js";

const SLUGIFY = ["export function slugify(input) {", "  return input.toLowerCase().replace(/[^a-z0-9]+/g, \"-\").replace(/^-+|-+$/g, \"\");", "}"].join("\n");
// Passes on the file, but only from its second run: the first answer fails its test, the retry
// (the same answer, the scripted model knows one) passes.
const CHECK_TWICE = `import { existsSync, writeFileSync } from "node:fs";
import { slugify } from "./src/slugify.mjs";
if (slugify("Hello, World!") !== "hello-world") { console.error("expected hello-world"); process.exit(1); }
if (!existsSync("checked-once")) { writeFileSync("checked-once", ""); console.error("expected a second look"); process.exit(1); }
`;
// About 2,600 tokens with the scripted tokenizer (bytes, mostly): what a few real context files weigh.
const module = (name: string, n: number) => Array.from({ length: n }, (_, i) => `export function ${name}${i}(value) { return value * ${i + 2} + ${i * 7}; }`).join("\n") + "\n";

let dir: string;
let server: LlamaServer;
const servers: LlamaServer[] = [];

beforeAll(async () => {
  await ensureLlamaServer({ timeoutMs: 300_000 });
  dir = mkdtempSync(join(tmpdir(), "ld-cache-"));
  writeScriptedGguf(join(dir, "slugify.gguf"), { answer: "```javascript\n" + SLUGIFY + "\n```", name: "slugify", contextLength: 8192 });
  server = await start(join(dir, "slugify.gguf"));
}, 320_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(model: string, extraArgs: string[] = []): Promise<LlamaServer> {
  const s = await startLlamaServer({ model, ctxSize: 8192, extraArgs });
  servers.push(s);
  return s;
}

function ledger(p: TempProject): any[] {
  return ledgerEntries(p.root);
}

/** A run whose first answer fails its test; the prompt cache of its two attempts. */
async function retriedRun(s: LlamaServer) {
  const proj = tempProject({ "check.mjs": CHECK_TWICE, "lib/words.mjs": module("weigh", 40) });
  try {
    const spec = proj.spec({ task_id: "cached-retry", description: "slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs", context_files: ["lib/words.mjs"], test_command: "node check.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: s.baseUrl, LOCAL_DELEGATE_RETRIES: "1" } });
    expect(r.json).toMatchObject({ status: "success", attempts: 2, tests: "passed" });
    const [entry] = ledger(proj);
    expect(entry.prompt_cache.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
    const [first, retry] = entry.prompt_cache as { prompt_n: number; cache_n: number }[];
    return { first: first!, retry: retry!, firstPrompt: first!.prompt_n + first!.cache_n };
  } finally {
    proj.cleanup();
  }
}

describe("prompt tokens processed, against a real llama-server", () => {
  it("a retry processes at most 15% of the first attempt's prompt: the first prompt is its cached prefix", async () => {
    const { first, retry, firstPrompt } = await retriedRun(server);
    expect(firstPrompt).toBeGreaterThan(2_000);
    expect(retry.cache_n).toBeGreaterThanOrEqual(firstPrompt);
    expect(retry.prompt_n / firstPrompt).toBeLessThanOrEqual(0.15);
    // The figures add up to what the server counted as the prompt.
    expect(first.prompt_n).toBeGreaterThan(0);
  }, 240_000);

  it("a chat template that drops earlier turns' reasoning costs the answer again, never the first prompt", async () => {
    // Like Qwen3's template: an earlier assistant turn is rendered without its <think> part, so
    // the retry's conversation differs from what the server generated from the answer on.
    const template = join(dir, "drop-think.jinja");
    writeFileSync(
      template,
      "{%- for message in messages -%}{%- set c = message['content'] -%}" +
        "{%- if message['role'] == 'assistant' and '</think>' in c -%}{%- set c = c.split('</think>')[-1].lstrip('\\n') -%}{%- endif -%}" +
        "{{ '<|im_start|>' + message['role'] + '\\n' + c + '<|im_end|>\\n' }}{%- endfor -%}" +
        "{%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}{%- endif -%}",
    );
    writeScriptedGguf(join(dir, "thinker.gguf"), { answer: "<think>\nLower-case it, then dashes.\n</think>\n```javascript\n" + SLUGIFY + "\n```", name: "thinker", contextLength: 8192 });
    const thinker = await start(join(dir, "thinker.gguf"), ["--chat-template-file", template]);
    const { retry, firstPrompt } = await retriedRun(thinker);
    expect(retry.cache_n).toBeGreaterThanOrEqual(firstPrompt);
    expect(retry.prompt_n / firstPrompt).toBeLessThanOrEqual(0.15);
  }, 240_000);

  it("the second of two plan tasks reading the same file processes at most half of its prompt", async () => {
    const fresh = await start(join(dir, "slugify.gguf"));
    const proj = tempProject({ "lib/shared.mjs": module("shared", 40), "lib/a.mjs": module("onlyA", 4), "lib/b.mjs": module("onlyB", 4) });
    try {
      proj.write(
        "plan.yaml",
        `request: two modules over one library
name: cached-plan
tasks:
  - {task_id: first, owner: local, description: "slugify(input), for the first module.", output_file: src/first.mjs, context_files: [lib/a.mjs, lib/shared.mjs]}
  - {task_id: second, owner: local, kind: code, description: "The same slugify for the second module, with its own helpers.", output_file: src/second.mjs, context_files: [lib/shared.mjs, lib/b.mjs], constraints: [ES module]}
`,
      );
      const r = await runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: fresh.baseUrl } });
      expect(r.json).toMatchObject({ status: "success" });
      const steps = ledger(proj).filter((e) => e.event === "plan-step");
      expect(steps.map((e) => e.task_id)).toEqual(["first", "second"]);
      const [one, two] = steps.map((e) => e.prompt_cache[0] as { prompt_n: number; cache_n: number });
      expect(one!.prompt_n + one!.cache_n).toBeGreaterThan(2_000);
      expect(two!.prompt_n / (two!.prompt_n + two!.cache_n)).toBeLessThanOrEqual(0.5);
    } finally {
      proj.cleanup();
    }
  }, 240_000);
});
