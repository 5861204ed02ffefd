// The engine's guarantees hold for every language the syntax gate reads: an answer with a syntax
// error costs a retry that carries the parser's line, and two broken answers leave nothing written.
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fenceTagsFor } from "../../src/lang/languages.js";
import { broken, correct } from "../lang/fixtures/index.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

const GATED = ["python", "go", "rust", "java", "kotlin", "csharp", "c", "cpp", "ruby", "php", "bash", "swift", "toml", "css", "scss", "html"];

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});

const fence = (language: string, content: string) => "Here is the file:\n\n```" + fenceTagsFor(language)[0] + "\n" + content.replace(/\n?$/, "\n") + "```\n";

async function run(language: string, answers: string[]) {
  const good = correct(language)[0]!;
  const proj = tempProject();
  const file = `src/${basename(good.path)}`;
  server.setScript(answers.map((a) => ({ content: fence(language, a) })));
  const before = server.requests.length;
  const spec = proj.spec({ task_id: `gate-${language}`, description: "Write the file.", output_file: file });
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
  const chats = server.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions"));
  const written = proj.exists(file) ? proj.read(file) : null;
  proj.cleanup();
  return { r, chats, written };
}

describe.each(GATED)("%s", (language) => {
  const good = correct(language)[0]!;
  const bad = broken(language)[0]!;

  it("a broken answer, then a correct one: success after 2 attempts, the parser's line in the retry", async () => {
    const { r, chats, written } = await run(language, [bad.content, good.content]);
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(r.json).not.toHaveProperty("checked");
    expect(written).toBe(good.content.replace(/\s+$/, "") + "\n");
    const retry: string = chats[1]!.body.messages.at(-1).content;
    expect(retry).toContain("the file has a syntax error");
    expect(retry).toMatch(new RegExp(`line ${bad.line}:\\d+: `));
  });

  it("broken twice: escalated, nothing written", async () => {
    const { r, written } = await run(language, [bad.content, bad.content]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "none" });
    expect(r.json.error).toMatch(new RegExp(`^syntax error: line ${bad.line}:\\d+: `));
    expect(written).toBeNull();
  });
});
