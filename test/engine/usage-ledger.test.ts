// The ledger's local token figures are the server's own, for the whole run, or nothing: a run one
// of whose answers came without usage has no known total, and a part must not pass for it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { ledgerEntries, runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const bad = "```js\nexport const a = ;\n```\n";
const good = "```js\nexport const a = 2;\n```\n";
const run = () =>
  runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a`.", output_file: "src/a.mjs" })], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "1" },
  });

describe("local token usage in the ledger", () => {
  it("an attempt without usage leaves the run's total unknown, not the other attempts' part", async () => {
    server.setScript([{ content: bad, usage: { prompt_tokens: 100, completion_tokens: 10 } }, { content: good, usage: null }]);
    const r = await run();
    expect(r.json.status).toBe("success");
    expect(r.json.attempts).toBe(2);
    expect(ledgerEntries(proj.root).find((e) => e.event === "run").local).toBeNull();
  });

  it("usage without prompt_tokens is not a prompt of 0 tokens", async () => {
    const delta = JSON.stringify({ choices: [{ index: 0, delta: { content: good }, finish_reason: null }] });
    const stop = JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { completion_tokens: 10 } });
    server.setScript([{ rawBody: `data: ${delta}\n\ndata: ${stop}\n\ndata: [DONE]\n\n`, contentType: "text/event-stream" }]);
    await run();
    expect(ledgerEntries(proj.root).find((e) => e.event === "run").local).toBeNull();
  });

  it("near miss: every attempt with usage, the run's total is their sum", async () => {
    server.setScript([{ content: bad, usage: { prompt_tokens: 100, completion_tokens: 10 } }, { content: good, usage: { prompt_tokens: 150, completion_tokens: 12 } }]);
    await run();
    expect(ledgerEntries(proj.root).find((e) => e.event === "run").local).toEqual({ prompt_tokens: 250, completion_tokens: 22 });
  });
});
