// A local task that failed is Claude's to write: a rerun of the plan must not have the local model
// write over what Claude (or the user) wrote in its place.
import { rmSync, writeFileSync } from "node:fs";
import { contentHash, isTakenOver, writeStepState } from "../../src/plan/state.js";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const prompt = (req: RecordedRequest) => (req.body?.messages ?? []).map((m: { content?: string }) => m.content ?? "").join("\n");
const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));
const md = (s: string) => "````markdown\n" + s + "````\n";
const refuse = () => ({ status: 400, errorBody: { error: { message: "bad request" } } });
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
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("plan run again after a local task failed", () => {
  it("leaves the file Claude wrote in its place, and goes on with what depends on it", async () => {
    proj.write("plan.yaml", GUIDE_THEN_INDEX);
    server.setScript(refuse);
    const first = await planRun();
    expect(first.json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }, { id: "index", status: "skipped" }] });
    expect(proj.exists("docs/guide.md")).toBe(false);

    const claudes = "# Guide\n\nWritten by Claude.\n";
    proj.write("docs/guide.md", claudes);
    server.setScript((req) => ({ content: md(prompt(req).includes("an index") ? "# Index\n" : "# Guide\n\nThe local model's.\n") }));
    const again = await planRun();
    expect(proj.read("docs/guide.md")).toBe(claudes);
    expect(again.json).toMatchObject({
      status: "success",
      tasks: [
        { id: "draft", status: "taken_over", file: "docs/guide.md", attempts: 0 },
        { id: "index", status: "success" },
      ],
    });
    expect(again.json.tasks[0].error).toMatch(/changed since/);
    // Only the index was asked of the model, from Claude's guide.
    expect(chats().filter((r) => prompt(r).includes("first draft"))).toHaveLength(1);
    expect(prompt(chats().at(-1)!)).toContain("Written by Claude.");

    // And it stays Claude's on the runs after.
    const third = await planRun();
    expect(third.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "taken_over"],
      ["index", "unchanged"],
    ]);
    expect(proj.read("docs/guide.md")).toBe(claudes);
  });

  it("leaves an existing file that was edited after the task failed on it and put it back", async () => {
    proj.write("docs/guide.md", "# Old guide\n");
    proj.write("plan.yaml", `request: the guide rewritten
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
`);
    server.setScript(refuse);
    expect((await planRun()).json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }] });
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");

    proj.write("docs/guide.md", "# Guide, rewritten by hand\n");
    server.setScript(() => ({ content: md("# Guide\n\nThe local model's.\n") }));
    const again = await planRun();
    expect(again.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "taken_over" }] });
    expect(proj.read("docs/guide.md")).toBe("# Guide, rewritten by hand\n");
  });

  it("leaves the file of a later task that failed on it and was taken over, and the earlier task that wrote it first", async () => {
    proj.write("plan.yaml", `request: a guide in two passes
tasks:
  - {task_id: draft, owner: local, kind: doc, description: the guide's first draft, output_file: docs/guide.md}
  - {task_id: usage, owner: local, kind: doc, depends_on: [draft], description: add a usage section to the guide, output_file: docs/guide.md}
`);
    server.setScript((req) => (prompt(req).includes("usage section") ? refuse() : { content: md("# Guide\n\nDraft.\n") }));
    expect((await planRun()).json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "success"],
      ["usage", "failed"],
    ]);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nDraft.\n");

    const claudes = "# Guide\n\nDraft.\n\n## Usage\n\nBy Claude.\n";
    proj.write("docs/guide.md", claudes);
    const asked = chats().length;
    const again = await planRun();
    expect(again.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "unchanged"],
      ["usage", "taken_over"],
    ]);
    expect(chats()).toHaveLength(asked);
    expect(proj.read("docs/guide.md")).toBe(claudes);
  });

  it("tries again a failed task whose file is still as it was before it (put back)", async () => {
    proj.write("docs/guide.md", "# Old guide\n");
    proj.write("plan.yaml", `request: the guide rewritten
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
`);
    server.setScript(refuse);
    expect((await planRun()).json).toMatchObject({ status: "failed" });
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");

    server.setScript(() => ({ content: md("# Guide\n\nThe local model's.\n") }));
    const again = await planRun();
    expect(again.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "success" }] });
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nThe local model's.\n");
  });

  it("tries again a failed task whose new file is still absent, or was deleted after Claude wrote it", async () => {
    proj.write("plan.yaml", GUIDE_THEN_INDEX);
    server.setScript(refuse);
    expect((await planRun()).json).toMatchObject({ status: "failed" });
    const asked = chats().length;
    expect((await planRun()).json.tasks[0]).toMatchObject({ id: "draft", status: "failed" });
    expect(chats().length).toBeGreaterThan(asked);
    expect(proj.exists("docs/guide.md")).toBe(false);

    // Written, then deleted on purpose: nothing is there to write over, so the local model has it again.
    proj.write("docs/guide.md", "# Guide\n\nWritten by Claude.\n");
    rmSync(join(proj.root, "docs/guide.md"));
    server.setScript((req) => ({ content: md(prompt(req).includes("an index") ? "# Index\n" : "# Guide\n\nThe local model's.\n") }));
    const again = await planRun();
    expect(again.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["draft", "success"],
      ["index", "success"],
    ]);
    expect(proj.read("docs/guide.md")).toBe("# Guide\n\nThe local model's.\n");
  });
});

describe("isTakenOver", () => {
  it("is false for a file put back as it was before the failed run, even when that run could not put it back itself", () => {
    const file = proj.write("docs/guide.md", "# Old guide\n");
    // The failed run left the model's broken text (its restore failed); the user put the original back.
    writeStepState(proj.data, "draft", { failed: true, left: contentHash("# Guide, half written"), before: contentHash("# Old guide\n"), at: "t" });
    expect(isTakenOver({ abs: file, rel: "docs/guide.md" }, proj.data, "draft")).toBe(false);
    writeFileSync(file, "# Guide, half written");
    expect(isTakenOver({ abs: file, rel: "docs/guide.md" }, proj.data, "draft")).toBe(false);
    writeFileSync(file, "# Guide, by hand\n");
    expect(isTakenOver({ abs: file, rel: "docs/guide.md" }, proj.data, "draft")).toBe(true);
  });
});
