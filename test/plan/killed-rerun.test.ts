// A run of a plan's task SIGKILLed right after the model's file was written, before it was checked: the next
// plan run must put the original back first, never take that unchecked file for someone's work.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { cliEnv, killChildren, spawnCli, waitForFile } from "../faults/support.js";

let server: FakeOpenAIServer;
let proj: TempProject;

const md = (s: string) => "````markdown\n" + s + "````\n";
const refuse = () => ({ status: 400, errorBody: { error: { message: "bad request" } } });
const env = (extra: Record<string, string> = {}) => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", ...extra });
const planRun = () => runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home, env: env() });

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  proj.write("docs/guide.md", "# Old guide\n");
  proj.write("plan.yaml", `request: the guide rewritten
tasks:
  - {task_id: draft, owner: local, kind: doc, description: rewrite the guide, output_file: docs/guide.md}
`);
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/**
 * The task run as a child (`run`, the engine a plan step goes through, with the hook that pauses
 * it), SIGKILLed once the model's file is in place and not yet checked.
 */
async function killAfterWrite(): Promise<void> {
  const marker = join(proj.home, "paused");
  server.setScript(() => ({ content: md("# Guide, unchecked\n") }));
  const { child, done } = spawnCli(["run", proj.spec({ task_id: "draft", kind: "doc", description: "rewrite the guide", output_file: "docs/guide.md" })], { cwd: proj.root, env: cliEnv(proj.home, env({ LOCAL_DELEGATE_TEST_PAUSE: `after-write:${marker}` })) });
  const reached = await waitForFile(marker, 15_000);
  child.kill("SIGKILL");
  const r = await done;
  expect(reached, `${r.stdout}${r.stderr}`).toBe(true);
  expect(Number(readFileSync(marker, "utf8"))).toBe(child.pid);
  expect(proj.read("docs/guide.md")).toBe("# Guide, unchecked\n");
}

describe("plan run again after a run was killed mid-write", () => {
  it("puts the original back before judging a task that failed before", async () => {
    server.setScript(refuse);
    expect((await planRun()).json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }] });
    await killAfterWrite();

    server.setScript(refuse);
    const again = await planRun();
    expect(again.json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }] });
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");
  }, 60_000);

  it("puts the original back before judging a task that succeeded before", async () => {
    server.setScript(() => ({ content: md("# Guide\n") }));
    expect((await planRun()).json).toMatchObject({ status: "success" });
    // Put back as it was before the task: it runs again, and is killed mid-write.
    proj.write("docs/guide.md", "# Old guide\n");
    await killAfterWrite();

    server.setScript(refuse);
    const again = await planRun();
    expect(again.json).toMatchObject({ status: "failed", tasks: [{ id: "draft", status: "failed" }] });
    expect(proj.read("docs/guide.md")).toBe("# Old guide\n");
  }, 60_000);

  it("still leaves the file when it was edited after the kill: someone's work, kept", async () => {
    server.setScript(refuse);
    expect((await planRun()).json).toMatchObject({ status: "failed" });
    await killAfterWrite();
    proj.write("docs/guide.md", "# Guide, fixed by hand\n");

    const again = await planRun();
    expect(again.json).toMatchObject({ status: "success", tasks: [{ id: "draft", status: "taken_over" }] });
    expect(proj.read("docs/guide.md")).toBe("# Guide, fixed by hand\n");
  }, 60_000);
});
