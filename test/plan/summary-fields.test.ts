// A plan's line says, for each task, what `run` would have said about it: what it wrote besides
// its file, where someone's edit was kept, and what to do next.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const ORIGINAL = "export function slugify(s) {\n  return s;\n}\n";
const BUGGY = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
const USER_FIX = "export function slugify(input) {\n  return input.toLowerCase().trim(); // fixed by hand while the tests ran\n}\n";
const fence = (s: string) => "```js\n" + s + "```\n";

let server: FakeOpenAIServer;
let proj: TempProject;
const planRun = (plan: string) => {
  proj.write("plan.yaml", plan);
  return runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "0" } });
};

beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, "fix-then-fail.mjs": `import { writeFileSync } from "node:fs";\nwriteFileSync("src/slugify.mjs", ${JSON.stringify(USER_FIX)});\nprocess.exit(1);\n` });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("plan run's line, task by task", () => {
  it("says where an edit made while the task ran was kept, when the task put the original back", async () => {
    server.setScript([{ content: fence(BUGGY) }]);
    const r = await planRun(`request: r
tasks:
  - {task_id: slugify, owner: local, description: "Write slugify(input): lower-case, dashes between words.", output_file: src/slugify.mjs, test_command: node fix-then-fail.mjs}
`);
    expect(r.json.tasks[0]).toMatchObject({ id: "slugify", status: "escalated" });
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
    const kept = r.json.tasks[0].kept as string[];
    expect(kept).toHaveLength(1);
    expect(readFileSync(kept[0]!, "utf8")).toBe(USER_FIX);
  });

  it("gives the hint `run` gives", async () => {
    server.setScript(() => {
      writeFileSync(join(proj.root, "src/slugify.mjs"), USER_FIX);
      return { content: fence(BUGGY) };
    });
    const r = await planRun(`request: r
tasks:
  - {task_id: slugify, owner: local, description: "Write slugify(input): lower-case, dashes between words.", output_file: src/slugify.mjs}
`);
    expect(r.json.tasks[0]).toMatchObject({ id: "slugify", status: "failed", error: expect.stringContaining("changed while this run was working on it"), hint: expect.stringContaining("run the task again") });
    expect(proj.read("src/slugify.mjs")).toBe(USER_FIX);
  });

  it("names the other files a rename updated", async () => {
    proj.write("src/util.mjs", "export function oldName(x) {\n  return x + 1;\n}\n");
    proj.write("src/main.mjs", 'import { oldName } from "./util.mjs";\nconsole.log(oldName(1));\n');
    server.setScript([{ content: fence("export function newName(x) {\n  return x + 1;\n}\n") }]);
    const r = await planRun(`request: r
tasks:
  - {task_id: rename, owner: local, kind: refactor, description: rename oldName to newName, output_file: src/util.mjs, rename: {from: oldName, to: newName}}
`);
    expect(r.json.tasks[0]).toMatchObject({ id: "rename", status: "success", file: "src/util.mjs", updated: ["src/main.mjs"] });
    expect(proj.read("src/main.mjs")).toBe('import { newName } from "./util.mjs";\nconsole.log(newName(1));\n');
  });
});
