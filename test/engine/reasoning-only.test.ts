// A reasoning model that never ends its thinking (a template that opens <think> for it, and no
// </think> ever comes) gives everything as reasoning_content and an empty answer. Told "the answer
// is empty", the user looks at a server that streamed thousands of tokens, and the model at a
// retry prompt that says it wrote nothing: the message must say what happened.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "llamacpp" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const GOOD = "```js\nexport const a = 1;\n```\n";
const run = (retries: string) =>
  runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a` = 1.", output_file: "src/a.mjs" })], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: retries },
  });

describe("an answer that is all reasoning", () => {
  it("is said to be reasoning with no file, not an empty answer, to the user and to the retry", async () => {
    server.setScript([{ reasoning: `The user wants a constant.\n${GOOD}That should do.`, content: "" }, { content: GOOD }]);
    const r = await run("1");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!.body.messages.at(-1).content as string;
    expect(retry).toMatch(/only reasoning/);
    expect(retry).not.toMatch(/the answer is empty/);
  });

  it("out of attempts, the run's error says so", async () => {
    server.setScript([{ reasoning: `The user wants a constant.\n${GOOD}`, content: "" }]);
    const r = await run("0");
    expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
    expect(r.json.error).toMatch(/only the model's reasoning/);
    expect(proj.exists("src/a.mjs")).toBe(false);
  });

  it("near miss: an empty answer with no reasoning is still an empty answer", async () => {
    server.setScript([{ content: "" }]);
    const r = await run("0");
    expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
    expect(r.json.error).toMatch(/the answer is empty/);
  });
});
