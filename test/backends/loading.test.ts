// llama-server binds its port before its model is loaded and answers every endpoint 503 "Loading
// model" until then (docs/dev/llama-server-notes.md). A task sent in that window waits for the
// load, within lock_wait_ms, instead of ending "unavailable" as if the server were down.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer | undefined;
let proj: TempProject;
beforeEach(() => {
  proj = tempProject();
});
afterEach(async () => {
  await server?.close();
  proj.cleanup();
});

const answer = { content: "```js\nexport const answer = 42;\n```\n" };
async function run(loading: number, lockWaitMs: string) {
  server = await startFakeOpenAIServer({ flavor: "llamacpp", loading, script: [answer] });
  const spec = proj.spec({ task_id: "answer", description: "Export answer = 42.", output_file: "src/answer.mjs" });
  const started = Date.now();
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_LOCK_WAIT_MS: lockWaitMs } });
  return { ...r, ms: Date.now() - started };
}

describe("a server still loading its model", () => {
  it("is waited for, and the task runs once the model is loaded", async () => {
    const r = await run(3, "60000");
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/answer.mjs")).toBe("export const answer = 42;\n");
  });

  it("one that never finishes loading ends the wait at lock_wait_ms, saying so and what to do", async () => {
    const r = await run(Infinity, "1500");
    expect(r.json.status).toBe("unavailable");
    expect(r.json.error).toMatch(/still loading its model/);
    expect(r.json.hint).toMatch(/lock_wait_ms/);
    expect(r.ms).toBeLessThan(15_000);
    expect(proj.exists("src/answer.mjs")).toBe(false);
  });
});
