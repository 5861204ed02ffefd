// A task that succeeded, then its file edited by hand (or by Claude): a rerun of the plan must not
// have the local model write over the edit, and must say it left it.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const prompt = (req: RecordedRequest) => (req.body?.messages ?? []).map((m: { content?: string }) => m.content ?? "").join("\n");
const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));
const md = (s: string) => "````markdown\n" + s + "````\n";
const planRun = () =>
  runCli(["plan", "run", "plan.yaml"], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" },
  });

const GUIDE_THEN_INDEX = `request: a guide, then an index of it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: index, owner: local, kind: doc, depends_on: [draft], description: an index of the guide, output_file: docs/index.md, context_files: [docs/guide.md]}
`;

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript((req) => ({ content: md(prompt(req).includes("an index") ? "# Index\n" : "# Guide\n\nDraft.\n") }));
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("plan run again after a succeeded task's file was edited by hand", () => {
  it("leaves the edit byte for byte, says so, and runs what reads the file from the edit", async () => {
    proj.write("plan.yaml", GUIDE_THEN_INDEX);
    expect((await planRun()).json).toMatchObject({ status: "success", totals: { success: 2 } });
    const mine = "# Guide\n\nDraft.\n\nA fix of mine.\n";
    proj.write("docs/guide.md", mine);

    const again = await planRun();
    expect(proj.read("docs/guide.md")).toBe(mine);
    expect(again.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "taken_over", attempts: 0 }, { id: "index", status: "success" }] });
    expect(again.json.tasks[0].error).toMatch(/changed since the local model wrote it/);
    expect(chats().filter((r) => prompt(r).includes("first draft"))).toHaveLength(1);
    expect(prompt(chats().at(-1)!)).toContain("A fix of mine.");

    // And it stays the user's on the runs after.
    const third = await planRun();
    expect(third.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "taken_over"],
      ["index", "unchanged"],
    ]);
    expect(proj.read("docs/guide.md")).toBe(mine);
  });

  it("still runs the task again when its spec changed, or its file was deleted", async () => {
    proj.write("plan.yaml", GUIDE_THEN_INDEX);
    expect((await planRun()).json).toMatchObject({ status: "success" });
    proj.write("docs/guide.md", "# Guide\n\nmine\n");
    proj.write("plan.yaml", GUIDE_THEN_INDEX.replace("the guide's first draft", "the guide's short first draft"));
    const respec = await planRun();
    expect(respec.json.tasks[0]).toMatchObject({ id: "draft", status: "success" });
    expect(prompt(chats()[2]!)).toContain("mine");

    rmSync(join(proj.root, "docs/guide.md"));
    const deleted = await planRun();
    expect(deleted.json.tasks[0]).toMatchObject({ id: "draft", status: "success" });
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft.\n");
  });
});
