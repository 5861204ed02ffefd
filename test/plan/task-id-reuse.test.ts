// A plan's memory of a task is kept by task id: another plan (or this one, edited) may use the
// same id for another file. What a failed task left says nothing about another file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const md = (s: string) => "````markdown\n" + s + "````\n";
const refuse = () => ({ status: 400, errorBody: { error: { message: "bad request" } } });
const planRun = (file: string) =>
  runCli(["plan", "run", file], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" },
  });
const onePlan = (file: string) => `request: the ${file} rewritten
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite ${file}, output_file: ${file}}
`;

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("a task id that failed on one file, then names another", () => {
  it("runs the task on the other file, never takes that file's old text as done", async () => {
    proj.write("a.yaml", onePlan("docs/a.md"));
    server.setScript(refuse);
    expect((await planRun("a.yaml")).json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }] });

    // Another plan, its own `draft`, on a file that was there all along.
    proj.write("docs/guide.md", "# Old guide\n");
    proj.write("b.yaml", onePlan("docs/guide.md"));
    server.setScript(() => ({ content: md("# Guide\n\nRewritten.\n") }));
    const b = await planRun("b.yaml");
    expect(b.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "success", attempts: 1 }] });
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nRewritten.\n");
  });

  it("still leaves the task's own file when it was written after the failure", async () => {
    proj.write("a.yaml", onePlan("docs/a.md"));
    server.setScript(refuse);
    expect((await planRun("a.yaml")).json).toMatchObject({ status: "failed" });
    proj.write("docs/a.md", "# A, by Claude\n");
    server.setScript(() => ({ content: md("# A\n\nThe local model's.\n") }));
    expect((await planRun("a.yaml")).json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "taken_over" }] });
    expect(proj.read("docs/a.md")).toBe("# A, by Claude\n");
  });
});
