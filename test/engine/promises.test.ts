// A file that compiles and that no test checks can still be the wrong file: it is held to what the
// spec promised (names defined and exported, "no functions", "no dependencies", "at most N lines"),
// read from its syntax tree, and a broken promise is fed back like a failing test. Through the
// built CLI.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, killChildren, snapshot, spawnCli } from "../faults/support.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";

const THEME = `export const THEMES = {
  light: { background: "#ffffff", text: "#111111" },
  dark: { background: "#111111", text: "#eeeeee" },
};
export const THEME_NAMES = ["light", "dark"];
export const STORAGE_KEY = "app.theme";
`;
const SLUGIFY = `export function slugify(input) {
  return input.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
`;
const THEME_SPEC = {
  task_id: "theme-constants",
  description: 'Theme constants: export THEMES with a `light` and a `dark` entry; THEME_NAMES = ["light", "dark"]; STORAGE_KEY = "app.theme".',
  output_file: "src/theme/constants.js",
  constraints: ["ES module", "no imports", "no functions"],
};

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

async function run(spec: Record<string, unknown>, answers: string[], files: Record<string, string> = {}) {
  proj = tempProject(files);
  server.setScript(answers.map((content) => ({ content })));
  const before = server.requests.length;
  const r = await spawnCli(["run", proj.spec(spec)], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl }) }).done;
  const chats = server.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions"));
  return { r, retry: chats[1]?.body.messages.at(-1).content as string | undefined };
}

describe("the file matches the spec's promises", () => {
  it("theme constants answered with a slugify function: retried with what is wrong, then the right file", async () => {
    const { r, retry } = await run(THEME_SPEC, [js(SLUGIFY), js(THEME)]);
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(retry).toContain("the file does not keep what the task promised");
    expect(retry).toContain("`THEMES` is not defined in the file");
    expect(retry).toContain("the constraints say no functions");
    expect(proj.read("src/theme/constants.js")).toBe(THEME);
  });

  it("twice the wrong file: escalated with the broken promise, nothing written", async () => {
    const { r } = await run(THEME_SPEC, [js(SLUGIFY), js(SLUGIFY)]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2, well_formed: true });
    expect(r.json.error).toMatch(/^the file does not match the spec: `THEMES` is not defined/);
    expect(proj.exists("src/theme/constants.js")).toBe(false);
  });

  it("a promised export left unexported is a breach; exported, it passes", async () => {
    const spec = { task_id: "slug", description: "Write and export slugify(input: string): string.", output_file: "src/slug.js" };
    // Defined and exported nowhere (`export default slugify;` would export it: other files can import it).
    const { r, retry } = await run(spec, [js(SLUGIFY.replace("export function", "function")), js(SLUGIFY)]);
    expect(retry).toContain("`slugify` is defined but not exported");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
  });

  it("Python: a promised function under another name is a breach", async () => {
    const spec = { task_id: "clamp", description: "Write clamp(n, lo, hi) that returns n within [lo, hi].", output_file: "src/clamp.py" };
    const { r, retry } = await run(spec, [py("def clip(n, lo, hi):\n    return min(hi, max(lo, n))\n"), py("def clamp(n, lo, hi):\n    return min(hi, max(lo, n))\n")]);
    expect(retry).toContain("`clamp` is not defined in the file");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
  });

  it("no dependencies, and at most N lines, are checked too", async () => {
    const spec = { task_id: "fmt", description: "Write and export formatBytes(n).", output_file: "src/fmt.js", constraints: ["no dependencies", "at most 5 lines"] };
    const heavy = 'import prettyBytes from "pretty-bytes";\nexport function formatBytes(n) {\n  return prettyBytes(n);\n}\n';
    const long = "export function formatBytes(n) {\n" + "  // step\n".repeat(6) + "  return `${n} B`;\n}\n";
    const ok = "export function formatBytes(n) {\n  return `${n} B`;\n}\n";
    const first = await run(spec, [js(heavy), js(ok)]);
    expect(first.retry).toContain("the file imports `pretty-bytes`; the constraints say no dependencies");
    expect(first.r.json).toMatchObject({ status: "success", attempts: 2 });
    proj.cleanup();
    const second = await run(spec, [js(long), js(ok)]);
    expect(second.retry).toContain("the file has 9 lines; the constraints allow at most 5");
  });

  it("a refactor that drops what the file exported is a breach", async () => {
    const before = "export function parseDate(s) {\n  return new Date(s);\n}\nexport function formatDate(d) {\n  return d.toISOString();\n}\n";
    const dropped = "export function parseDate(s) {\n  return new Date(String(s).trim());\n}\n";
    const kept = "export function parseDate(s) {\n  return new Date(String(s).trim());\n}\nexport function formatDate(d) {\n  return d.toISOString();\n}\n";
    const spec = { task_id: "trim", kind: "refactor", description: "Trim the input of parseDate before parsing it.", output_file: "src/date.js" };
    const { r, retry } = await run(spec, [js(dropped), js(kept)], { "src/date.js": before });
    expect(retry).toContain("`formatDate` is not defined in the file (the task says: \"formatDate is exported by the file before the refactor\")");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(proj.read("src/date.js")).toBe(kept);
  });

  it("a refactor that removes the export its description names is not held to keep it", async () => {
    const before = "export function legacyParse(s) {\n  return s.split(\",\");\n}\nexport function parse(s) {\n  return legacyParse(s).map((x) => x.trim());\n}\n";
    const after = "export function parse(s) {\n  return s.split(\",\").map((x) => x.trim());\n}\n";
    const spec = { task_id: "drop", kind: "refactor", description: "Remove the deprecated `legacyParse` export and inline it into `parse`.", output_file: "src/parse.js" };
    const { r } = await run(spec, [js(after)], { "src/parse.js": before });
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/parse.js")).toBe(after);
  });

  it("the project's own modules are not dependencies: a Python package, a Go package of go.mod's module", async () => {
    const pySpec = { task_id: "report", description: "Write `report(orders)` using `total(orders)` from `app.pricing`.", output_file: "app/report.py", constraints: ["standard library only"] };
    const pyAnswer = 'from app.pricing import total\n\n\ndef report(orders):\n    return f"{total(orders):.2f}"\n';
    const py1 = await run(pySpec, [py(pyAnswer)], { "app/__init__.py": "", "app/pricing.py": "def total(orders):\n    return sum(orders)\n" });
    expect(py1.r.json).toMatchObject({ status: "success", attempts: 1 });
    proj.cleanup();
    const goSpec = { task_id: "api", description: "Write `Get(id string) string` in package `api` that calls `store.Load(id)`.", output_file: "api/api.go", constraints: ["standard library only"] };
    const goAnswer = '```go\npackage api\n\nimport "example.com/shop/store"\n\nfunc Get(id string) string { return store.Load(id) }\n```\n';
    const go1 = await run(goSpec, [goAnswer, goAnswer], { "go.mod": "module example.com/shop\n\ngo 1.21\n", "store/store.go": "package store\n\nfunc Load(id string) string { return id }\n" });
    expect(go1.r.json).toMatchObject({ status: "success", attempts: 1 });
  });

  it("a name the spec only uses (defined in a context file) is not held against the file", async () => {
    const spec = { task_id: "use", description: "Write and export greet(name) that uses formatName(name) from ./names.js.", output_file: "src/greet.js", context_files: ["src/names.js"] };
    const answer = 'import { formatName } from "./names.js";\nexport function greet(name) {\n  return `Hello, ${formatName(name)}`;\n}\n';
    const { r } = await run(spec, [js(answer)], { "src/names.js": "export const formatName = (n) => n.trim();\n" });
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(snapshot(proj.root)["src/greet.js"]).toBeDefined();
  });
});
