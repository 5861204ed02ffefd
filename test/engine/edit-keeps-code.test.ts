// A task that changes an existing file gets the whole new file from the model, and writes it over
// the old one: an answer that returns only what it added (or stops after the function it changed)
// loses the rest of the file, and with no test naming what went, nothing else would notice. What
// the file exported before must still be there, unless the task says to take it out. Through the
// built CLI.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, killChildren, snapshot, spawnCli } from "../faults/support.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  killChildren();
  proj?.cleanup();
});

const js = (s: string) => "```js\n" + s + "```\n";
const py = (s: string) => "```python\n" + s + "```\n";

async function run(spec: Record<string, unknown>, answers: string[], files: Record<string, string>) {
  proj = tempProject(files);
  const files0 = snapshot(proj.root);
  server.setScript(answers.map((content) => ({ content })));
  const before = server.requests.length;
  const r = await spawnCli(["run", proj.spec(spec)], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl }) }).done;
  const chats = server.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions"));
  return { r, files0, retry: chats[1]?.body.messages.at(-1).content as string | undefined };
}

const fn = (name: string, op: string) => `export function ${name}(a, b) {\n  return a ${op} b;\n}\n`;
const MATH = [fn("add", "+"), fn("subtract", "-"), fn("multiply", "*")].join("\n");
const DIVIDE = `export function divide(a, b) {\n  if (b === 0) throw new Error("division by zero");\n  return a / b;\n}\n`;
const ADD_DIVIDE = { task_id: "divide", description: "Add divide(a, b) to the module; it throws on division by zero.", output_file: "src/math.js" };

describe("an edit keeps what the file had", () => {
  it("an answer holding only the new function and one old one is retried; the whole file is written", async () => {
    const partial = `${fn("add", "+")}\n${DIVIDE}`;
    const whole = `${MATH}\n${DIVIDE}`;
    const { r, retry } = await run(ADD_DIVIDE, [js(partial), js(whole)], { "src/math.js": MATH });
    expect(retry).toContain("`subtract` is not defined in the file");
    expect(retry).toContain("`multiply` is not defined in the file");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(proj.read("src/math.js")).toBe(whole);
  });

  it("twice an answer that drops code: escalated, the file as it was", async () => {
    const partial = `${fn("add", "+")}\n${DIVIDE}`;
    const { r, files0 } = await run(ADD_DIVIDE, [js(partial), js(partial)], { "src/math.js": MATH });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, well_formed: true });
    expect(r.json.error).toMatch(/^the file does not match the spec: `subtract` is not defined in the file/);
    expect(proj.read("src/math.js")).toBe(MATH);
    expect(snapshot(proj.root)).toEqual(files0);
  });

  it("Python: a file that stops after the function the task changed (the rest cut off) is not written", async () => {
    const orig = "def load(path):\n    return open(path).read()\n\n\ndef parse(text):\n    return text.split(',')\n\n\ndef save(path, rows):\n    open(path, 'w').write(','.join(rows))\n";
    const cut = "def load(path):\n    with open(path, encoding='utf-8') as f:\n        return f.read()\n";
    const spec = { task_id: "load", description: "Make load(path) close the file it opens and read it as UTF-8.", output_file: "app/store.py" };
    const { r } = await run(spec, [py(cut), py(cut)], { "app/store.py": orig });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2 });
    expect(r.json.error).toMatch(/`parse` is not defined in the file/);
    expect(proj.read("app/store.py")).toBe(orig);
  });

  it("a test task that drops the file's existing tests is not written", async () => {
    const orig = "from app.math import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_add_negative():\n    assert add(-1, -2) == -3\n";
    const only = "from app.math import add\n\n\ndef test_add_zero():\n    assert add(0, 0) == 0\n";
    const spec = { task_id: "zero", kind: "test", description: "Add a test of add with zeros.", output_file: "tests/test_math.py" };
    const { r } = await run(spec, [py(only), py(only)], { "tests/test_math.py": orig, "app/__init__.py": "", "app/math.py": "def add(a, b):\n    return a + b\n" });
    expect(r.json).toMatchObject({ status: "escalated" });
    expect(r.json.error).toMatch(/`test_add` is not defined in the file/);
    expect(proj.read("tests/test_math.py")).toBe(orig);
  });

  it("near miss: a task that removes what it names, or removes what it does not name, is not held to keep it", async () => {
    const named = { task_id: "rm", description: "Remove multiply and add divide(a, b), which throws on division by zero.", output_file: "src/math.js" };
    const without = `${fn("add", "+")}\n${fn("subtract", "-")}\n${DIVIDE}`;
    const a = await run(named, [js(without)], { "src/math.js": MATH });
    expect(a.r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/math.js")).toBe(without);
    proj.cleanup();
    const unnamed = { task_id: "prune", description: "Delete the helpers nothing uses; keep add.", output_file: "src/math.js" };
    const b = await run(unnamed, [js(fn("add", "+"))], { "src/math.js": MATH });
    expect(b.r.json).toMatchObject({ status: "success", attempts: 1 });
  });

  it("near miss: a whole answer with a helper left unexported, and a new file, pass at once", async () => {
    const whole = `${MATH}\nfunction check(b) {\n  if (b === 0) throw new Error("division by zero");\n}\n\nexport function divide(a, b) {\n  check(b);\n  return a / b;\n}\n`;
    const a = await run(ADD_DIVIDE, [js(whole)], { "src/math.js": MATH });
    expect(a.r.json).toMatchObject({ status: "success", attempts: 1 });
    proj.cleanup();
    const b = await run(ADD_DIVIDE, [js(DIVIDE)], {});
    expect(b.r.json).toMatchObject({ status: "success", attempts: 1 });
  });
});
