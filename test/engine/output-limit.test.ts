// A rewrite is at least as long as the file it rewrites: when max_output_tokens cannot hold the
// existing file, every answer is cut off, so the run must refuse before asking the model.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "big-coder", state: "loaded", maxContextLength: 131_072, loadedContextLength: 131_072 }] });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** A 900-line module: about 14 400 tokens (cl100k's count), 18 000 estimated. */
const big = Array.from({ length: 900 }, (_, i) => `export const value${i} = ${i} * 2; // keep ${i}\n`).join("");
const env = (maxOut: string) => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: maxOut });
const cut = { content: "```js\nexport const value0 = 0 * 2;\n", finishReason: "length" as const };

describe("max_output_tokens smaller than the file being rewritten", () => {
  it("is refused before the model is asked, the file untouched, with what to raise", async () => {
    proj.write("src/big.mjs", big);
    server.setScript([cut, cut, cut, cut]);
    const spec = proj.spec({ task_id: "big", kind: "refactor", description: "Sort the constants by name.", output_file: "src/big.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env("1024") });
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
    expect(r.json.status).not.toBe("success");
    expect(r.json.error).toMatch(/more than max_output_tokens \(1024\)/);
    expect(proj.read("src/big.mjs")).toBe(big);
  });

  it("is refused before the run opens anything: no server asked, no lock, no backup", async () => {
    proj.write("src/big.mjs", big);
    const spec = proj.spec({ task_id: "big", kind: "refactor", description: "Sort the constants by name.", output_file: "src/big.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env("1024") });
    expect(r.json).toMatchObject({ status: "failed", attempts: 0 });
    expect(r.json.error).toMatch(/more than max_output_tokens \(1024\)/);
    expect(r.json.hint).toMatch(/at least \d+/);
    expect(server.requests).toHaveLength(0);
    expect(existsSync(join(proj.data, "locks"))).toBe(false);
    expect(existsSync(join(proj.data, "backups"))).toBe(false);
  });

  it("a limit that holds the file sends the request with it", async () => {
    proj.write("src/big.mjs", big);
    server.setScript([{ content: "```js\n" + big + "```\n" }]);
    const spec = proj.spec({ task_id: "big", kind: "refactor", description: "Sort the constants by name.", output_file: "src/big.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env("24000") });
    const chats = server.requests.filter((q) => q.path.endsWith("/chat/completions"));
    expect(chats).toHaveLength(1);
    expect(r.json.status).toBe("success");
  });
});

// An answer cut off at max_tokens is cut off again by the same limit: the retry must be given more
// room, or not be paid for at all.
describe("an answer cut off at its output limit", () => {
  const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));
  const spec = () => proj.spec({ task_id: "consts", kind: "code", description: "Write the constants module.", output_file: "src/consts.mjs" });
  const whole = "```js\nexport const A = 1;\nexport const B = 2;\n```\n";
  const cutShort = { content: "```js\nexport const A = 1;\n", finishReason: "length" as const };

  it("is retried with twice the limit, when the model's context holds it", async () => {
    server.setScript([cutShort, { content: whole }]);
    const r = await runCli(["run", spec()], { cwd: proj.root, home: proj.home, env: env("1024") });
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(chats().map((q) => q.body.max_tokens)).toEqual([1024, 2048]);
  });

  it("fails at once when the context has no room for more, naming what to change, the files as they were", async () => {
    await server.close();
    // 1500 tokens of context: the first answer may use what the prompt leaves, and the retry (the
    // same prompt plus the cut answer) cannot be given more than that.
    server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "small-coder", state: "loaded", maxContextLength: 1_500, loadedContextLength: 1_500 }] });
    proj.write("src/consts.mjs", "export const KEEP = 1;\n");
    server.setScript([cutShort, { content: whole }]);
    const r = await runCli(["run", spec()], { cwd: proj.root, home: proj.home, env: env("4096") });
    expect(chats()).toHaveLength(1);
    expect(r.json).toMatchObject({ status: "failed", attempts: 1 });
    expect(r.json.error).toMatch(/cut off at its output limit of \d+ tokens/);
    expect(r.json.error).toMatch(/loaded context of 1500 tokens/);
    expect(r.json.hint).toMatch(/larger context/);
    expect(proj.read("src/consts.mjs")).toBe("export const KEEP = 1;\n");
  });
});
