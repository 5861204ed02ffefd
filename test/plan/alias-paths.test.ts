// A plan may name one file by its project-relative path in one task and by an absolute path that
// reaches the project through a symlinked folder in another (Claude names files by the path it
// started in; the CLI's root is the physical folder). Every comparison must see one file.
import { symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkPlan } from "../../src/plan/check.js";
import { parsePlanText, validatePlan } from "../../src/plan/load.js";
import { contextOf, sharedContext } from "../../src/plan/share.js";
import { laterWriters } from "../../src/plan/writers.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
let alias: string;
beforeEach(() => {
  proj = tempProject({ "src/types.ts": "export type T = 1;\n" });
  alias = join(dirname(proj.root), "alias");
  symlinkSync(proj.root, alias, "dir");
});
afterEach(() => proj.cleanup());

const load = (text: string) => {
  const raw = parsePlanText(text);
  const v = raw.ok ? validatePlan(raw.value, text, proj.root, { mode: "run" }) : raw;
  if (!v.ok) throw new Error(v.error.message);
  return v.value.plan;
};

describe("a plan naming one file by a symlinked absolute path and by its relative path", () => {
  it("shares the file's prompt prefix between the two tasks that read it", () => {
    const tasks = [{ context_files: ["src/types.ts"] }, { context_files: [`${alias}/src/types.ts`] }];
    expect(contextOf(tasks[1]!, proj.root)).toEqual(["src/types.ts"]);
    expect(sharedContext(tasks, proj.root)).toEqual(["src/types.ts"]);
  });

  it("knows the Claude task after a local one writes the same file", () => {
    const plan = load(`request: r
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link it, output_file: ${alias}/docs/guide.md}
`);
    const later = laterWriters(plan.tasks, plan.tasks.filter((t) => t.owner === "local"), proj.root);
    expect([...later.values()][0]!.map((t) => t.task_id)).toEqual(["wiring"]);
  });

  it("counts a test task reading the file by the other name as its tests", () => {
    const plan = load(`request: r
tasks:
  - {task_id: util, owner: local, description: a small pure helper that adds two numbers, output_file: src/add.ts}
  - {task_id: notes, owner: local, kind: doc, depends_on: [util], description: notes on add, output_file: docs/add.md}
  - {task_id: util-tests, owner: local, kind: test, depends_on: [notes], description: tests for add, output_file: src/add.test.ts, context_files: [${alias}/src/add.ts]}
`);
    const util = checkPlan(plan, proj.root).tasks[0]!;
    expect(util.breaks ?? []).not.toContainEqual(expect.stringMatching(/^test:/));
    // Near miss: the same plan naming it by its relative path was already covered.
    const plain = load(JSON.stringify({ ...plan, tasks: plan.tasks.map((t) => (t.task_id === "util-tests" ? { ...t, context_files: ["src/add.ts"] } : t)) }));
    expect(checkPlan(plain, proj.root).tasks[0]!.breaks ?? []).not.toContainEqual(expect.stringMatching(/^test:/));
  });
});

describe("plan run again with a Claude task naming the local task's file by a symlinked path", () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  });
  afterEach(async () => server.close());

  it("does not write over Claude's change to the file", async () => {
    proj.write("plan.yaml", `request: a guide, then Claude's wiring in it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link the guide from the app, output_file: ${alias}/docs/guide.md}
`);
    server.setScript(() => ({ content: "````markdown\n# Guide\n\nDraft.\n````\n" }));
    const planRun = () => runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "10000" } });
    expect((await planRun()).json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "success" }] });
    const claudes = "# Guide\n\nDraft.\n\nSee [the app](../app).\n";
    proj.write("docs/guide.md", claudes);

    expect((await planRun()).json.tasks).toMatchObject([{ id: "draft", status: "unchanged" }]);
    expect(proj.read("docs/guide.md")).toBe(claudes);
  });
});
