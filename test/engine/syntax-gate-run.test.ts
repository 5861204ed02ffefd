import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

// A run whose answer is broken in a way only the file's name or the language's own checker shows
// is not a success, and nothing is written.

describe("a run refuses a file broken where the grammar does not look", () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  });
  afterAll(async () => {
    await server.close();
  });
  const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
  const fence = (tag: string, s: string) => "```" + tag + "\n" + s + "```\n";

  it("a Python function whose body lost its indentation", async () => {
    const proj = tempProject();
    const flat = "def add(a, b):\nreturn a + b\n";
    server.setScript([{ content: fence("python", flat) }, { content: fence("python", flat) }]);
    const spec = proj.spec({ task_id: "add", description: "Write add(a, b) that returns the sum.", output_file: "src/add.py" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
    const written = proj.exists("src/add.py");
    proj.cleanup();
    expect(r.json.status, JSON.stringify(r.json)).not.toBe("success");
    expect(r.json.error).toMatch(/syntax error: line 2:1: expected an indented block/);
    expect(written).toBe(false);
  });

  // The schema takes any language string; "Python" or "py" used to match no entry of the table,
  // so no syntax check ran and a broken file was reported as a success.
  it.each(["Python", "py", " python3 "])("a spec that names the language as %j still has the file checked", async (language) => {
    const proj = tempProject();
    const flat = "def add(a, b):\nreturn a + b\n";
    server.setScript([{ content: fence("python", flat) }, { content: fence("python", flat) }]);
    const spec = proj.spec({ task_id: "add", description: "Write add(a, b) that returns the sum.", output_file: "src/add.py", language });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
    const written = proj.exists("src/add.py");
    proj.cleanup();
    expect(r.json.status, JSON.stringify(r.json)).not.toBe("success");
    expect(r.json.error).toMatch(/syntax error: line 2:1/);
    expect(written).toBe(false);
  });

  it("a .cjs file written with `export`, then with module.exports", async () => {
    const proj = tempProject();
    const esm = "export function slugify(s) {\n  return s.toLowerCase();\n}\n";
    const cjs = "function slugify(s) {\n  return s.toLowerCase();\n}\nmodule.exports = { slugify };\n";
    server.setScript([{ content: fence("js", esm) }, { content: fence("js", cjs) }]);
    const spec = proj.spec({ task_id: "slug", description: "Write slugify(s) that lower-cases s.", output_file: "src/slug.cjs" });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
    const written = proj.exists("src/slug.cjs") ? proj.read("src/slug.cjs") : null;
    proj.cleanup();
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ status: "success", attempts: 2 });
    expect(written).toBe(cjs);
  });
});
