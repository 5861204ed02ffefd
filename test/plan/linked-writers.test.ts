// Two tasks of a plan may name one file by two paths: through a folder linked inside the project
// (`lib` → `src`), or, on macOS's case-insensitive folders, by two spellings. Run unordered, the
// second wrote over the first and the plan said both had succeeded; a rerun took the second's
// file for a hand edit of the first's.
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePlanText, validatePlan } from "../../src/plan/load.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const ADD = "```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```\n";
// Written over add.ts by the later task, it keeps the earlier task's function: a file that lost it would not pass.
const SUB = "```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n```\n";

let proj: TempProject;
let server: FakeOpenAIServer;
beforeEach(async () => {
  proj = tempProject({ "src/keep.ts": "export const keep = 1;\n" });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  // Each task gets the answer for its own description.
  server.setScript((req) => ({ content: JSON.stringify(req.body).includes("subtracts") ? SUB : ADD }));
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const plan = (second: string, dependsOn = "") => `request: two helpers
tasks:
  - {task_id: adds, owner: local, description: a helper that adds two numbers, output_file: src/add.ts}
  - {task_id: subtracts, owner: local, description: a helper that subtracts two numbers, output_file: ${second}${dependsOn}}
`;
const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions")).length;
const planRun = (file = "plan.yaml") => runCli(["plan", "run", file], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "10000" } });
const validate = (text: string) => {
  const raw = parsePlanText(text);
  return raw.ok ? validatePlan(raw.value, text, proj.root, { mode: "run" }) : raw;
};

describe("two tasks of a plan writing one file by two names", () => {
  it("refuses them unordered when a linked folder makes the two paths one file, writing nothing", async () => {
    symlinkSync(join(proj.root, "src"), join(proj.root, "lib"), "dir");
    proj.write("plan.yaml", plan("lib/add.ts"));
    const r = await planRun();
    expect(r.json).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/tasks\[1\]\.output_file: writes lib\/add\.ts \(the file src\/add\.ts is\), as tasks\[0\] \("adds"\) does/);
    expect(proj.exists("src/add.ts")).toBe(false);
    expect(chats()).toBe(0);
  });

  it("runs them when lib is a folder of its own (near miss: two files)", async () => {
    mkdirSync(join(proj.root, "lib"));
    proj.write("plan.yaml", plan("lib/add.ts"));
    expect((await planRun()).json).toMatchObject({ status: "success" });
    expect(proj.read("src/add.ts")).toContain("a + b");
    expect(proj.read("lib/add.ts")).toContain("a - b");
  });

  it("refuses them unordered when the names differ only in case (one file on macOS and Windows)", () => {
    const v = validate(plan("src/Add.ts"));
    expect(v.ok ? null : v.error.message).toMatch(/writes src\/Add\.ts \(the file src\/add\.ts is\), as tasks\[0\]/);
    expect(validate(plan("src/Add.ts", ", depends_on: [adds]")).ok).toBe(true);
  });

  it("knows on a rerun that the later task, through the link, left the file as it is", async () => {
    symlinkSync(join(proj.root, "src"), join(proj.root, "lib"), "dir");
    proj.write("plan.yaml", plan("lib/add.ts", ", depends_on: [adds]"));
    expect((await planRun()).json).toMatchObject({ status: "success", tasks: [{ id: "adds", status: "success" }, { id: "subtracts", status: "success" }] });
    const asked = chats();
    const again = await planRun();
    expect(again.json.tasks).toMatchObject([{ id: "adds", status: "unchanged" }, { id: "subtracts", status: "unchanged" }]);
    expect(chats()).toBe(asked);
    expect(proj.read("src/add.ts")).toContain("a - b");
  });
});
