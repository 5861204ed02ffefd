// Reruns of a plan: what a task that succeeded is judged by, and when it must run again.
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

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("plan run, run again", () => {
  it("leaves alone two ordered tasks that write one file, once both succeeded", async () => {
    proj.write(
      "plan.yaml",
      `request: a guide in two passes
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: usage, owner: local, kind: doc, depends_on: [draft], description: add a usage section to the guide, output_file: docs/guide.md}
`,
    );
    server.setScript((req) => ({ content: md(prompt(req).includes("usage section") ? "# Guide\n\nDraft.\n\n## Usage\n\nRun it.\n" : "# Guide\n\nDraft.\n") }));
    const first = await planRun();
    expect(first.json).toMatchObject({ status: "success", totals: { success: 2 } });
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft.\n\n## Usage\n\nRun it.\n");

    // Nothing changed: nothing is asked of the model, and the guide is the one the plan ended with.
    const again = await planRun();
    expect(again.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "unchanged"],
      ["usage", "unchanged"],
    ]);
    expect(chats()).toHaveLength(2);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft.\n\n## Usage\n\nRun it.\n");

    // A hand edit is neither task's file: both leave it.
    proj.write("docs/guide.md", "# Guide\n\nmine\n");
    const edited = await planRun();
    expect(edited.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "taken_over"],
      ["usage", "taken_over"],
    ]);
    expect(chats()).toHaveLength(2);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nmine\n");

    // Deleted, the guide is no one's: both run again, in order.
    rmSync(join(proj.root, "docs/guide.md"));
    const third = await planRun();
    expect(third.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "success"],
      ["usage", "success"],
    ]);
    expect(chats()).toHaveLength(4);
  });

  it("does not write over a file Claude's task changed after the local task that wrote it first", async () => {
    proj.write(
      "plan.yaml",
      `request: a guide, then Claude's wiring in it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link the guide from the app, output_file: docs/guide.md}
`,
    );
    server.setScript(() => ({ content: md("# Guide\n\nDraft.\n") }));
    expect((await planRun()).json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "success" }] });
    const claudes = "# Guide\n\nDraft.\n\nSee [the app](../app).\n";
    proj.write("docs/guide.md", claudes);

    const again = await planRun();
    expect(again.json.tasks).toMatchObject([{ id: "draft", status: "unchanged" }]);
    expect(chats()).toHaveLength(1);
    expect(proj.read("docs/guide.md")).toBe(claudes);
  });

  it("runs the local task again when its own change was rolled back, even with Claude's task after it", async () => {
    proj.write(
      "plan.yaml",
      `request: a guide, then Claude's wiring in it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link the guide from the app, output_file: docs/guide.md}
`,
    );
    proj.write("docs/guide.md", "# Old guide\n");
    server.setScript(() => ({ content: md("# Guide\n\nDraft.\n") }));
    expect((await planRun()).json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "success" }] });
    const back = await runCli(["rollback", "draft", "--json"], { cwd: proj.root, home: proj.home });
    expect(back.code).toBe(0);
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");

    const again = await planRun();
    expect(again.json.tasks).toMatchObject([{ id: "draft", status: "success" }]);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft.\n");
  });
});

describe("a Claude task that changes the file a local task wrote", () => {
  it("is not done while the file is as the local model wrote it: what waits for it waits", async () => {
    proj.write(
      "plan.yaml",
      `request: a guide, Claude's wiring in it, then an index of it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link the guide from the app, output_file: docs/guide.md}
  - {task_id: index, owner: local, kind: doc, depends_on: [wiring], description: an index of the guide, output_file: docs/index.md, context_files: [docs/guide.md]}
`,
    );
    server.setScript((req) => ({ content: md(prompt(req).includes("an index") ? "# Index\n" : "# Guide\n\nDraft.\n") }));
    const first = await planRun();
    expect(first.json).toMatchObject({
      status: "waiting",
      tasks: [
        { id: "draft", status: "success" },
        { id: "index", status: "blocked", error: `waits for Claude's task "wiring"` },
      ],
      claude: [{ id: "wiring", file: "docs/guide.md" }],
    });
    expect(chats()).toHaveLength(1);
    expect(proj.exists("docs/index.md")).toBe(false);

    // Run again before Claude's turn: the guide is there, but still the local model's draft.
    const early = await planRun();
    expect(early.json).toMatchObject({ status: "waiting", tasks: [{ id: "draft", status: "unchanged" }, { id: "index", status: "blocked" }] });
    expect(chats()).toHaveLength(1);

    // Claude's turn: the index is written from the guide as Claude left it.
    proj.write("docs/guide.md", "# Guide\n\nDraft.\n\nSee [the app](../app).\n");
    const second = await planRun();
    expect(second.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "unchanged" }, { id: "index", status: "success" }] });
    expect(prompt(chats()[1]!)).toContain("See [the app](../app).");
  });

  it("waits for the local task before it, when the file was there before the plan", async () => {
    proj.write("docs/guide.md", "# Old guide\n");
    proj.write(
      "plan.yaml",
      `request: the guide rewritten, Claude's wiring in it, then an index of it
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
  - {task_id: wiring, owner: claude, depends_on: [draft], description: link the guide from the app, output_file: docs/guide.md}
  - {task_id: index, owner: local, kind: doc, depends_on: [wiring], description: an index of the guide, output_file: docs/index.md, context_files: [docs/guide.md]}
`,
    );
    server.setScript((req) => ({ content: md(prompt(req).includes("an index") ? "# Index\n" : "# Guide\n\nDraft.\n") }));
    const r = await planRun();
    expect(r.json).toMatchObject({ status: "waiting", tasks: [{ id: "draft", status: "success" }, { id: "index", status: "blocked" }] });
    expect(chats()).toHaveLength(1);

    // A local task that failed is Claude's to write now: what waits for Claude's task still waits.
    proj.write("docs/guide.md", "# Old guide\n");
    server.setScript(() => ({ status: 400, errorBody: { error: { message: "bad request" } } }));
    const failed = await planRun();
    expect(failed.json).toMatchObject({ status: "failed", tasks: [{ id: "draft" }, { id: "index", status: "blocked" }] });
    expect(failed.json.claude).toEqual([{ id: "wiring", file: "docs/guide.md", waits_for: ["draft"] }]);
    expect(proj.exists("docs/index.md")).toBe(false);
  });
});
