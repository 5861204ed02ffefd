// The line Claude reads after every delegated task is paid for on every task: a success must stay
// under 60 tokens with the project's own tokenizer (cl100k_base × the Claude factor), and what only
// a person needs (the model, local token counts, time) is there with --verbose and in the ledger.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countClaudeTokensMany } from "../../src/tokens/claude.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { ledgerPath } from "../../src/ledger/store.js";

const FILE = "src/features/settings/theme/themeUtils.ts";
const BODY = Array.from({ length: 48 }, (_, i) => `export const token${i}: string = "#${String(i).padStart(6, "0")}";`).join("\n") + "\n";
const CHECK = `import { readFileSync } from "node:fs";\nif (!readFileSync("${FILE}", "utf8").includes("token47")) process.exit(1);\n`;

let server: FakeOpenAIServer;
let proj: TempProject;

beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function run(extra: string[] = []) {
  server.setScript([{ content: "```ts\n" + BODY + "```\n", usage: { prompt_tokens: 812, completion_tokens: 640 } }]);
  const spec = proj.spec({ task_id: "theme-utils-for-dark-mode", description: "Theme colour tokens, one exported constant each.", output_file: FILE, test_command: "node check.mjs" });
  return runCli(["run", spec, ...extra], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

describe("the result line", () => {
  it("of a success is at most 60 tokens, and holds only what Claude acts on", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    const line = r.stdout.trim();
    expect(JSON.parse(line)).toEqual({ status: "success", task_id: "theme-utils-for-dark-mode", file: FILE, attempts: 1, tests: "passed", lines: 48 });
    const [tokens] = await countClaudeTokensMany([`${line}\n`]);
    expect(tokens).toBeLessThanOrEqual(60);
  });

  it("--verbose adds the model, the server's token counts and the time; the ledger keeps them either way", async () => {
    const r = await run(["--verbose"]);
    expect(r.json).toMatchObject({ status: "success", model: "qwen2.5-coder-7b-instruct", local_tokens: { prompt: 812, completion: 640 } });
    expect(typeof r.json.ms).toBe("number");
    const entry = JSON.parse(readFileSync(ledgerPath(proj.data), "utf8").trim());
    expect(entry).toMatchObject({ model: "qwen2.5-coder-7b-instruct", local: { prompt_tokens: 812, completion_tokens: 640 } });
    expect(typeof entry.wall_ms).toBe("number");
  });
});
