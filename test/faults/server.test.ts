// The model server misbehaving in every way seen in the wild. Each fault must end the run with a
// clear error in bounded time, and leave the project byte for byte as it was: the output file
// (which exists and must survive), every other file, and no temp file or open backup run behind.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorReplies, startFakeOpenAIServer, type FakeOpenAIServer, type ScriptedReply } from "../support/fake-openai-server.js";
import { runCli, tempProject, type RunCliOptions, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL, OWN, snapshot } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
let before: Record<string, string>;

beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, "check.mjs": 'import "./src/slugify.mjs";\n' });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  before = snapshot(proj.root);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function run(extra: Record<string, string> = {}, opts: Pick<RunCliOptions, "stderrIsTTY" | "onStderr"> = {}) {
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
  const started = Date.now();
  const r = await runCli(["run", spec], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000", LOCAL_DELEGATE_RETRIES: "0", ...extra },
    ...opts,
  });
  return { ...r, ms: Date.now() - started };
}

/** The project is as it was, and no backup run is left open for a later run to "recover". */
function expectUntouched(): void {
  expect(snapshot(proj.root)).toEqual(before);
  expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(ORIGINAL);
  const runs = join(proj.root, OWN, "backups", "slugify");
  let dirs: string[] = [];
  try {
    dirs = readdirSync(runs);
  } catch {
    /* no backup was needed */
  }
  for (const d of dirs) expect(JSON.parse(readFileSync(join(runs, d, "manifest.json"), "utf8")).state).not.toBe("open");
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** A port on which nothing listens: taken, then let go. */
async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `n` bytes of a well-formed SSE stream that never ends in a finish: a model that will not stop. */
function endlessStream(bytes: number): Buffer {
  const frame = `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "lorem ipsum ".repeat(400) }, finish_reason: null }] })}\n\n`;
  return Buffer.from(frame.repeat(Math.ceil(bytes / frame.length)));
}

describe("the server cannot be reached", () => {
  it("refused: nothing listens on the port", async () => {
    const port = await deadPort();
    const r = await run({ LOCAL_DELEGATE_BASE_URL: `http://127.0.0.1:${port}/v1` });
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ status: "unavailable", attempts: 0 });
    expect(r.json.error).toMatch(/cannot reach the model server at .*ECONNREFUSED/);
    expect(r.json.hint).toMatch(/start your model server/);
    // At once, not after retries: a generous bound, for a loaded machine.
    expect(r.ms).toBeLessThan(15_000);
    expectUntouched();
  });

  it("gone between the model list and the chat: the connection is cut as the request arrives", async () => {
    server.setScript(() => {
      void server.kill();
      return { hang: true };
    });
    const r = await run();
    expect([1, 3]).toContain(r.code);
    expect(r.json.error).toMatch(/model server/);
    expect(r.ms).toBeLessThan(15_000);
    expectUntouched();
  });
});

describe("the server hangs", () => {
  it("never answers the chat request: timeout_ms ends it", async () => {
    server.setScript([{ hang: true }]);
    const r = await run({ LOCAL_DELEGATE_TIMEOUT_MS: "1200" });
    expect(r.code).toBe(3);
    expect(r.json.error).toMatch(/did not answer within 1.2 s/);
    // The server never answers: without the timeout the run would not end at all.
    expect(r.ms).toBeLessThan(15_000);
    expectUntouched();
  });

  it("stalls mid-answer after the first tokens: the same timeout covers the whole stream", async () => {
    server.setScript([{ content: fence(GOOD), chunkSize: 8, chunkDelayMs: 60_000 }]);
    const r = await run({ LOCAL_DELEGATE_TIMEOUT_MS: "1200" });
    expect(r.code).toBe(3);
    expect(r.json.error).toMatch(/did not answer within 1.2 s/);
    // The server never answers: without the timeout the run would not end at all.
    expect(r.ms).toBeLessThan(15_000);
    expectUntouched();
  });
});

describe("the connection drops mid-stream", () => {
  it("the socket is destroyed after a few chunks", async () => {
    server.setScript([{ content: fence(GOOD), chunkSize: 3, dropAfterChunks: 4 }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/broke mid-answer after \d+ tokens/);
    expectUntouched();
  });

  it("the server process dies while streaming", async () => {
    // Dies once the run's progress line shows tokens received: mid-answer, by construction.
    server.setScript([{ content: fence(GOOD), chunkSize: 2, chunkDelayMs: 50 }]);
    const r = await run({ NO_COLOR: "1" }, { stderrIsTTY: true, onStderr: (s) => void (/\d+ tokens/.test(s) && server.kill()) });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/broke mid-answer/);
    expectUntouched();
  });
});

describe("the server answers with an error", () => {
  const cases: Array<[string, ScriptedReply, number, RegExp]> = [
    ["HTTP 500 with a plain-text body", { status: 500, errorBody: "Internal Server Error" }, 1, /answered HTTP 500: Internal Server Error/],
    ["HTTP 500, llama.cpp out of context mid-generation", errorReplies.llamaCppContextFull(), 1, /does not fit the model's loaded context/],
    ["HTTP 503, llama.cpp still loading the model", errorReplies.llamaCppLoading(), 3, /still loading its model \(HTTP 503\): Loading model/],
    ["HTTP 503 with an empty body", { status: 503, errorBody: "" }, 3, /busy \(HTTP 503\)/],
    ["LM Studio: no models loaded (0.3.x)", errorReplies.lmStudioNoModelsLoaded(), 3, /has no usable model: No models loaded/],
    ["LM Studio: no models loaded (0.4.x)", errorReplies.lmStudioNoModelsLoadedV4(), 3, /has no usable model: No models loaded/],
    ["LM Studio: the model crashed", errorReplies.lmStudioModelCrashed(11), 1, /answered HTTP 400: The model has crashed without additional information\. \(Exit code: 11\)/],
    ["LM Studio: model not found", errorReplies.lmStudioModelNotFound("qwen2.5-coder-7b-instruct", ["other-model"]), 3, /has no usable model: Model "qwen2\.5-coder-7b-instruct" not found/],
    ["LM Studio: the context overflows", errorReplies.lmStudioContextOverflow(9000, 8192), 1, /does not fit the model's loaded context/],
    ["Ollama: model not pulled", errorReplies.ollamaModelNotFound("qwen2.5-coder-7b-instruct"), 3, /has no usable model: model "qwen2\.5-coder-7b-instruct" not found, try pulling it first/],
    ["vLLM: prompt over max_model_len", errorReplies.vllmContextExceeded(8192, 9000, 512), 1, /does not fit the model's loaded context/],
  ];
  for (const [name, reply, code, message] of cases) {
    it(name, async () => {
      server.setScript([reply]);
      const r = await run();
      expect(r.code).toBe(code);
      expect(r.json.error).toMatch(message);
      // One line a person can read: no stack trace, no raw JSON dump of the body.
      expect(r.json.error).not.toMatch(/\n\s+at |\{\s*"error"/);
      expect(r.stdout.trim().split("\n")).toHaveLength(1);
      expectUntouched();
    });
  }
});

describe("the server sends garbage", () => {
  it("malformed SSE: an event that is not JSON", async () => {
    server.setScript([{ content: fence(GOOD), malformed: true }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/malformed stream event: \{not json/);
    expectUntouched();
  });

  it("an HTML error page labelled as an event stream", async () => {
    server.setScript([{ rawBody: "<html><body><h1>502 Bad Gateway</h1></body></html>\n", contentType: "text/event-stream" }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/stream ended without an answer/);
    expectUntouched();
  });

  it("a stream that ends mid-answer, with no finish_reason: said so, not blamed on max_output_tokens", async () => {
    const delta = (content: string) => `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    server.setScript([{ rawBody: delta("Here you go:\n\n```js\n") + delta("export function slugify(input) {\n"), contentType: "text/event-stream" }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/the answer stream ended before the answer did \(no finish_reason, after 2 tokens\)/);
    expect(`${r.json.error} ${r.json.hint}`).not.toMatch(/max_output_tokens|token limit/);
    expectUntouched();
  });

  it("a 200 JSON answer that is not JSON", async () => {
    server.setScript([{ rawBody: '{"choices": [{"message": {"content": "```js\\nexport const', contentType: "application/json" }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/answer is not JSON/);
    expectUntouched();
  });

  it("a 200 JSON answer that is an error: the server's words, and a context that filled up is said so", async () => {
    server.setScript([{ rawBody: '{"error":{"code":500,"message":"CUDA error: out of memory","type":"server_error"}}', contentType: "application/json" }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/the server reported an error in its answer: .*CUDA error: out of memory/);
    expect(r.json.hint).toMatch(/model server's log/);
    expectUntouched();
    server.setScript([{ rawBody: '{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":4096}}', contentType: "application/json" }]);
    const full = await run();
    expect(full.json.error).toMatch(/does not fit the model's loaded context \(prompt 9000 tokens, context 4096\)/);
    expectUntouched();
    // Near miss: a 200 with neither choices nor an error is still said to have no choices.
    server.setScript([{ rawBody: '{"object":"chat.completion","choices":[]}', contentType: "application/json" }]);
    expect((await run()).json.error).toMatch(/has no choices/);
  });

  for (const style of ["data", "event"] as const) {
    it(`an error event mid-stream (${style} style)`, async () => {
      server.setScript([{ content: fence(GOOD), chunkSize: 4, midStreamError: { afterChunks: 3, style } }]);
      const r = await run();
      expect(r.code).toBe(1);
      expect(r.json.error).toMatch(/the server reported an error mid-stream: .*Context size has been exceeded/);
      expectUntouched();
    });
  }

  it("an error line mid-stream (llama.cpp's `error:` field, then [DONE])", async () => {
    server.setScript([{ content: fence(GOOD), chunkSize: 4, midStreamError: { afterChunks: 3, style: "llamacpp" } }]);
    const r = await run();
    expect(r.code).toBe(1);
    // The server's own reason reaches the user, and the partial answer is never written.
    expect(r.json.error).toMatch(/the server reported an error mid-stream: .*Context size has been exceeded/);
    expectUntouched();
  });

  it("50 MB of stream: reading stops at the cap, in bounded time and memory", async () => {
    server.setScript([{ rawBody: endlessStream(50 * 1024 * 1024), contentType: "text/event-stream" }]);
    const rss = process.memoryUsage().rss;
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/the answer passed 4 MB, far more than one file; stopped reading/);
    // Against reading all 50 MB (or for ever), not a speed goal.
    expect(r.ms).toBeLessThan(30_000);
    // The 50 MB body lives in this process (the fake server); the client must not hold it too.
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    expectUntouched();
  });

  it("a 50 MB JSON answer (a server that ignores stream: true)", async () => {
    const body = JSON.stringify({ id: "x", object: "chat.completion", model: "m", choices: [{ index: 0, message: { role: "assistant", content: "x".repeat(50 * 1024 * 1024) }, finish_reason: "stop" }] });
    server.setScript([{ rawBody: body, contentType: "application/json" }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/the answer passed 4 MB, far more than one file/);
    expect(r.ms).toBeLessThan(30_000);
    expectUntouched();
  });

  // vLLM ends an answer its engine gave up on with finish_reason "abort" or "error", and one its
  // repetition check stopped with "repetition": the text so far is not the whole file, even when
  // it parses (a module cut at a line boundary does) and the tests pass on it.
  for (const finishReason of ["error", "abort", "repetition", "content_filter"]) {
    it(`finish_reason "${finishReason}": the answer so far is not taken for the file`, async () => {
      server.setScript([{ content: GOOD, finishReason }]);
      const r = await run();
      expect(r.json.status).not.toBe("success");
      expect(r.json.error).toContain(`finish_reason: ${finishReason}`);
      expectUntouched();
    });
  }

  it('finish_reason "abort" on a whole JSON answer (a server that ignores stream: true)', async () => {
    const body = JSON.stringify({ id: "x", object: "chat.completion", model: "m", choices: [{ index: 0, message: { role: "assistant", content: GOOD }, finish_reason: "abort" }] });
    server.setScript([{ rawBody: body, contentType: "application/json" }]);
    const r = await run();
    expect(r.json.status).not.toBe("success");
    expect(r.json.error).toContain("finish_reason: abort");
    expectUntouched();
  });

  it("near miss: the same bare answer ending with finish_reason stop is the file", async () => {
    server.setScript([{ content: GOOD, finishReason: "stop" }]);
    const r = await run();
    expect(r.json.status).toBe("success");
    // The original's CRLF line endings are kept.
    expect(readFileSync(join(proj.root, "src/slugify.mjs"), "utf8")).toBe(GOOD.replace(/\n/g, "\r\n"));
  });

  it("an answer that is only chatter: refused as unusable, nothing written", async () => {
    server.setScript([{ content: "I'm sorry, as an AI model I would rather talk about slugs." }]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
    expectUntouched();
  });
});
