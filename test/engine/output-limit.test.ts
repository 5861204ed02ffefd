// A rewrite is at least as long as the file it rewrites: when max_output_tokens cannot hold the
// existing file, every answer is cut off, so the run must refuse before asking the model.
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

/** A 900-line module: about 12 000 estimated tokens. */
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

  it("a limit that holds the file sends the request with it", async () => {
    proj.write("src/big.mjs", big);
    server.setScript([{ content: "```js\n" + big + "```\n" }]);
    const spec = proj.spec({ task_id: "big", kind: "refactor", description: "Sort the constants by name.", output_file: "src/big.mjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env("16000") });
    const chats = server.requests.filter((q) => q.path.endsWith("/chat/completions"));
    expect(chats).toHaveLength(1);
    expect(r.json.status).toBe("success");
  });
});
