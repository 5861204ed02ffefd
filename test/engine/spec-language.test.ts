// A spec's `language` chose the checker even where the output's extension says another language
// of the table, though the file's toolchain reads it by its extension: a TSX component named
// "typescript" was refused on every attempt, and a .js config file named "typescript" was written
// with type annotations Node refuses, reported a success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});

async function run(output: string, language: string, answers: string[]) {
  const proj = tempProject();
  server.setScript(answers.map((a) => ({ content: `\`\`\`\n${a}\`\`\`\n` })));
  const before = server.requests.length;
  const spec = proj.spec({ task_id: "lang", description: "Write the file.", output_file: output, language });
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "1" } });
  const prompt: string = server.requests.slice(before).find((q) => q.path.endsWith("/chat/completions"))?.body.messages.at(-1).content ?? "";
  const written = proj.exists(output) ? proj.read(output) : null;
  proj.cleanup();
  return { r, prompt, written };
}

const TSX = 'export function App() {\n  return <div className="a">hi</div>;\n}\n';
const TYPED = "export function twice(x: number): number {\n  return x * 2;\n}\n";
const PLAIN = "export function twice(x) {\n  return x * 2;\n}\n";
const CPP_HEADER = "#pragma once\nnamespace app {\nclass Counter {\npublic:\n  int next() { return ++n_; }\nprivate:\n  int n_ = 0;\n};\n}\n";

describe("a spec's language against its output's extension", () => {
  it("a .tsx file named typescript is checked as TSX: a valid component is written", async () => {
    const { r, prompt, written } = await run("src/App.tsx", "typescript", [TSX]);
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(written).toBe(TSX);
    expect(prompt).toContain('language="tsx"');
  });

  it("a .js file named typescript is checked as JavaScript: type annotations are not written", async () => {
    const { r, prompt, written } = await run("vite.config.js", "typescript", [TYPED, TYPED]);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2 });
    expect(written).toBeNull();
    expect(prompt).toContain('language="javascript"');
  });

  it("near miss: plain JavaScript for that .js file is written", async () => {
    const { r, written } = await run("vite.config.js", "typescript", [PLAIN]);
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(written).toBe(PLAIN);
  });

  it("near miss: a C header named C++ stays C++", async () => {
    const { r, prompt, written } = await run("include/counter.h", "C++", [CPP_HEADER]);
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(written).toBe(CPP_HEADER);
    expect(prompt).toContain('language="cpp"');
  });
});
