// The answer shapes that used to end as `success` with the wrong file, replayed through the
// built CLI against the fake server: each ends with the right file, or with the user's file byte
// for byte as it was and a refusal the retry prompt carries to the model.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, CLI, killChildren, snapshot, spawnCli } from "../faults/support.js";
import { HELLO_PY, MAIN_PY, README, UTILS_PY, fence } from "./corpus/fixtures.js";

const ORIGINAL = "# the user's own version, which must survive\r\nprint('caf\u00e9')\n";
// The engine keeps the line endings of the file it replaces.
const crlf = (s: string) => s.replace(/\n/g, "\r\n");
const FOO_JS = "export function foo(a, b) {\n  return a + b;\n}\n";

let server: FakeOpenAIServer;
let proj: TempProject;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`the test build is missing: ${CLI}`);
});
beforeEach(async () => {
  proj = tempProject({ "hello.py": ORIGINAL, "utils.py": ORIGINAL, "README.md": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

/** `run SPEC` in the built CLI, the model answering each attempt with the next of `answers`. */
async function run(outputFile: string, answers: string[]) {
  server.setScript(answers.map((content) => ({ content })));
  const spec = proj.spec({ task_id: "extract", description: `Write ${outputFile}.`, output_file: outputFile });
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "5000", LOCAL_DELEGATE_TIMEOUT_MS: "20000" });
  return spawnCli(["run", spec], { cwd: proj.root, env }).done;
}

describe("through the built CLI: the right file or none", () => {
  it("a foo.js block for hello.py is refused, retried, and hello.py is left as it was", async () => {
    const before = snapshot(proj.root);
    const answer = "foo.js\n" + fence("js", FOO_JS) + "\n";
    const r = await run("hello.py", [answer, answer]);
    expect(r.json.status).not.toBe("success");
    expect(r.json.status).toBe("escalated");
    expect(snapshot(proj.root)).toEqual(before);
    // The retry tells the model what was wrong with its answer.
    expect(JSON.stringify(chats()[1]!.body.messages)).toContain("the answer is for foo.js, not hello.py");
  }, 60_000);

  it("after a refusal, a right answer on the retry is written", async () => {
    const r = await run("hello.py", ["foo.js\n" + fence("js", FOO_JS), "hello.py\n" + fence("python", HELLO_PY)]);
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(proj.read("hello.py")).toBe(crlf(HELLO_PY));
  }, 60_000);

  it("of two named files, the target's block is written", async () => {
    const answer = "utils.py\n" + fence("python", UTILS_PY) + "\n\nmain.py\n" + fence("python", MAIN_PY) + "\n";
    const r = await run("utils.py", [answer]);
    expect(r.json.status).toBe("success");
    expect(proj.read("utils.py")).toBe(crlf(UTILS_PY));
  }, 60_000);

  it("a README in ```markdown README.md with inner fences is written whole", async () => {
    const r = await run("README.md", ["Here is the README:\n\n" + fence("markdown README.md", README) + "\n\nLet me know if you need more."]);
    expect(r.json.status).toBe("success");
    expect(proj.read("README.md")).toBe(crlf(README));
  }, 60_000);

  it("smolagents' ```<end_code> closing line is not written into the file", async () => {
    const r = await run("hello.py", ["Thought: write it.\nCode:\n```py\n" + HELLO_PY + "```<end_code>\n"]);
    expect(r.json.status).toBe("success");
    expect(proj.read("hello.py")).toBe(crlf(HELLO_PY));
  }, 60_000);

  const refused: Array<[string, string, string]> = [
    ["an unclosed block whose last line opens a new fence", "utils.py", "```python\n" + UTILS_PY + "\nTests:\n```python\n"],
    ["a four-backtick block closed by three backticks", "hello.py", "````python\n" + HELLO_PY + "```\n"],
    ["a fence line inside a Python string that cut the file", "utils.py", "```python\n" + 'USAGE = """\n```\npip install x\n```\n"""\n\n\ndef usage():\n    return USAGE\n' + "```\n"],
    ["an aider SEARCH/REPLACE edit", "utils.py", "utils.py\n```python\n<<<<<<< SEARCH\ndef slugify(text):\n=======\ndef slugify(text: str) -> str:\n>>>>>>> REPLACE\n```\n"],
    ["two different versions of the target", "utils.py", "utils.py\n" + fence("python", UTILS_PY) + "\n\nBetter, `utils.py`:\n" + fence("python", UTILS_PY.replace('"-"', '"_"'))],
  ];
  for (const [name, file, answer] of refused) {
    it(`${name}: never success, the file byte for byte as before`, async () => {
      const before = snapshot(proj.root);
      const r = await run(file, [answer, answer]);
      expect(r.json.status).not.toBe("success");
      expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
      expect(snapshot(proj.root)).toEqual(before);
    }, 60_000);
  }
});
