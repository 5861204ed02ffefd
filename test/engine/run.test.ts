import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorReplies, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { deadBaseUrl, runCli, tempProject, type TempProject, ledgerEntries } from "../support/project.js";

const GOOD = `export function slugify(input) {
  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
`;
const BUGGY = `export function slugify(input) {
  return input.toLowerCase();
}
`;
// The hidden test the model never sees: it only learns what failed.
const CHECK = `import { slugify } from "./src/slugify.mjs";
const got = slugify("  Hello, World! ");
if (got !== "hello-world") { console.error("AssertionError: expected 'hello-world', received " + JSON.stringify(got)); process.exit(1); }
console.log("ok");
`;
const fence = (s: string, tag = "js") => "Here you go:\n\n```" + tag + "\n" + s + "```\n";

let server: FakeOpenAIServer;
let proj: TempProject;

function env(extra: Record<string, string> = {}) {
  return { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", ...extra };
}
async function run(spec: Record<string, unknown>, extra: Record<string, string> = {}) {
  const path = proj.spec({ task_id: "slugify", description: "Write slugify(input): lower-case, dashes between words.", output_file: "src/slugify.mjs", ...spec });
  return runCli(["run", path], { cwd: proj.root, home: proj.home, env: env(extra) });
}
function ledger(): any[] {
  return ledgerEntries(proj.root);
}

beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("run: the happy path", () => {
  it("writes the file from a chatty answer, runs the tests, prints one JSON line and records the ledger", async () => {
    server.setScript([{ content: fence(GOOD), usage: { prompt_tokens: 321, completion_tokens: 54 } }]);
    const r = await run({ test_command: "node check.mjs" });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    // Only what Claude acts on: the model, token counts and time go to the ledger and --verbose.
    expect(r.json).toEqual({ status: "success", task_id: "slugify", file: "src/slugify.mjs", attempts: 1, tests: "passed", lines: 3 });
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
    const req = server.requests.find((q) => q.path.endsWith("/chat/completions"))!;
    expect(req.body.stream).toBe(true);
    expect(req.body.stream_options).toEqual({ include_usage: true });
    expect(req.body.model).toBe("qwen2.5-coder-7b-instruct");
    expect(req.body.messages[1].content).toContain("src/slugify.mjs");
    const [entry] = ledger();
    expect(entry).toMatchObject({ event: "run", task_id: "slugify", status: "success", attempts: 1, tests: "passed", local: { prompt_tokens: 321, completion_tokens: 54 }, lines_written: 3 });
  });

  it("keeps a backup of the file it replaced", async () => {
    proj.write("src/slugify.mjs", "// old version\n");
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ kind: "code" });
    expect(r.json.status).toBe("success");
    const runs = join(proj.data, "backups/slugify");
    const backups = readFileSync(join(runs, readdirSync(runs)[0]!, "files/src/slugify.mjs"), "utf8");
    expect(backups).toBe("// old version\n");
  });
});

describe("run: says what checked the file", () => {
  const SQL = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE\n);\n";

  it("a file nothing could check (no parser for its language, no test command) is written with checked: none", async () => {
    server.setScript([{ content: fence(SQL, "sql") }]);
    const r = await run({ task_id: "schema", description: "The users table.", output_file: "db/schema.sql" });
    expect(r.json).toEqual({ status: "success", task_id: "schema", file: "db/schema.sql", attempts: 1, tests: "none", lines: 4, checked: "none" });
    expect(proj.read("db/schema.sql")).toBe(SQL);
  });

  it("says nothing more when a parser or a test command checked it", async () => {
    server.setScript([{ content: fence(SQL, "sql") }]);
    const tested = await run({ task_id: "schema", description: "The users table.", output_file: "db/schema.sql", test_command: "node -e \"require('fs').readFileSync('db/schema.sql')\"" });
    expect(tested.json).toEqual({ status: "success", task_id: "schema", file: "db/schema.sql", attempts: 1, tests: "passed", lines: 4 });
    server.setScript([{ content: fence(GOOD) }]);
    const parsed = await run({});
    expect(parsed.json.status).toBe("success");
    expect(parsed.json).not.toHaveProperty("checked");
  });
});

describe("run: retries and escalation", () => {
  it("feeds the test failure back once and succeeds on the second answer", async () => {
    server.setScript([{ content: fence(BUGGY) }, { content: fence(GOOD) }]);
    const r = await run({ test_command: "node check.mjs" });
    expect(r.json).toMatchObject({ status: "success", attempts: 2, tests: "passed" });
    const chats = server.requests.filter((q) => q.path.endsWith("/chat/completions"));
    expect(chats).toHaveLength(2);
    const retry = chats[1]!.body.messages;
    expect(retry.at(-2)).toMatchObject({ role: "assistant" });
    expect(retry.at(-1).content).toContain("received \"  hello, world! \"");
    // The hidden test's source never reaches the model.
    expect(JSON.stringify(retry)).not.toContain("process.exit(1)");
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
  });

  it("restores the original byte for byte and escalates when the retry fails too", async () => {
    const original = "export const slugify = (s) => s; // keep me\r\n\u00e9\n";
    proj.write("src/slugify.mjs", original);
    server.setScript([{ content: fence(BUGGY) }, { content: fence(BUGGY) }]);
    const r = await run({ test_command: "node check.mjs" });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, tests: "failed", well_formed: true });
    expect(r.json.error).toMatch(/tests failed/);
    expect(readFileSync(join(proj.root, "src/slugify.mjs"))).toEqual(Buffer.from(original));
    expect(ledger()[0]).toMatchObject({ status: "escalated", failure_kind: "tests" });
  });

  it("removes a new file again when the task escalates", async () => {
    server.setScript([{ content: fence(BUGGY) }, { content: fence(BUGGY) }]);
    const r = await run({ test_command: "node check.mjs" });
    expect(r.json.status).toBe("escalated");
    expect(proj.exists("src/slugify.mjs")).toBe(false);
  });

  it("never writes a truncated answer, and retries", async () => {
    server.setScript([{ content: "```js\nexport function slugify(input) {\n  return input", finishReason: "length" }, { content: fence(GOOD) }]);
    const r = await run({});
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!.body.messages.at(-1).content;
    expect(retry).toMatch(/cut off/);
  });

  it("reports a format failure apart from a logic failure", async () => {
    server.setScript([{ content: "I cannot help with that." }, { content: "Still no code, sorry." }]);
    const r = await run({ test_command: "node check.mjs" });
    expect(r.json).toMatchObject({ status: "escalated", well_formed: false, tests: "none" });
    expect(ledger()[0]).toMatchObject({ failure_kind: "format", well_formed: false });
    expect(proj.exists("src/slugify.mjs")).toBe(false);
  });

  it("catches a syntax error before writing, and feeds it back", async () => {
    server.setScript([{ content: fence("export function slugify(input) {\n  return input.toLowerCase(\n}\n") }, { content: fence(GOOD) }]);
    const r = await run({});
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!.body.messages.at(-1).content;
    expect(retry).toMatch(/syntax error/);
    expect(retry).toMatch(/line 3/);
  });

  it("only ever writes output_file, whatever path the answer names", async () => {
    server.setScript([
      { content: '{"path": "../../escape.mjs", "content": "export const x = 1;\\n"}\nDone.' },
      { content: "```js\n// .git/hooks/pre-commit\nexport const y = 2;\n```" },
    ]);
    const r = await run({ constraints: ["no dependencies"] });
    expect(r.json.status).toBe("escalated");
    expect(r.json.error).toMatch(/not src\/slugify\.mjs/);
    expect(proj.exists("src/slugify.mjs")).toBe(false);
    expect(proj.exists("../escape.mjs")).toBe(false);
    expect(proj.exists(".git/hooks/pre-commit")).toBe(false);
  });
});

describe("run: bad input never reaches the model", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["an output_file outside the project", { output_file: "../outside.mjs" }, /^output_file: must stay inside the project/],
    ["an absolute output_file elsewhere", { output_file: "/etc/passwd" }, /^output_file: must stay inside the project/],
    ["an output_file under .git", { output_file: ".git/config" }, /^output_file: must not be under \.git/],
    ["a context file outside", { context_files: ["../../etc/hosts"] }, /^context_files\[0\]: must stay inside the project/],
    ["a missing context file", { context_files: ["nope.ts"] }, /^context_files\[0\]: no such file/],
    ["a misspelt field", { outputFile: "x.ts" }, /^outputFile: unknown field \(did you mean output_file\?\)/],
    ["a bad kind", { kind: "novel" }, /^kind: /],
  ];
  for (const [name, spec, message] of cases) {
    it(`refuses ${name} with exit 2`, async () => {
      const r = await run(spec);
      expect(r.code).toBe(2);
      expect(r.json.status).toBe("invalid");
      expect(r.json.error).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }

  it("refuses a spec that is not JSON", async () => {
    const path = proj.write("bad.json", "{ task_id: 1,");
    const r = await runCli(["run", path], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^spec is neither valid JSON nor YAML/);
  });

  it("refuses a binary context file by name", async () => {
    proj.write("logo.png", "\x89PNG\r\n\x1a\n\0\0\0");
    const r = await run({ context_files: ["logo.png"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("context_files[0]: is a binary file, not text");
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  });
});

describe("run: the server", () => {
  it("says unavailable with exit 3 within seconds when nothing listens", async () => {
    await server.close();
    const started = Date.now();
    const dead = await deadBaseUrl();
    const r = await run({}, { LOCAL_DELEGATE_BASE_URL: dead });
    expect(r.code).toBe(3);
    expect(r.json.status).toBe("unavailable");
    expect(r.json.error).toBe(`cannot reach the model server at ${dead} (ECONNREFUSED)`);
    expect(r.json.hint).toMatch(/lms server start/);
    // At once, not after retries; generous, for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
    server = await startFakeOpenAIServer();
  });

  it("says unavailable when no model is loaded", async () => {
    await server.close();
    server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "qwen2.5-coder-7b-instruct", state: "not-loaded", maxContextLength: 32768 }] });
    const r = await run({});
    expect(r.code).toBe(3);
    expect(r.json.error).toMatch(/no model is loaded/);
    expect(r.json.hint).toMatch(/lms load qwen2.5-coder-7b-instruct/);
  });

  it("checks the prompt fits the loaded context before calling", async () => {
    await server.close();
    server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "tiny", state: "loaded", maxContextLength: 2048, loadedContextLength: 1024 }] });
    proj.write("big.mjs", "export const a = 1;\n".repeat(400));
    const r = await run({ context_files: ["big.mjs"] }, { LOCAL_DELEGATE_CONTEXT_BUDGET: "100000" });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/do not fit the model's loaded context of 1024 tokens/);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  });

  it("passes on the server's context overflow error clearly", async () => {
    server.setScript([errorReplies.llamaCppContextExceeded(9000, 8192)]);
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/does not fit the model's loaded context/);
  });

  it("reports a connection dropped mid-answer and leaves no file", async () => {
    server.setScript([{ content: fence(GOOD), chunkSize: 3, dropAfterChunks: 4 }]);
    const r = await run({});
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/broke mid-answer/);
    expect(proj.exists("src/slugify.mjs")).toBe(false);
  });

  it("times out a hung server with a clear message", async () => {
    server.setScript([{ hang: true }]);
    const r = await run({}, { LOCAL_DELEGATE_TIMEOUT_MS: "1500" });
    expect(r.code).toBe(3);
    expect(r.json.error).toMatch(/did not answer within 1.5 s/);
  });
});
