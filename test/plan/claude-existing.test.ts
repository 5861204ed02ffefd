// A Claude task that changes a file that was there before the plan: done when the file changed,
// not because it exists. A local task waiting on that change must not run on the old file.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const prompt = (req: RecordedRequest) => (req.body?.messages ?? []).map((m: { content?: string }) => m.content ?? "").join("\n");
const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const plan = (sub: "check" | "run", request = "a user card on the api") =>
  runCli(["plan", sub, "-"], {
    cwd: proj.root,
    home: proj.home,
    env: env(),
    stdin: `request: ${request}
tasks:
  - {task_id: add-fetch, owner: claude, reason: changes existing logic, description: add fetchUser to the api module, output_file: src/api.js}
  - {task_id: card, owner: local, kind: code, depends_on: [add-fetch], description: export function card(id) that awaits fetchUser(id) and returns its name, output_file: src/card.js, context_files: [src/api.js]}
`,
  });

const OLD_API = 'export const base = "/api";\n';
const NEW_API = 'export const base = "/api";\nexport async function fetchUser(id) {\n  return { id, name: "n" + id };\n}\n';
const CARD = 'import { fetchUser } from "./api.js";\n\nexport async function card(id) {\n  return (await fetchUser(id)).name;\n}\n';

beforeEach(async () => {
  proj = tempProject();
  proj.write("src/api.js", OLD_API);
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript(() => ({ content: "```js\n" + CARD + "```\n" }));
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("a Claude task that changes an existing file", () => {
  it("blocks what waits on it until the file changed, then runs it on the new file", async () => {
    // The card has no test, so the check lists it as breaking the atomic criteria (exit 1): it still ran.
    expect((await plan("check")).code).toBe(1);
    const first = await plan("run");
    expect(first.json.tasks).toEqual([expect.objectContaining({ id: "card", status: "blocked" })]);
    expect(first.json.claude).toEqual([{ id: "add-fetch", file: "src/api.js" }]);
    expect(chats()).toHaveLength(0);
    expect(proj.exists("src/card.js")).toBe(false);

    // Claude's turn: the change is made, and the next run goes on with the new file in its prompt.
    proj.write("src/api.js", NEW_API);
    const second = await plan("run");
    expect(second.json.tasks).toEqual([expect.objectContaining({ id: "card", status: "success" })]);
    expect(chats()).toHaveLength(1);
    expect(prompt(chats()[0]!)).toContain("fetchUser(id)");
    expect(proj.read("src/card.js")).toBe(CARD);
  });

  it("is first seen at `plan check`: an edit made between check and run counts", async () => {
    // The card has no test, so the check lists it as breaking the atomic criteria (exit 1): it still ran.
    expect((await plan("check")).code).toBe(1);
    proj.write("src/api.js", NEW_API);
    const run = await plan("run");
    expect(run.json.tasks).toEqual([expect.objectContaining({ id: "card", status: "success" })]);
  });

  it("starts afresh for another request under the same task id", async () => {
    await plan("check", "an older request");
    proj.write("src/api.js", NEW_API);
    // A new plan for a new request sees the file as it is now: not yet changed by Claude for it.
    const run = await plan("run");
    expect(run.json.tasks).toEqual([expect.objectContaining({ id: "card", status: "blocked" })]);
    expect(chats()).toHaveLength(0);
  });

  it("a Claude task writing a new file is done once the file is there (near miss)", async () => {
    rmSync(join(proj.root, "src/api.js"));
    // context_files must exist or be written by a dependency: src/api.js is add-fetch's.
    await plan("check");
    proj.write("src/api.js", NEW_API);
    const run = await plan("run");
    expect(run.json.tasks).toEqual([expect.objectContaining({ id: "card", status: "success" })]);
  });
});
