import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

// Answers whose shape hides which text is the file, run end to end: the result line and the bytes
// on disk. A wrong file reported as a success is the one outcome that must never happen.

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "llamacpp" });
});
afterAll(async () => {
  await server.close();
});
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const fence = (tag: string, s: string) => "```" + tag + "\n" + s + "```";

/** Runs one task for `output_file` against the scripted answers; the result line and the file as it is after. */
async function runWith(output: string, answers: string[], files: Record<string, string> = {}) {
  const proj = tempProject(files);
  server.setScript(answers.map((content) => ({ content })));
  const spec = proj.spec({ task_id: "t", description: "Write the file.", output_file: output });
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
  const written = proj.exists(output) ? proj.read(output) : null;
  proj.cleanup();
  return { json: r.json, written };
}

describe("gpt-oss answers in harmony channels", () => {
  const draft = "def add(a, b):\n    return a - b\n";
  const final = "def add(a, b):\n    return a + b\n";

  it("writes the final channel's file, not the analysis channel's draft", async () => {
    const answer = "<|channel|>analysis<|message|>Draft:\n" + fence("python", draft) + "\nMinus is wrong.<|end|><|start|>assistant<|channel|>final<|message|>" + fence("python", final) + "<|return|>";
    const r = await runWith("calc.py", [answer, answer]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(final);
  });
});

describe("a rewrite that leaves out what it did not change", () => {
  const before = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL\n);\n\nCREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER REFERENCES users(id)\n);\n";

  it("is not written over the file, which stays as it was", async () => {
    const lazy = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL,\n  name TEXT\n);\n\n-- ... rest of the file unchanged ...\n";
    const r = await runWith("db/schema.sql", [fence("sql", lazy), fence("sql", lazy)], { "db/schema.sql": before });
    expect(r.json.status, JSON.stringify(r.json)).not.toBe("success");
    expect(r.json.error).toMatch(/abbreviates the file \("-- \.\.\. rest of the file unchanged \.\.\."\)/);
    expect(r.written).toBe(before);
  });

  it("the whole file, with a comment of its own about the rest, is written", async () => {
    const whole = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL,\n  name TEXT\n);\n\n-- Rest of the schema adds the posts table\nCREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER REFERENCES users(id)\n);\n";
    const r = await runWith("db/schema.sql", [fence("sql", whole)], { "db/schema.sql": before });
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(whole);
  });
});

describe("a tool call written out as text", () => {
  const schema = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL\n);\n";
  const call = (path: string) => JSON.stringify({ name: "write_file", arguments: { path, content: schema } });

  it("writes the content it carries, not the call", async () => {
    const r = await runWith("db/schema.sql", [`<tool_call>\n${call("db/schema.sql")}\n</tool_call>`]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(schema);
  });

  it("writes nothing when the call is for another file", async () => {
    const other = `<tool_call>\n${call("db/seed.sql")}\n</tool_call>`;
    const r = await runWith("db/schema.sql", [other, other]);
    expect(r.json.status, JSON.stringify(r.json)).not.toBe("success");
    expect(r.json.error).toMatch(/the answer is for db\/seed\.sql, not db\/schema\.sql/);
    expect(r.written).toBeNull();
  });
});

describe("a named file, then an unnamed corrected version of it", () => {
  const buggy = "def mean(xs):\n    xs.sort()\n    return sum(xs) / len(xs)\n";
  const fixed = "def mean(xs):\n    return sum(xs) / len(xs)\n";

  it("is not written; the retry's one version is", async () => {
    const both = "**stats.py**\n" + fence("python", buggy) + "\n\nWait, that sorts the caller's list. Here's the corrected version:\n" + fence("python", fixed);
    const r = await runWith("stats.py", [both, fence("python", fixed)]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 2 });
    expect(r.written).toBe(fixed);
  });
});

describe("a fence indented in a list item, its code not", () => {
  it("writes the code as the model wrote it, not with some lines shifted", async () => {
    const yaml = "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n";
    const r = await runWith("compose.yaml", ["1. Create `compose.yaml`:\n\n   ```yaml\n" + yaml + "   ```\n"]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(yaml);
  });
});

describe("a tool call for a JSON file", () => {
  it("writes the JSON it carries, not the call, which is JSON too", async () => {
    const pkg = '{\n  "name": "slugger",\n  "version": "1.0.0"\n}\n';
    const r = await runWith("package.json", [JSON.stringify({ name: "write_file", arguments: { path: "package.json", content: pkg } })]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(pkg);
  });
});

describe("the file, then a bold label and its output", () => {
  it("is written: the label is the model's, not a line of the file", async () => {
    const hello = 'def main():\n    print("hi")\n\n\nif __name__ == "__main__":\n    main()\n';
    const answer = fence("python", hello) + "\n\n**Output:**\n" + fence("", "hi\n");
    const r = await runWith("hello.py", [answer, answer]);
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 1 });
    expect(r.written).toBe(hello);
  });
});
