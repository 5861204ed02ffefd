// `ask`: the question from the arguments, or from stdin with `-` (as `run -` reads its spec) or --stdin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

let server: FakeOpenAIServer;
const proj = tempProject();
beforeAll(async () => {
  server = await startFakeOpenAIServer({ script: () => ({ content: "Four." }) });
});
afterAll(async () => {
  await server.close();
  proj.cleanup();
});

/** The user message of the last chat request the server saw. */
function lastQuestion(): string {
  const chat = server.requests.filter((r) => r.method === "POST").at(-1);
  return chat?.body.messages.find((m: { role: string }) => m.role === "user")?.content;
}

async function ask(argv: string[], stdin?: string) {
  return runCli(["ask", "--json", ...argv], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl }, stdin });
}

describe("ask", () => {
  it("`ask -` reads the question from stdin, not the question \"-\"", async () => {
    const r = await ask(["-"], "What is 2 + 2?\nAnswer in one word.\n");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "success", answer: "Four." });
    expect(lastQuestion()).toBe("What is 2 + 2?\nAnswer in one word.");
  });

  it("--stdin does the same", async () => {
    const r = await ask(["--stdin"], "Why is the sky blue?");
    expect(r.code).toBe(0);
    expect(lastQuestion()).toBe("Why is the sky blue?");
  });

  it("the words of the arguments are the question, a lone - among them included", async () => {
    const r = await ask(["is", "a", "-", "b", "negative?"], "not read");
    expect(r.code).toBe(0);
    expect(lastQuestion()).toBe("is a - b negative?");
  });

  it("an empty stdin is no question (exit 2), and nothing is sent", async () => {
    const before = server.requests.length;
    const r = await ask(["-"], "  \n");
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", error: expect.stringContaining("no question given") });
    expect(server.requests.length).toBe(before);
  });
});
