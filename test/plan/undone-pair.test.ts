// Two tasks that write one file, the second failed on it: once the first is undone too (rolled
// back, or a cancelled job), the file is the one from before the plan, no one's work. A rerun must
// do both tasks again, not report them done.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const prompt = (req: RecordedRequest) => (req.body?.messages ?? []).map((m: { content?: string }) => m.content ?? "").join("\n");
const md = (s: string) => "````markdown\n" + s + "````\n";
const refuse = () => ({ status: 400, errorBody: { error: { message: "bad request" } } });
const planRun = () =>
  runCli(["plan", "run", "plan.yaml"], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" },
  });
const statuses = (r: { json: any }) => r.json.tasks.map((t: any) => [t.id, t.status]);

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("a file two tasks write, put back as it was before the plan", () => {
  it("has both tasks run again, the second after the first", async () => {
    proj.write("docs/guide.md", "# Old guide\n");
    proj.write("plan.yaml", `request: the guide in two passes
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
  - {task_id: usage, owner: local, kind: doc, depends_on: [draft], description: add a usage section to the guide, output_file: docs/guide.md}
`);
    server.setScript((req) => (prompt(req).includes("usage section") ? refuse() : { content: md("# Guide\n\nDraft.\n") }));
    expect(statuses(await planRun())).toEqual([
      ["draft", "success"],
      ["usage", "failed"],
    ]);
    expect((await runCli(["rollback", "draft", "--json"], { cwd: proj.root, home: proj.home })).code).toBe(0);
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");

    // The model now writes another draft, and the usage section.
    server.setScript((req) => ({ content: md(prompt(req).includes("usage section") ? "# Guide\n\nDraft 2.\n\n## Usage\n" : "# Guide\n\nDraft 2.\n") }));
    const again = await planRun();
    expect(statuses(again)).toEqual([
      ["draft", "success"],
      ["usage", "success"],
    ]);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft 2.\n\n## Usage\n");
  });
});
