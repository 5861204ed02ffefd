// `ask`: the question from the arguments, or from stdin with `-` (as `run -` reads its spec) or --stdin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

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

// A slow or busy local model can take minutes to answer (up to timeout_ms, 10 minutes by default):
// a person at a terminal must see that it is at work, as `run` shows it; Claude's Bash sees nothing.
describe("ask while the model works", () => {
  async function asked(stderrIsTTY: boolean) {
    const slow = await startFakeOpenAIServer({ flavor: "lmstudio" });
    slow.setScript([{ content: "Four." }]);
    let stderr = "";
    try {
      const r = await runCli(["ask", "what is 2 + 2?"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: slow.baseUrl }, stderrIsTTY, onStderr: (s) => void (stderr += s) });
      return { r, stderr };
    } finally {
      await slow.close();
    }
  }

  it("at a terminal: a progress line with the model, cleared before the answer", async () => {
    const slow = await startFakeOpenAIServer({ flavor: "lmstudio" });
    const answer = gate();
    slow.setScript([{ content: "Four.", hold: answer.promise }]);
    let stderr = "";
    const run = runCli(["ask", "what is 2 + 2?"], {
      cwd: proj.root,
      home: proj.home,
      env: { LOCAL_DELEGATE_BASE_URL: slow.baseUrl, NO_COLOR: "1" },
      stderrIsTTY: true,
      onStderr: (s) => void (stderr += s),
    });
    try {
      await waitFor("the progress line", () => (stderr.includes("waiting for the first token") ? true : null), 10_000);
      expect(stderr).toContain("qwen2.5-coder-7b-instruct");
    } finally {
      answer.open();
    }
    const r = await run;
    await slow.close();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Four.");
    expect(stderr.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("near miss: for Claude (stderr not a terminal) stderr stays empty", async () => {
    const { r, stderr } = await asked(false);
    expect(r.code).toBe(0);
    expect(stderr).toBe("");
  });
});

// /local-delegate:local-ask runs `ask --bash-limit` as a command's `!` line, which Claude Code moves
// to the background at its Bash limit (BASH_DEFAULT_TIMEOUT_MS): ask must end first, saying why.
describe("ask --bash-limit", () => {
  it("a model that does not answer: ends before the limit, with what to do", async () => {
    const stuck = await startFakeOpenAIServer({ flavor: "lmstudio" });
    stuck.setScript([{ hang: true }]);
    const started = Date.now();
    try {
      const r = await runCli(["ask", "--json", "--bash-limit", "why?"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: stuck.baseUrl, BASH_DEFAULT_TIMEOUT_MS: "2000" } });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.code).toBe(3);
      expect(r.json).toMatchObject({ status: "unavailable", error: expect.stringContaining("had not finished its answer after 1.5 s"), hint: expect.stringContaining("ask it at a terminal") });
    } finally {
      await stuck.close();
    }
  });

  it("near miss: an answer within the limit is printed as without the flag", async () => {
    const r = await ask(["--bash-limit", "what is 2 + 2?"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "success", answer: "Four." });
  });
});
